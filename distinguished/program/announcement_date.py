"""A cycle's announcement date, brought forward when an admin announces the cohort early.

The program recognizes a cohort on one day: the public announcement says it, the members' terms
start on it and their credentials are valid from it. When an admin announces before the planned
date (with a reason), that day becomes the cycle's announcement date, so the three agree and the
cycle's own page says what happened.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.people.api import is_program_admin

from .models import Cycle
from .timeline import TIMELINE, human, timeline_errors

# The dates before the announcement, latest first: each may have to be pulled back before the next.
_BEFORE = [field for field, _label in TIMELINE if field not in ("announcement_date", "closes_on")][::-1]


def _pulled_back(dates: dict[str, dt.date], day: dt.date) -> dict[str, dt.date]:
    """The timeline with the announcement on `day`: a step still due after it was done earlier (the
    list was signed off before the announcement), so its due date moves back to keep the order —
    approval may end on the day itself, every other step at least a day before the next."""
    moved = {**dates, "announcement_date": day}
    limit = day
    for field in _BEFORE:
        moved[field] = min(moved[field], limit)
        limit = moved[field] - dt.timedelta(days=1)
    return moved


def _early_reason(actor, cycle: Cycle, day: dt.date, reason: str) -> str:
    """The reason, stripped, for announcing the cycle on `day`; refused unless an admin gives one and
    `day` comes before the planned announcement date."""
    if not is_program_admin(actor):
        raise PermissionDenied(_("Only program admins announce a cohort."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"early_reason": [_("Say why the cohort is announced early.")]})
    if day >= cycle.announcement_date:
        raise ValidationError(
            {
                "early_reason": [
                    _("%(cycle)s is announced on %(date)s; that day has come.")
                    % {"cycle": cycle, "date": human(cycle.announcement_date)}
                ]
            }
        )
    return reason


def _timeline_on(cycle: Cycle, dates: dict[str, dt.date], day: dt.date) -> dict[str, dt.date]:
    """The cycle's dates with the announcement on `day` (`_pulled_back`); refused when that
    timeline would not hold."""
    moved = _pulled_back(dates, day)
    errors = timeline_errors(moved)
    if errors:
        raise ValidationError(
            {
                "early_reason": [
                    _("%(cycle)s cannot be announced on %(date)s: its timeline would not hold (%(why)s)")
                    % {
                        "cycle": cycle,
                        "date": human(day),
                        "why": " ".join(message for messages in errors.values() for message in messages),
                    }
                ]
            }
        )
    return moved


def bring_announcement_forward(*, actor, cycle: Cycle, day: dt.date, reason: str) -> dict:
    """Make `day` (before the planned date) the cycle's announcement date; the due dates after it
    move back to it (`_pulled_back`). Audited as `cycle.announcement_brought_forward` with the
    reason and every date changed (before, after). Returns those changes. Call it inside the
    announcement's transaction, the cycle's row locked; `cycle` is updated in place."""
    reason = _early_reason(actor, cycle, day, reason)
    dates = cycle.dates()
    moved = _timeline_on(cycle, dates, day)
    changed = {
        field: [dates[field].isoformat(), moved[field].isoformat()]
        for field, _label in TIMELINE
        if dates[field] != moved[field]
    }
    with transaction.atomic():
        Cycle.objects.filter(pk=cycle.pk).update(**{field: moved[field] for field in changed})
        for field in changed:
            setattr(cycle, field, moved[field])
        audit.record(
            actor=actor,
            verb="cycle.announcement_brought_forward",
            obj=cycle,
            from_state=dates["announcement_date"].isoformat(),
            to_state=day.isoformat(),
            reason=reason,
            data={"changed": changed},
        )
    return changed
