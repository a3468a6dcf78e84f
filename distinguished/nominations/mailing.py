"""E-mails about a nomination: the link to its page, the signed tokens of the links sent to people
who may have no account yet (the nominee asked to consent, an invitee asked to endorse), and the
e-mail to its nominator and nominee."""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

from distinguished.notifications import api as notifications

from .models import Nomination

TOKEN_SALT = "distinguished.nominations"


TOKEN_MAX_AGE = 60 * 60 * 24 * 60  # 60 days: longer than any nomination window


def invitation_token(nomination: Nomination, purpose: str, email: str = "") -> str:
    """A signed token for a link: `consent` (to the nominee) or `endorse` (to an invitee)."""
    return signing.dumps(
        {"n": nomination.pk, "p": purpose, "e": email.lower()}, salt=TOKEN_SALT, compress=True
    )


def verify_token(token: str, nomination: Nomination, purpose: str) -> bool:
    try:
        data = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return data.get("n") == nomination.pk and data.get("p") == purpose


def nomination_link(nomination: Nomination, name: str = "nominations:nomination", **query) -> str:
    path = reverse(name, args=[nomination.pk])
    if query:
        path += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return path


def notify_parties(nomination: Nomination, name: str, context: dict, *, skip_user=None) -> None:
    """E-mail the nominator and the nominee (each once), except `skip_user`."""
    addresses = []
    if nomination.nominator_id != getattr(skip_user, "pk", None):
        addresses.append(nomination.nominator.email)
    # The nominee's account is read only when someone is skipped.
    nominee_user = getattr(nomination.nominee, "user", None) if skip_user is not None else None
    if not (nominee_user is not None and nominee_user.pk == skip_user.pk):
        addresses.append(nomination.nominee.email)
    for address in dict.fromkeys(a.lower() for a in addresses if a):
        notifications.notify(
            address, name, {"nomination": nomination, "link": nomination_link(nomination), **context}
        )
