"""When a panelist may write a review: in the review phase only. Outside it the review page is
read-only and says when reviewing opens (or that it closed), and a review sent anyway is refused
with the same words, nothing saved."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

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
        when = f"on {program.human(opens)}" if opens > today else "when the chair ends screening"
        return (
            f"Reviewing for the {cycle} opens {when}; until then you may read the nomination, "
            "and the review form is read-only."
        )
    return (
        f"Reviewing for the {cycle} closed on {program.human(cycle.review_due)}; the cycle is in the "
        f"{cycle.get_phase_display().lower()} phase. Reviews are kept as they were; the form is read-only."
    )
