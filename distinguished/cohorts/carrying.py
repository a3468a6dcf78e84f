"""Carrying deferred nominations: the nightly job moves those of announced cycles that no later
cycle took yet to the next cycle whose screening is not over, then runs the memberships' lifecycle."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from distinguished.membership import api as membership
from distinguished.nominations import api as nominations

from .models import Announcement
from .outcomes import _next_cycle, _tell_outcome


def carry_deferred(today: dt.date | None = None) -> int:
    """Carry the deferred nominations of announced cycles that no later cycle took yet to the next
    cycle whose screening is not over (the nightly job); e-mails the nominee and nominator.
    Idempotent: a nomination is carried once (`carried_from` is one-to-one). How many moved."""
    today = today or timezone.localdate()
    announced = Announcement.objects.values_list("cycle_id", flat=True)
    moved = 0
    for nomination in nominations.deferred_to_carry(announced):
        target = _next_cycle(nomination.cycle, today)
        if target is None:
            continue
        with transaction.atomic():
            copy = nominations.carry(actor=None, nomination=nomination, to_cycle=target)
            if copy is None:
                continue
            _tell_outcome(
                nomination,
                "nomination_carried",
                {"next_cycle": target, "link": reverse("nominations:nomination", args=[copy.pk])},
            )
        moved += 1
    return moved


def run_lifecycle(today: dt.date | None = None) -> dict:
    """The nightly job: carry deferred nominations, then the memberships' lifecycle (reminders
    before a term ends). A summary of what was done."""
    today = today or timezone.localdate()
    return {"carried": carry_deferred(today), "memberships": membership.run_lifecycle(today)}
