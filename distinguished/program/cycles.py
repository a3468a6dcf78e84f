"""Finding cycles: the list, one by its slug, the one people are working on now, and a cycle's
timeline as the pages show it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from .enums import Phase
from .models import Cycle, CycleProgramTarget, CycleTarget, Program
from .timeline import TIMELINE, human

# What `get_cycle` raises for a slug no cycle has.
CycleNotFound = Cycle.DoesNotExist


def lock_cycle(cycle_id: int) -> Cycle | None:
    """The cycle's row, locked until the caller's transaction ends (None if there is none): the
    lock the steps that happen once per cycle (an announcement, a decision) take."""
    return Cycle.objects.select_for_update().filter(pk=cycle_id).first()


def every_cycle():
    """All cycles of every program, unordered: a queryset for the callers to narrow."""
    return Cycle.objects.all()


def programs():
    """The programs (one in practice), oldest first: a queryset for the callers to narrow."""
    return Program.objects.order_by("id")


def cycles():
    return Cycle.objects.select_related("program").order_by("-nominations_open", "-id")


def cycles_with_targets():
    """The cycles with their targets prefetched: a list costs the same queries at any size."""
    return cycles().prefetch_related(
        Prefetch(
            "targets",
            queryset=CycleTarget.objects.select_related("key_result__track").order_by(
                "key_result__track__position", "key_result__position"
            ),
        ),
        Prefetch(
            "program_targets",
            queryset=CycleProgramTarget.objects.select_related("program_target").order_by(
                "program_target__position"
            ),
        ),
    )


def get_cycle(slug: str) -> Cycle:
    """The cycle of `slug`; CycleNotFound when there is none."""
    return Cycle.objects.select_related("program").get(slug=slug)


def current_cycle(today: dt.date | None = None) -> Cycle | None:
    """The cycle people are working on: the latest one under way, else the next one to open,
    else the most recent."""
    today = today or timezone.localdate()
    all_cycles = list(cycles())
    if not all_cycles:
        return None
    phase = {
        cycle.pk: (Phase(cycle.phase_override) if cycle.phase_override else cycle.phase_by_dates(today))
        for cycle in all_cycles
    }
    under_way = [c for c in all_cycles if phase[c.pk] not in (Phase.SETUP, Phase.CLOSED)]
    if under_way:
        return max(under_way, key=lambda c: c.nominations_open)
    upcoming = [c for c in all_cycles if phase[c.pk] == Phase.SETUP]
    if upcoming:
        return min(upcoming, key=lambda c: c.nominations_open)
    return max(all_cycles, key=lambda c: c.announcement_date)


def describe_dates(cycle: Cycle) -> list[dict]:
    """The timeline for display: label, date, whether that day has passed, and which date comes
    next."""
    today = timezone.localdate()
    steps = [
        {
            "field": field,
            "label": label,
            "date": getattr(cycle, field),
            "human": human(getattr(cycle, field)),
            "past": getattr(cycle, field) < today,
            "next": False,
        }
        for field, label in TIMELINE
    ]
    upcoming = next((step for step in steps if not step["past"]), None)
    if upcoming is not None:
        upcoming["next"] = True
    return steps
