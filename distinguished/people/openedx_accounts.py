"""The account of a person who signs in with Open edX (the LMS's OAuth2 sign-in) or whose service
calls the API with a JWT the LMS issued: the same lookup for both (decision 0017).

An LMS account is known here by its LMS username (the `uid` of a social-auth link, provider
"edx-oauth2", as the other Open edX services record it). The first time an LMS account arrives:
- its e-mail, when the LMS says it is verified, links it to the one active account here with that
  e-mail verified here too (`User.email_verified`: made by a program admin, or its holder followed a
  link sent there) that has no Open edX link yet; never to a sign-up's unproven address, which
  anyone could have typed;
- a disabled account here with that e-mail refuses it: a person disabled here does not come back
  as someone new;
- otherwise a new account is created (username the LMS username, or the first free variant of it),
  with no usable password and no role: roles are this app's, never taken from the LMS;
- an LMS account whose e-mail is not verified is refused (`EmailNotVerified`): an unverified
  address must not become the address the program writes to, nor claim a profile later.
Both the link and the creation are audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from social_django.models import UserSocialAuth

from distinguished.audit import api as audit

from .models import User

PROVIDER = "edx-oauth2"


class EmailNotVerified(Exception):
    """The LMS account's e-mail is not verified, and the account is not linked here yet."""


@dataclass(frozen=True)
class LmsAccount:
    """What the LMS says about the person: from its user API at sign-in, or a JWT's claims."""

    username: str
    email: str = ""
    email_verified: bool = False
    name: str = ""
    user_id: int | None = None

    @classmethod
    def from_claims(cls, username: str, claims: dict) -> LmsAccount:
        """From the LMS user API's answer or a JWT's payload (the same claim names)."""
        return cls(
            username=username,
            email=claims.get("email") or "",
            email_verified=claims.get("email_verified") is True,
            name=claims.get("name") or "",
            user_id=claims.get("user_id"),
        )


def linked_user(lms_username: str) -> User | None:
    link = UserSocialAuth.objects.select_related("user").filter(provider=PROVIDER, uid=lms_username).first()
    return link.user if link else None


def account_for_lms_user(account: LmsAccount) -> tuple[User, bool]:
    """The account here of this LMS account, linked or created on its first arrival; and whether it
    was created now. Raises EmailNotVerified for a new arrival whose e-mail the LMS has not verified."""
    user = linked_user(account.username)
    if user is not None:
        return user, False
    if not (account.email_verified and account.email):
        raise EmailNotVerified(account.username)
    try:
        with transaction.atomic():
            return _link_or_create(account)
    except IntegrityError:
        # Two first sign-ins of the same LMS account at once: the other one linked it.
        user = linked_user(account.username)
        if user is None:
            raise
        return user, False


def _link_or_create(account: LmsAccount) -> tuple[User, bool]:
    same_email = (
        User.objects.select_for_update()
        .filter(email__iexact=account.email)
        .exclude(social_auth__provider=PROVIDER)
    )
    disabled = same_email.filter(is_active=False).first()
    if disabled is not None:
        # Someone disabled here does not come back as someone new: the caller refuses the account.
        return disabled, False
    # Only an address proven here too: a sign-up's address is anyone's word.
    matches = list(same_email.filter(is_active=True, email_verified=True)[:2])
    data = {"lms_username": account.username, "lms_user_id": account.user_id}
    if len(matches) == 1:
        user, created = matches[0], False
        audit.record(
            actor=user, verb="user.linked_to_openedx", obj=user, to_state=account.username, data=data
        )
    else:
        user = User(
            username=_free_username(account.username),
            email=account.email,
            name=account.name[:200],
            email_verified=True,  # the LMS verified it
        )
        user.set_unusable_password()
        user.save()
        created = True
        audit.record(
            actor=user, verb="user.signed_up_with_openedx", obj=user, to_state=account.username, data=data
        )
    UserSocialAuth.objects.create(
        user=user, provider=PROVIDER, uid=account.username, extra_data={"user_id": account.user_id}
    )
    return user, created


def _free_username(lms_username: str) -> str:
    """The LMS username if no account here has it (case-insensitively), else its first free
    variant: a local account of the same name may be someone else."""
    base = lms_username[:140]
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list("username", flat=True)
    }
    if base.lower() not in taken:
        return base
    number = 2
    while f"{base}-{number}".lower() in taken:
        number += 1
    return f"{base}-{number}"
