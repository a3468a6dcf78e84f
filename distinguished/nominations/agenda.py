"""A person's part in the nominations of every cycle, for the navigation and the home page: the
nominations they made or received, what waits for them there, and, for whoever screens, the
submitted nominations waiting for screening. One query at any number of cycles."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from . import conflicts
from .enums import OPEN_STATES, State
from .models import Nomination
from .rules import has_screening_role

NOTHING = Q(pk__isnull=True)  # a condition no row meets


@dataclass(frozen=True)
class NominationAgenda:
    """One cycle's nominations as they concern one person."""

    yours: int = 0  # live nominations they made or received
    drafts: int = 0  # drafts they made, not submitted yet
    to_answer: int = 0  # peer nominations of them they have not accepted or declined
    to_screen: int = 0  # submitted nominations waiting for screening (screeners only)


def nomination_agenda(user) -> dict[int, NominationAgenda]:
    """Cycle id → the user's NominationAgenda, for every cycle where they have any."""
    if user is None or not user.is_authenticated:
        return {}
    made = Q(nominator_id=user.pk)
    received = Q(nominee_id=user.contributor_id) if user.contributor_id else NOTHING
    yours = (made | received) & ~Q(state=State.WITHDRAWN)
    waiting = NOTHING
    if has_screening_role(user):
        waiting = Q(state=State.SUBMITTED)
        hidden = conflicts.hidden_from(user)
        if hidden:
            waiting &= ~Q(pk__in=hidden)
    rows = (
        Nomination.objects.filter(yours | waiting)
        .order_by()
        .values("cycle_id")
        .annotate(
            yours=Count("pk", filter=yours),
            drafts=Count("pk", filter=made & Q(state=State.DRAFT)),
            to_answer=Count(
                "pk", filter=received & ~made & Q(nominee_consent__isnull=True, state__in=OPEN_STATES)
            ),
            to_screen=Count("pk", filter=waiting),
        )
    )
    return {
        row["cycle_id"]: NominationAgenda(
            yours=row["yours"], drafts=row["drafts"], to_answer=row["to_answer"], to_screen=row["to_screen"]
        )
        for row in rows
    }
