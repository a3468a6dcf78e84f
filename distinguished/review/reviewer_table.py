"""Who reviews what: after assignment the chair follows, nomination by nomination, who reviews it
and how far each review is, and each panelist's load. A nomination a conflict of interest hides
from the viewer is left out (and counted), as everywhere on the panel."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from distinguished.nominations import api as nominations

from .conflicts import conflicts_of, conflicts_seen_by
from .enums import ReviewStatus
from .models import Assignment, PanelSeat


@dataclasses.dataclass(frozen=True)
class Reviewer:
    assignment_id: int
    panelist_id: int
    name: str
    group: object | None  # the PanelGroup of their seat; None once unseated
    status: ReviewStatus
    submitted: object | None  # when the review was submitted
    by_hand: bool

    @property
    def status_label(self) -> str:
        return self.status.label


@dataclasses.dataclass(frozen=True)
class Row:
    nomination: object
    reviewers: list[Reviewer]

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.reviewers if r.status == ReviewStatus.SUBMITTED)


@dataclasses.dataclass(frozen=True)
class Load:
    panelist_id: int
    name: str
    group: object | None
    assigned: int
    submitted: int


def review_status(assignment) -> ReviewStatus:
    """Where an assignment's review stands: not started, a draft, or submitted."""
    review = getattr(assignment, "review", None)
    if review is None:
        return ReviewStatus.NOT_STARTED
    return ReviewStatus.SUBMITTED if review.submitted else ReviewStatus.DRAFT


def who_reviews_what(cycle, *, viewer) -> dict:
    """{rows: [Row] (every reviewable nomination, with no reviewer yet too), loads: [Load] per
    seated or assigned panelist, handled_elsewhere: nominations hidden from the viewer}, for the
    chair and program admins (`review.view_reviewers`). The queries do not grow with the rows."""
    if not viewer.has_perm("review.view_reviewers", cycle):
        raise PermissionDenied(_("Only the chair and program admins see who reviews what."))
    reviewable = list(nominations.nominations_for_review(cycle))
    seen = conflicts_seen_by(cycle, viewer, rows=conflicts_of(cycle, items=reviewable))
    items = [n for n in reviewable if n.pk not in seen["hidden"]]
    seats = {
        seat.user_id: seat
        for seat in PanelSeat.objects.filter(cycle=cycle)
        .select_related("user", "group")
        .order_by("group__position", "id")
    }
    by_nomination = _reviewers_by_nomination(cycle, items, seats)
    rows = [Row(nomination=n, reviewers=by_nomination.get(n.pk, [])) for n in items]
    return {"rows": rows, "loads": _loads(rows, seats), "handled_elsewhere": seen["handled_elsewhere"]}


def _reviewers_by_nomination(cycle, items: list, seats: dict) -> dict[int, list[Reviewer]]:
    """{nomination id: its live assignments as Reviewers, in the order they were made}, for the
    nominations `items`; `seats` the panel's {user id: seat}."""
    by_nomination = defaultdict(list)
    assignments = (
        Assignment.objects.filter(cycle=cycle, voided__isnull=True, nomination_id__in=[n.pk for n in items])
        .select_related("panelist", "review")
        .order_by("nomination_id", "id")
    )
    for assignment in assignments:
        seat = seats.get(assignment.panelist_id)
        review = getattr(assignment, "review", None)
        by_nomination[assignment.nomination_id].append(
            Reviewer(
                assignment_id=assignment.pk,
                panelist_id=assignment.panelist_id,
                name=assignment.panelist.display_name,
                group=seat.group if seat else None,
                status=review_status(assignment),
                submitted=review.submitted if review is not None else None,
                by_hand=assignment.by_hand,
            )
        )
    return by_nomination


def _loads(rows: list[Row], seats: dict) -> list[Load]:
    """Each panelist's load: every seat (in the panel's order), then anyone else assigned (an
    unseated reviewer), with how many they review and how many they submitted."""
    counts: dict[int, list[int]] = {user_id: [0, 0] for user_id in seats}
    names = {user_id: seat.user.display_name for user_id, seat in seats.items()}
    for row in rows:
        for reviewer in row.reviewers:
            count = counts.setdefault(reviewer.panelist_id, [0, 0])
            names.setdefault(reviewer.panelist_id, reviewer.name)
            count[0] += 1
            count[1] += reviewer.status == ReviewStatus.SUBMITTED
    return [
        Load(
            panelist_id=user_id,
            name=names[user_id],
            group=seats[user_id].group if user_id in seats else None,
            assigned=assigned,
            submitted=submitted,
        )
        for user_id, (assigned, submitted) in counts.items()
    ]
