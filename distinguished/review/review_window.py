"""When a panelist may write a review: in the review phase only. Outside it the review page is
read-only and says when reviewing opens (or that it closed), and a review sent anyway is refused
with the same words, nothing saved."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.program import api as program

Phase = program.Phase
BEFORE_REVIEW = (Phase.SETUP, Phase.NOMINATIONS_OPEN, Phase.SCREENING)


def reviews_are_open(cycle) -> bool:
    return cycle.phase == Phase.REVIEW


def review_window_message(cycle, today: dt.date | None = None) -> str | None:
    """Why reviews of the cycle cannot be written now, in words a panelist acts on; None in the
    review phase."""
    phase = cycle.phase
    if phase == Phase.REVIEW:
        return None
    today = today or timezone.localdate()
    if phase in BEFORE_REVIEW:
        opens = cycle.screening_due + dt.timedelta(days=1)
        if opens > today:
            return _(
                "Reviewing for the %(cycle)s opens on %(day)s; until then you may read the nomination, "
                "and the review form is read-only."
            ) % {"cycle": cycle, "day": program.human(opens)}
        return _(
            "Reviewing for the %(cycle)s opens when the chair ends screening; until then you may read the "
            "nomination, and the review form is read-only."
        ) % {"cycle": cycle}
    return _(
        "Reviewing for the %(cycle)s closed on %(day)s; the cycle is in the %(phase)s phase. Reviews are "
        "kept as they were; the form is read-only."
    ) % {"cycle": cycle, "day": program.human(cycle.review_due), "phase": cycle.get_phase_display().lower()}
