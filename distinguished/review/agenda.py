"""A person's part in the review panels of every cycle, for the navigation and the home page: the
seats they hold and the reviews assigned to them, cycle by cycle. Two queries at any number of
cycles; the seats read are kept on the user object for the rest of the request, so that asking
`review.view_panel` or `review.view_ranking` of each cycle costs nothing more (`rules.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Assignment, PanelSeat
from .rules import remember_seats


@dataclass(frozen=True)
class PanelAgenda:
    """One cycle's review panel as it concerns one person."""

    group: str = ""  # the stakeholder group of their seat; empty when not seated
    chair: bool = False  # they hold the chair's seat
    reviews: int = 0  # live reviews assigned to them
    to_write: int = 0  # of them, not submitted yet

    @property
    def seated(self) -> bool:
        return bool(self.group)


def panel_agenda(user) -> dict[int, PanelAgenda]:
    """Cycle id → the user's PanelAgenda, for every cycle where they hold a seat or reviews."""
    if user is None or not user.is_authenticated:
        return {}
    seats = {
        cycle_id: (group, chair)
        for cycle_id, group, chair in PanelSeat.objects.filter(user_id=user.pk)
        .order_by()
        .values_list("cycle_id", "group__name", "chair")
    }
    remember_seats(user, {cycle_id: chair for cycle_id, (_, chair) in seats.items()})
    reviews = {
        row["cycle_id"]: (row["reviews"], row["to_write"])
        for row in Assignment.objects.filter(panelist_id=user.pk, voided__isnull=True)
        .order_by()
        .values("cycle_id")
        .annotate(
            reviews=Count("pk"),
            to_write=Count("pk", filter=Q(review__isnull=True) | Q(review__submitted__isnull=True)),
        )
    }
    return {
        cycle_id: PanelAgenda(
            group=seats.get(cycle_id, ("", False))[0],
            chair=seats.get(cycle_id, ("", False))[1],
            reviews=reviews.get(cycle_id, (0, 0))[0],
            to_write=reviews.get(cycle_id, (0, 0))[1],
        )
        for cycle_id in seats.keys() | reviews.keys()
    }
