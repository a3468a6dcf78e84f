"""The day a cohort is announced, and what the announcement settles about each new member.

A cohort is recognized on one day: the public text says it, the terms start on it, the credentials
are valid from it. Announcing before the cycle's announcement date needs a reason; the date then
becomes today (`program.bring_announcement_forward`, audited), so the three still agree. And each
new member's answer to "If selected, list me in the public directory" becomes their listing.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from distinguished.people import api as people
from distinguished.program import api as program

REASON_MAX = 5_000


def early_reason_error(cycle, today: dt.date, reason: str) -> dict:
    """`{"early_reason": [why]}` when announcing today needs a reason that is missing (before the
    cycle's announcement date) or is too long; `{}` when the announcement may go ahead."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        return {"early_reason": [_("Keep the reason under %(max)s characters.") % {"max": f"{REASON_MAX:,}"}]}
    if cycle.announcement_date <= today or reason:
        return {}
    params = {
        "cycle": cycle,
        "date": program.human(cycle.announcement_date),
        "event": cycle.announcement_event,
        "today": program.human(today),
    }
    if cycle.announcement_event:
        message = _(
            "%(cycle)s is to be announced on %(date)s at the %(event)s. To announce it today, %(today)s, "
            "say why: the announcement date then becomes today, and the announcement, the members' terms "
            "and their credentials all start today."
        )
    else:
        message = _(
            "%(cycle)s is to be announced on %(date)s. To announce it today, %(today)s, say why: the "
            "announcement date then becomes today, and the announcement, the members' terms and their "
            "credentials all start today."
        )
    return {"early_reason": [message % params]}


def announce_early(*, actor, cycle, today: dt.date, reason: str) -> str:
    """Before the cycle's announcement date, make today that date (the cycle's row is locked by the
    caller); the reason kept on the announcement, or "" when the day has come."""
    if cycle.announcement_date <= today:
        return ""
    program.bring_announcement_forward(actor=actor, cycle=cycle, day=today, reason=reason)
    return reason.strip()


def apply_listing_answer(*, actor, nomination) -> None:
    """The nominee's answer to the listing question becomes the new member's listing, unless they
    changed it on their profile since (the later word wins); a nomination made before the question
    existed (no answer) leaves the listing as it is."""
    if nomination.list_publicly is None:
        return
    people.apply_listing_answer(
        actor=actor,
        contributor=nomination.nominee,
        listed=nomination.list_publicly,
        answered=nomination.consent_answered or nomination.created,
        reason=f"The nominee's answer when the nomination was accepted ({nomination.cycle}, {nomination.track}).",
    )
