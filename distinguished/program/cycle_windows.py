"""Several cycles at once: which cycles take nominations today, and whose nomination windows
overlap. Overlapping windows are allowed (a new cycle may open before the last one closes); the
admin is warned, and the nomination form asks nominators which open cycle they mean."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import Phase
from .models import Cycle
from .timeline import human


def phase_of(cycle: Cycle, today: dt.date) -> Phase:
    """The cycle's phase on `today`: an admin's override, else its dates."""
    return Phase(cycle.phase_override) if cycle.phase_override else cycle.phase_by_dates(today)


def open_cycles(today: dt.date | None = None) -> list[Cycle]:
    """The cycles open for nominations today (by their dates or an admin's override), the one
    closing first first. One query."""
    today = today or timezone.localdate()
    return [
        cycle
        for cycle in Cycle.objects.select_related("program").order_by("nominations_close", "id")
        if phase_of(cycle, today) == Phase.NOMINATIONS_OPEN
    ]


def next_opening(today: dt.date | None = None) -> Cycle | None:
    """The cycle whose nominations open next (still in setup), if any."""
    today = today or timezone.localdate()
    upcoming = Cycle.objects.filter(nominations_open__gt=today, phase_override="").order_by(
        "nominations_open"
    )
    return upcoming.select_related("program").first()


def windows_overlap(a: Cycle, b: Cycle) -> bool:
    """Whether two cycles take nominations on a common day (each window includes both ends)."""
    return a.nominations_open <= b.nominations_close and b.nominations_open <= a.nominations_close


def overlapping_cycles(cycle: Cycle) -> list[Cycle]:
    """The other cycles whose nomination window shares a day with this cycle's. One query."""
    return list(
        Cycle.objects.exclude(pk=cycle.pk)
        .filter(nominations_open__lte=cycle.nominations_close, nominations_close__gte=cycle.nominations_open)
        .order_by("nominations_open", "id")
    )


def _window(cycle: Cycle) -> str:
    return f"{human(cycle.nominations_open)} – {human(cycle.nominations_close)}"


def overlap_warnings(cycle: Cycle) -> list[str]:
    """One sentence per cycle whose nomination window overlaps this one's, naming it and both
    windows; empty when none does."""
    return [
        _(
            "The nomination window of %(cycle)s (%(window)s) overlaps that of %(other)s (%(other_window)s): "
            "while both are open, the nomination form asks nominators which cycle they nominate for."
        )
        % {"cycle": cycle.name, "window": _window(cycle), "other": other.name, "other_window": _window(other)}
        for other in overlapping_cycles(cycle)
    ]
