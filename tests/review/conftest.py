"""The worlds the review tests share: a full panel (`seat_full_panel`); a cycle in review with
a full panel, two nominations and three submitted reviews of each, in which a conflict arises after
assignment (`late`, tests/review/test_late_conflicts*.py); a cycle in deliberation (`make_world`,
tests/review/test_deliberation*.py) and the steps its tests take."""

import dataclasses
from types import SimpleNamespace

import pytest

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api as nominations
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Assignment, PanelSeat, Vote

from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    CycleFactory,
    EndorsementFactory,
    NominationFactory,
    ReviewFactory,
    UserFactory,
    UserRoleFactory,
)

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


def seat_full_panel(actor, cycle):
    """Ten panelists seated by `actor` in every stakeholder group, the first seat the chair's."""
    seats = []
    for group, n in SEATS.items():
        for i in range(n):
            user = UserFactory(username=f"{group}-{i}", contributor=ContributorFactory())
            seats.append(api.seat_panelist(actor=actor, cycle=cycle, user=user, group=group, chair=not seats))
    return seats


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
        UserRoleFactory(user=user, role="chair")
    for seat in seats:
        UserRoleFactory(user=seat.user, role="panelist")

    ada, ben = (
        NominationFactory(cycle=cycle, nominee=ContributorFactory(name=name), statement="x")
        for name in ("Ada Nominee", "Ben Nominee")
    )
    reviewers = {"r1": seats[1].user, "r2": seats[3].user, "r3": seats[5].user}
    assignments = {}
    for name, user in reviewers.items():
        for key, item, value in zip(("ada", "ben"), (ada, ben), SCORES[name], strict=True):
            assignment = AssignmentFactory(cycle=cycle, nomination=item, panelist=user)
            ReviewFactory(
                assignment=assignment, score=value, recommendation="yes", comment=f"{name} on {key}"
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
    items = [
        NominationFactory(
            cycle=late.cycle, nominee=ContributorFactory(name=f"Grown {first + i:04d}"), statement="x"
        )
        for i in range(count)
    ]
    for offset, reviewer in enumerate((late.r1, late.r2, late.r3)):
        for i, item in enumerate(items):
            ReviewFactory(
                assignment=AssignmentFactory(nomination=item, panelist=reviewer),
                scores=rubric(1 + (i * 7 + offset * 3) % 5),
                recommendation="",
                comment="",
            )
    return items


# --- Deliberation ------------------------------------------------------------------------------

RATIONALE = "PANEL-ONLY: strong reviews, the key results are all met."
FEEDBACK = "Show a year of maintainer work and come back."


def in_review(cycle, name, *, state="in_review", nominator=None):
    return NominationFactory(
        cycle=cycle,
        nominee=ContributorFactory(name=name),
        nominator=nominator or UserFactory(),
        state=state,
        statement=f"Why {name}.",
        submitted=None,
    )


def review(cycle, nomination, panelist, score, comment=""):
    return ReviewFactory(
        assignment=AssignmentFactory(cycle=cycle, nomination=nomination, panelist=panelist),
        score=score,
        comment=comment,
    )


def make_world(admin_user):
    """A cycle in deliberation with a full panel of 10 (the first seat is the chair's), three
    nominations in review — Ana and Bo reviewed, Cy not — and the last panelist conflicted with Ana."""
    cycle = CycleFactory()
    seats = seat_full_panel(admin_user, cycle)
    panel = [seat.user for seat in seats]
    ana, bo, cy = (in_review(cycle, name) for name in ("Ana Lima", "Bo Chen", "Cy Diallo"))
    review(cycle, ana, panel[1], 5, "REVIEW-ANA-1: outstanding maintainer.")
    review(cycle, ana, panel[2], 4, "REVIEW-ANA-2: strong.")
    review(cycle, bo, panel[1], 3, "REVIEW-BO-1: solid.")
    review(cycle, bo, panel[2], 2, "REVIEW-BO-2: thin evidence.")
    EndorsementFactory(nomination=ana, statement="ENDORSEMENT-ANA: she reviews every XBlock PR.")
    conflicted = panel[9]
    api.declare_conflict(actor=conflicted, cycle=cycle, nomination=ana, reason="My former manager.")
    program.override_phase(actor=admin_user, cycle=cycle, phase="deliberation", reason="The meeting.")
    return SimpleNamespace(
        admin=admin_user,
        cycle=program.get_cycle(cycle.slug),
        seats=seats,
        panel=panel,
        chair=panel[0],
        conflicted=conflicted,
        ana=ana,
        bo=bo,
        cy=cy,
    )


def fresh_nomination(nomination):
    """The nomination as a new request would load it."""
    return nominations.get_nomination(nomination.pk)


def cast(world, nomination, choices):
    """The panelists without a conflict vote `choices` in seat order, the chair first."""
    voters = [user for user in world.panel if not api.is_conflicted(user, nomination)]
    for user, choice in zip(voters, choices, strict=False):
        api.cast_vote(actor=user, nomination=fresh_nomination(nomination), vote=choice)


def set_phase(world, phase):
    program.override_phase(actor=world.admin, cycle=world.cycle, phase=phase, reason="Test.")


def state_of(nomination=None):
    """Everything a refusal must leave alone: the votes, the audit trail and the decision."""
    votes = sorted(Vote.objects.values_list("nomination_id", "panelist_id", "vote"))
    trail = AuditEvent.objects.count()
    if nomination is None:
        return votes, trail
    n = Nomination.objects.get(pk=nomination.pk)
    return votes, trail, (n.state, n.decided, n.decided_by_id, n.decision_rationale, n.decision_feedback)


def add_decided_nominations(world, count):
    """`count` more nominations in review, each reviewed, endorsed and voted on; the first and
    every other one decided."""
    for i in range(count):
        nomination = in_review(world.cycle, f"Extra Nominee {i}")
        review(world.cycle, nomination, world.panel[3], 2 + i % 4, f"Extra review {i}.")
        EndorsementFactory(nomination=nomination, relationship="Peer", statement=f"Extra endorsement {i}.")
        cast(world, nomination, ["select"] * 5)
        if i % 2 == 0:
            api.record_decision(
                actor=world.chair, nomination=fresh_nomination(nomination), outcome="selected", rationale="R"
            )
