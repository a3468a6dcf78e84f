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
    problems = {
        "kind": _kind_problems(kind),
        "date": _date_problems(date),
        "title": _title_problems(title),
        "url": _url_problems(url),
        "quantity": _quantity_problems(quantity),
    }
    return {field: messages for field, messages in problems.items() if messages}


def _kind_problems(kind: str) -> list[str]:
    """Why `kind` is not one of the program's contribution kinds, if it is not."""
    if kind in program.contribution_kind_codes():
        return []
    return [_("Unknown kind “%(kind)s”; choose one of the program's contribution kinds.") % {"kind": kind}]


def _date_problems(date) -> list[str]:
    """Why `date` (a date or its ISO text) is not a day that has happened, if it is not."""
    if not isinstance(date, dt.date):
        try:
            date = dt.date.fromisoformat(str(date))
        except ValueError:
            return [_("“%(date)s” is not a date; use YYYY-MM-DD.") % {"date": date}]
    if date > timezone.localdate():
        return [_("That date is in the future; record what has happened.")]
    return []


def _title_problems(title: str) -> list[str]:
    """Why the title is missing or too long, if it is."""
    if not (title or "").strip():
        return [_("Give a title.")]
    if len(title) > 300:
        return [_("Keep the title under 300 characters.")]
    return []


def _url_problems(url: str) -> list[str]:
    """Why a link given is not an http(s) link, if it is not."""
    if not url:
        return []
    try:
        http_url(url)
    except ValidationError as error:
        return list(error.messages)
    return []


def _quantity_problems(quantity) -> list[str]:
    """Why a quantity given is not a number of at least 0, if it is not."""
    if quantity in (None, ""):
        return []
    try:
        number = Decimal(str(quantity))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number < 0:
        return [_("The quantity is a number of at least 0.")]
    return []


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
