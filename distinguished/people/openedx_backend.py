"""'Sign in with Open edX': the LMS's OAuth2 authorization-code flow through edx-auth-backends'
EdXOAuth2 backend (as Credentials, Discovery and the other Open edX services sign people in), and the
pipeline step that finds, links or creates the account here (decision 0017).

EdXOAuth2 asks the LMS for a JWT access token and reads the person from its claims. This backend also
asks the LMS's user API, with that token, who the person is (`/api/user/v1/me`) and for their account
(`/api/user/v1/accounts/{username}`): its `is_active` says whether the e-mail is verified, the one
thing the link by e-mail rests on. The LMS's `administrator` and `superuser` claims are dropped:
roles are this app's."""

from urllib.parse import quote

from auth_backends.backends import EdXOAuth2
from social_core.exceptions import AuthPolicyError, AuthResponseError

from . import api


class UnverifiedEmail(AuthPolicyError):
    """The LMS has not verified the e-mail of an account that is not linked here yet."""

    default_code = "email_verification_rejected"


class DisabledAccount(AuthPolicyError):
    """The account here that the LMS account is linked to is disabled."""

    default_code = "membership_required"


class OpenEdxOAuth2(EdXOAuth2):
    name = "edx-oauth2"
    # The LMS (django-oauth-toolkit) sends `state` back; no copy of it in the redirect URI, which then
    # is exactly the one registered with the LMS's OAuth2 application.
    REDIRECT_STATE = False

    def user_data(self, access_token, *args, **kwargs):
        claims = super().user_data(access_token, *args, **kwargs)
        root = self.setting("URL_ROOT")
        headers = {"Authorization": f"JWT {access_token}"}
        me = self.get_json(f"{root}/api/user/v1/me", headers=headers)
        username = me.get("username") if isinstance(me, dict) else None
        if not isinstance(username, str) or not username:
            raise AuthResponseError(self, claim="username", code="missing_claim", stage="user_data")
        account = self.get_json(f"{root}/api/user/v1/accounts/{quote(username, safe='')}", headers=headers)
        if not isinstance(account, dict) or account.get("username") != username:
            raise AuthResponseError(self, claim="username", code="missing_claim", stage="user_data")
        return {
            "user_id": claims.get("user_id"),
            "preferred_username": username,
            "email": account.get("email") or "",
            "name": account.get("name") or claims.get("name") or "",
            # The LMS activates an account when its owner follows the link sent to its e-mail.
            "email_verified": account.get("is_active") is True,
        }

    def get_user_details(self, response):
        details = super().get_user_details(response)
        details.pop("is_staff", None)
        details.pop("is_superuser", None)
        return details


def link_or_create_account(backend, uid, details, response, *args, **kwargs):
    """Pipeline step: the account here of the LMS account `uid` (people.api.account_for_lms_user)."""
    if backend.name != OpenEdxOAuth2.name:
        return None
    account = api.LmsAccount.from_claims(uid, {**response, "email": details.get("email") or ""})
    try:
        user, created = api.account_for_lms_user(account)
    except api.EmailNotVerified:
        raise UnverifiedEmail(backend) from None
    if not user.is_active:
        raise DisabledAccount(backend)
    social = backend.strategy.storage.user.get_social_auth(backend.name, uid)
    return {"user": user, "social": social, "is_new": created}
