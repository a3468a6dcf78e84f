"""Recording a contribution by hand: its fields checked (a kind of the program, a past date, a
title, an http(s) link, a quantity of at least 0), and who may record it: a member their own, a
program admin anyone's (and then it counts as verified)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit
from distinguished.people.api import is_program_admin
from distinguished.program import api as program

from .models import Contribution

__all__ = ["check_evidence", "record_contribution"]

http_url = URLValidator(schemes=["http", "https"], message=gettext_lazy("Give an http:// or https:// link."))


def check_evidence(*, kind: str, date, title: str, url: str = "", quantity=None) -> dict[str, list[str]]:
    """Field → messages for one piece of evidence or contribution. Empty when it is good."""
    errors: dict[str, list[str]] = {}
    kinds = program.contribution_kind_codes()
    if kind not in kinds:
        errors["kind"] = [
            _("Unknown kind “%(kind)s”; choose one of the program's contribution kinds.") % {"kind": kind}
        ]
    if not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            errors["date"] = [_("“%(date)s” is not a date; use YYYY-MM-DD.") % {"date": date}]
            date = None
    if date is not None and date > timezone.localdate():
        errors["date"] = [_("That date is in the future; record what has happened.")]
    if not (title or "").strip():
        errors["title"] = [_("Give a title.")]
    elif len(title) > 300:
        errors["title"] = [_("Keep the title under 300 characters.")]
    if url:
        try:
            http_url(url)
        except ValidationError as error:
            errors["url"] = list(error.messages)
    if quantity not in (None, ""):
        try:
            number = Decimal(str(quantity))
            if not number.is_finite() or number < 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["quantity"] = [_("The quantity is a number of at least 0.")]
    return errors


def record_contribution(
    *, actor, contributor, kind, date, title, url="", quantity=None, major=False
) -> Contribution:
    """A member records their own contribution; a program admin anyone's (and it counts as verified)."""
    admin = is_program_admin(actor)
    if not admin and getattr(actor, "contributor_id", None) != contributor.pk:
        raise PermissionDenied(_("You may record only your own contributions."))
    errors = check_evidence(kind=kind, date=date, title=title, url=url, quantity=quantity)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contribution = Contribution.objects.create(
            contributor=contributor,
            kind=kind,
            date=date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)),
            title=title.strip(),
            url=url,
            quantity=None if quantity in (None, "") else Decimal(str(quantity)),
            major=bool(major),
            recorded_by=actor,
            verified=admin,
        )
        audit.record(actor=actor, verb="contribution.recorded", obj=contribution)
    return contribution
