"""Dates as the importers meet them: the times GitHub and Discourse send, the local day a
contribution counts on, and the YYYY-MM-DD a command or a page gives."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _


def parse_timestamp(value: str) -> dt.datetime:
    """An ISO 8601 time as GitHub and Discourse send it ("2024-03-05T10:00:00Z", "…000Z")."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def iso_date(value) -> str | None:
    """A date given on the command line or by a page, as YYYY-MM-DD (None when not given)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": value}) from None


def local_date(value: str) -> dt.date:
    moment = parse_timestamp(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return timezone.localtime(moment).date()
