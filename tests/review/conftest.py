"""A cycle in review with a full panel, two nominations and three submitted reviews of each: the
world in which a conflict arises after assignment (tests/review/test_late_conflicts*.py)."""

import dataclasses

import pytest

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Assignment, PanelSeat, Review

from ..factories import ContributorFactory, CycleFactory, UserFactory

SEATS = {"toc": 1, "axim": 2, "core_contributors": 2, "partners": 2, "community_leaders": 2, "bizdev": 1}
AREAS = ["core_platform", "architecture", "open_source_leadership", "problem_solving"]
# Each reviewer's overall score of Ada's and Ben's nominations.
SCORES = {"r1": (5, 1), "r2": (3, 3), "r3": (2, 4)}


@dataclasses.dataclass
class Late:
    cycle: object
    seats: list
    chair: object  # the seated chair (toc)
    co_chair: object  # a second chair seat (bizdev)
    r1: object  # axim: reviews both, conflicted later in the tests
    r2: object  # core contributors
    r3: object  # partners
    ada: object  # a nomination in review
    ben: object
    assignments: dict  # (reviewer name, "ada" | "ben") -> Assignment

    def fresh_cycle(self):
        return program.get_cycle(self.cycle.slug)

    def assignment(self, reviewer: str, nomination: str) -> Assignment:
        return Assignment.objects.get(pk=self.assignments[reviewer, nomination].pk)


def rubric(value: int) -> dict:
    return dict.fromkeys(AREAS, value)


@pytest.fixture
def late(db, admin_user):
    cycle = CycleFactory()
    seats = []
    for group, count in SEATS.items():
        for i in range(count):
            user = UserFactory(
                username=f"{group}-{i}", name=f"{group.title()} {i}", contributor=ContributorFactory()
            )
            seats.append(
                api.seat_panelist(actor=admin_user, cycle=cycle, user=user, group=group, chair=not seats)
            )
    chair, co_chair = seats[0].user, seats[9].user
    PanelSeat.objects.filter(pk=seats[9].pk).update(chair=True)
    for user in (chair, co_chair):
        user.roles.create(role="chair")
    for seat in seats:
        seat.user.roles.create(role="panelist")

    def nomination(name):
        return Nomination.objects.create(
            cycle=cycle,
            track=program.get_track("engineer"),
            nominee=ContributorFactory(name=name),
            nominator=UserFactory(),
            state="in_review",
            statement="x",
        )

    ada, ben = nomination("Ada Nominee"), nomination("Ben Nominee")
    reviewers = {"r1": seats[1].user, "r2": seats[3].user, "r3": seats[5].user}
    assignments = {}
    for name, user in reviewers.items():
        for key, item, value in zip(("ada", "ben"), (ada, ben), SCORES[name], strict=True):
            assignment = Assignment.objects.create(cycle=cycle, nomination=item, panelist=user)
            Review.objects.create(
                assignment=assignment,
                scores=rubric(value),
                recommendation="yes",
                comment=f"{name} on {key}",
                submitted="2026-01-01T00:00Z",
            )
            assignments[name, key] = assignment
    program.override_phase(actor=admin_user, cycle=cycle, phase="review", reason="Test: review")
    return Late(
        cycle=program.get_cycle(cycle.slug),
        seats=seats,
        chair=chair,
        co_chair=co_chair,
        ada=ada,
        ben=ben,
        assignments=assignments,
        **reviewers,
    )


@pytest.fixture
def fresh():
    """The user as a new request loads it (no cached roles or conflicts)."""

    def load(user):
        return type(user).objects.get(pk=user.pk)

    return load


def grow(late, count: int, first: int = 0) -> list:
    """`count` more nominations of the late world's cycle, each reviewed by r1, r2 and r3."""
    items = Nomination.objects.bulk_create(
        Nomination(
            cycle=late.cycle,
            track=program.get_track("engineer"),
            nominee=ContributorFactory(name=f"Grown {first + i:04d}"),
            nominator=UserFactory(),
            state="in_review",
            statement="x",
        )
        for i in range(count)
    )
    for offset, reviewer in enumerate((late.r1, late.r2, late.r3)):
        assignments = Assignment.objects.bulk_create(
            Assignment(cycle=late.cycle, nomination=item, panelist=reviewer) for item in items
        )
        Review.objects.bulk_create(
            Review(assignment=a, scores=rubric(1 + (i * 7 + offset * 3) % 5), submitted="2026-01-01T00:00Z")
            for i, a in enumerate(assignments)
        )
    return items
