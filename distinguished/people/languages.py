"""The language a person reads the site and their e-mails in (issue 17, decision 0018): one of
settings.LANGUAGES, saved on their account when they pick it in the footer or through the API, and
applied on every request once they are signed in (`middleware.SavedLanguage`)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from distinguished.audit import api as audit

from .models import User


def offered_languages() -> dict[str, str]:
    """{code: the language's name in itself} of every language the site is offered in."""
    return dict(settings.LANGUAGES)


def check_language(code: str, *, allow_none: bool = False) -> str:
    """`code` if the site is offered in it (or "", no choice, when `allow_none`); else a
    ValidationError naming the ones it is."""
    offered = offered_languages()
    if code not in offered and not (allow_none and code == ""):
        message = _("“%(code)s” is not a language of this site; choose one of: %(codes)s.")
        raise ValidationError({"language": [message % {"code": code, "codes": ", ".join(offered)}]})
    return code


def choose_language(user: User, code: str) -> bool:
    """Save `code` as the language `user` reads in (they choose for themselves only; "" takes the
    choice back: their browser's again, e-mails in the site's default); audited. Whether it changed."""
    check_language(code, allow_none=True)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.language == code:
            return False
        previous = locked.language
        locked.language = code
        locked.save(update_fields=["language"])
        audit.record(actor=user, verb="user.language_chosen", obj=locked, from_state=previous, to_state=code)
    user.language = code
    return True


def language_of(user) -> str:
    """The saved language of a signed-in `user` if the site still offers it, else ""."""
    code = getattr(user, "language", "") or ""
    return code if code in offered_languages() else ""


def languages_of_addresses(addresses: list[str]) -> dict[str, str]:
    """{address: language} of those of `addresses` whose account chose a language the site offers
    (an address matches its account's whatever the letters' case). One query."""
    wanted = {address.lower(): address for address in addresses}
    offered = offered_languages()
    rows = (
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=wanted, is_active=True)
        .exclude(language="")
        .values_list("address", "language")
    )
    return {wanted[address]: code for address, code in rows if code in offered}
