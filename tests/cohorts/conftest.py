"""A decided 2025 cycle (the shipped one: Open edX Conference, Paris, 1 July 2025) on a frozen
clock in its approval phase, and helpers to make decided nominations.

Decided nominations are written through their state fields directly: deliberation (review.api)
is tested in tests/review; here only what comes after it matters."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.program.models import Cycle

from ..factories import (
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    EndorsementFactory,
    EvidenceFactory,
    UserFactory,
)

APPROVAL_DAY = dt.datetime(2025, 6, 10, 12, 0, tzinfo=dt.UTC)
ANNOUNCEMENT_DAY = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)
DELIBERATION_DAY = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
RATIONALE = "INTERNAL-RATIONALE: two panelists doubt the numbers"


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def clock():
    """The clock stands on 10 June 2025: the 2025 cycle is in its approval phase."""
    with at(APPROVAL_DAY) as traveller:
        yield traveller


@pytest.fixture
def cycle(db, clock):
    cycle = program.get_cycle("2025")
    assert cycle.phase == program.Phase.APPROVAL
    return cycle


def next_cycle(slug="2026", opens=dt.date(2026, 3, 16)) -> Cycle:
    return CycleFactory(
        slug=slug,
        name=f"{slug} cohort",
        nominations_open=opens,
        nominations_close=opens + dt.timedelta(days=30),
        screening_due=opens + dt.timedelta(days=45),
        review_due=opens + dt.timedelta(days=68),
        deliberation_due=opens + dt.timedelta(days=82),
        approval_due=opens + dt.timedelta(days=92),
        announcement_date=opens + dt.timedelta(days=107),
    )


def decided(
    cycle,
    name: str,
    state: str,
    *,
    track: str = "engineer",
    listed: bool = True,
    feedback: str = "",
    nominator=None,
    email: str = "",
    chair=None,
) -> Nomination:
    """A nomination of a new contributor `name`, decided (or left undecided) in `state`."""
    nominee = ContributorFactory(
        name=name,
        email=email or f"{name.lower().replace(' ', '.')}@example.org",
        listed_publicly=listed,
    )
    is_decided = state not in ("eligible", "in_review")
    return DraftNominationFactory(
        cycle=cycle,
        track=program.get_track(track),
        nominee=nominee,
        nominator=nominator or UserFactory(),
        statement=f"Why {name}.",
        nominee_consent=True,
        state=state,
        submitted=timezone.now() - dt.timedelta(days=80),
        decided=timezone.now() - dt.timedelta(days=5) if is_decided else None,
        decided_by=chair if is_decided else None,
        decision_rationale=f"{RATIONALE} ({name})" if is_decided else "",
        decision_feedback=feedback,
    )


def with_evidence_and_endorsements(nomination: Nomination, endorsers: int = 2) -> Nomination:
    EvidenceFactory(
        nomination=nomination,
        kind="pull_request",
        date=dt.date(2024, 11, 2),
        title="Faster grading",
        url="https://github.com/openedx/edx-platform/pull/1",
    )
    for i in range(endorsers):
        EndorsementFactory(
            nomination=nomination,
            endorser=UserFactory(contributor=ContributorFactory()),
            relationship=f"Reviewer {i}",
            statement=f"Endorsement {i}.",
        )
    return nomination


@pytest.fixture
def decided_list(cycle, chair):
    """Two selected (Engineer, Advocate), one declined, one deferred — every one decided."""
    return {
        "ana": decided(cycle, "Ana Lima", "selected", chair=chair, feedback="Outstanding reviews."),
        "bo": decided(cycle, "Bo Chen", "selected", track="advocate", listed=False, chair=chair),
        "cy": decided(cycle, "Cy Diallo", "declined", chair=chair, feedback="Show more mentoring."),
        "di": with_evidence_and_endorsements(
            decided(cycle, "Di Novak", "deferred", chair=chair, feedback="Come back with the 2026 release.")
        ),
    }


def trail() -> int:
    """The id of the latest audit event (0 when none): a refusal leaves it where it was."""
    from django.db.models import Max

    from distinguished.audit.models import AuditEvent

    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


def more_selected(cycle, chair, count: int, *, track: str = "engineer") -> list[Nomination]:
    """`count` further selected nominations, listed publicly, to grow a list page."""
    return [
        decided(cycle, f"Extra {track.title()} {i:02d}", "selected", track=track, chair=chair)
        for i in range(count)
    ]


def announce_2025(admin_user, approver, capture=None):
    """Sign the 2025 list off (on the approval day) and announce it on 1 July 2025; with
    `capture` (django_capture_on_commit_callbacks) the e-mails are sent."""
    from distinguished.cohorts import api

    with at(APPROVAL_DAY):
        api.sign_off_cycle(actor=approver, cycle=program.get_cycle("2025"))
    with at(ANNOUNCEMENT_DAY):
        if capture is None:
            return api.announce_cycle(actor=admin_user, cycle=program.get_cycle("2025"))
        with capture(execute=True):
            return api.announce_cycle(actor=admin_user, cycle=program.get_cycle("2025"))
