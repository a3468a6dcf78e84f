"""`Authorization: JWT <token>` on the REST API: a JWT the Open edX LMS issued, as the other Open
edX services accept it (edx-drf-extensions' JwtAuthentication, decision 0017).

edx-drf-extensions checks the signature against the LMS's public keys (JWT_PUBLIC_SIGNING_JWK_SET;
RS256/RS512 only, so `none` and HS256 are refused), the expiry, the audience and the issuer. This
class adds what this app needs:
- no keys configured, no JWT: edx-drf-extensions would find nothing to check the signature with
  and go on, so without keys a JWT is not looked at (and the request is not signed in);
- the person is found the way the Open edX sign-in finds them (people.api.account_for_lms_user):
  by the LMS username, a first arrival linked by e-mail only when the token says it is verified;
  nothing in the token changes the account (no e-mail, no is_staff from `administrator`);
- a token issued to a restricted application (`is_restricted`) is refused;
- the answer is in the language the person saved (authentication.py).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from edx_rest_framework_extensions.auth.jwt.authentication import JwtAuthentication
from rest_framework import exceptions

from distinguished.people import api

from .authentication import in_saved_language


def keys_configured() -> bool:
    return bool(getattr(settings, "JWT_AUTH", {}).get("JWT_PUBLIC_SIGNING_JWK_SET"))


class LmsJwtAuthentication(JwtAuthentication):
    www_authenticate_realm = "api"

    def authenticate(self, request):
        if not keys_configured():
            return None
        return in_saved_language(request, super().authenticate(request))

    def authenticate_credentials(self, payload):
        username = payload.get("preferred_username") or payload.get("username")
        if not isinstance(username, str) or not username:
            raise exceptions.AuthenticationFailed(_("The token names no user (preferred_username)."))
        if payload.get("is_restricted"):
            raise exceptions.AuthenticationFailed(_("Tokens of restricted applications are not accepted."))
        account = api.LmsAccount.from_claims(username, payload)
        try:
            user, _created = api.account_for_lms_user(account)
        except api.EmailNotVerified:
            raise exceptions.AuthenticationFailed(
                _("This Open edX account's e-mail is not verified: verify it on Open edX first.")
            ) from None
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        return user


class LmsJwtScheme(OpenApiAuthenticationExtension):
    """The scheme in the API schema: `Authorization: JWT <token>` (not HTTP bearer: the Open edX
    prefix)."""

    target_class = LmsJwtAuthentication
    name = "openEdxJwt"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A JWT the Open edX LMS issued, as `JWT <token>`.",
        }
