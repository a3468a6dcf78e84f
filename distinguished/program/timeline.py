"""A cycle's timeline: the order of its dates, and the phase a given day falls in.

Each date is the last day of its phase ("nominations close on 15 April" accepts nominations
on 15 April). A cycle closes `CLOSE_AFTER_DAYS` after its announcement unless it names its
own closing day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .enums import Phase

CLOSE_AFTER_DAYS = 30

# (field, label) in the order the dates must come.
TIMELINE = (
    ("nominations_open", gettext_lazy("Nominations open")),
    ("nominations_close", gettext_lazy("Nominations close")),
    ("screening_due", gettext_lazy("Screening ends")),
    ("review_due", gettext_lazy("Review ends")),
    ("deliberation_due", gettext_lazy("Deliberation ends")),
    ("approval_due", gettext_lazy("Approval ends")),
    ("announcement_date", gettext_lazy("Announcement")),
    ("closes_on", gettext_lazy("Cycle closes")),
)
LABELS = dict(TIMELINE)
# The announcement may fall on the day approval ends, and a cycle may close the day it is
# announced; every other phase lasts at least one day.
SAME_DAY_ALLOWED = {"announcement_date", "closes_on"}
# The years a cycle's dates may fall in: the program began in 2025, and the date arithmetic after
# them (key-result windows in months, terms in years) must stay inside what a date can hold.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def human(day: dt.date) -> str:
    return date_format(day)


def default_closing(announcement_date: dt.date) -> dt.date:
    if announcement_date > LATEST:
        return announcement_date  # refused by timeline_errors; adding days could overflow a date
    return announcement_date + dt.timedelta(days=CLOSE_AFTER_DAYS)


def timeline_errors(dates: Mapping[str, dt.date | None]) -> dict[str, list[str]]:
    """Field → messages for every missing or out-of-order date. Empty when the timeline is good."""
    errors: dict[str, list[str]] = {}
    previous_field = None
    for field, label in TIMELINE:
        day = dates.get(field)
        if day is None:
            if field != "closes_on":
                errors[field] = [_("%(label)s: give a date.") % {"label": label}]
            continue
        if not EARLIEST <= day <= LATEST:
            errors[field] = [
                _("%(label)s (%(day)s): give a date from %(first)s to %(last)s.")
                % {"label": label, "day": human(day), "first": EARLIEST.year, "last": LATEST.year}
            ]
            previous_field = None  # an order against an impossible date says nothing more
            continue
        if previous_field is not None and dates.get(previous_field) is not None:
            before = dates[previous_field]
            too_early = day < before if field in SAME_DAY_ALLOWED else day <= before
            if too_early:
                sentence = (
                    _("%(label)s (%(day)s) must come on or after %(previous)s (%(before)s).")
                    if field in SAME_DAY_ALLOWED
                    else _("%(label)s (%(day)s) must come after %(previous)s (%(before)s).")
                )
                params = {
                    "label": label,
                    "day": human(day),
                    "previous": LABELS[previous_field].lower(),
                    "before": human(before),
                }
                errors[field] = [sentence % params]
        previous_field = field
    return errors


def phase_on(dates: Mapping[str, dt.date], day: dt.date) -> Phase:
    """The phase that `day` falls in, from the dates alone."""
    closes_on = dates.get("closes_on") or default_closing(dates["announcement_date"])
    if day < dates["nominations_open"]:
        return Phase.SETUP
    if day <= dates["nominations_close"]:
        return Phase.NOMINATIONS_OPEN
    if day <= dates["screening_due"]:
        return Phase.SCREENING
    if day <= dates["review_due"]:
        return Phase.REVIEW
    if day <= dates["deliberation_due"]:
        return Phase.DELIBERATION
    if day < dates["announcement_date"]:
        return Phase.APPROVAL
    if day <= closes_on:
        return Phase.ANNOUNCED
    return Phase.CLOSED
