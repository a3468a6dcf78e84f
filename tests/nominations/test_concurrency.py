"""Two nominators nominating the same person for the same track in the same cycle at the same
moment end with one nomination: the database constraint `nomination_one_live_per_nominee` decides,
and the loser gets the same duplicate message as someone who came later (never an IntegrityError).

The threads use their own database connections, so these tests commit for real
(`transaction=True`). On SQLite the writes serialize; on PostgreSQL and MariaDB (DATABASE_URL) the
two transactions overlap."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api
from distinguished.nominations.models import Nomination
from distinguished.program import api as program

from ..concurrency import TIMEOUT, in_threads
from ..factories import ContributorFactory, CycleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def assert_one_winner(results, nominee, cycle):
    winners = [r for r in results if isinstance(r, Nomination)]
    losers = [r for r in results if not isinstance(r, Nomination)]
    assert len(winners) == 1, results
    assert len(losers) == len(results) - 1, results
    [winner] = winners
    link = reverse("nominations:nomination", args=[winner.pk])
    for loser in losers:
        assert type(loser) is ValidationError, repr(loser)
        # Another member's draft: named, never linked (they may not see it).
        assert "existing" not in loser.message_dict
        assert link not in loser.message_dict["nominee"][0]
        assert loser.message_dict["nominee"][0].startswith(f"{nominee} is already nominated for")
    live = Nomination.objects.filter(nominee=nominee, cycle=cycle, live=True)
    assert list(live.values_list("pk", flat=True)) == [winner.pk]
    assert AuditEvent.objects.filter(verb="nomination.created", object_id=str(winner.pk)).count() == 1
    assert AuditEvent.objects.filter(verb="nomination.created").count() == Nomination.objects.count()


def test_two_nominators_at_the_same_moment_yield_one_nomination(mailoutbox):
    cycle = CycleFactory()
    track = program.get_track("engineer")
    nominee = ContributorFactory(name="Nia Nominee", email="nia@example.org")
    nominators = [UserFactory(contributor=ContributorFactory()) for _ in range(2)]

    def nominate(actor):
        return lambda: api.nominate(actor=actor, cycle=cycle, track=track, nominee=nominee, statement="Yes.")

    results = in_threads(*(nominate(actor) for actor in nominators))
    assert_one_winner(results, nominee, cycle)
    assert [m.to for m in mailoutbox] == [["nia@example.org"]]


def test_many_rounds_of_simultaneous_nominations_each_yield_one():
    """More chances for the two transactions to overlap between the check and the insert."""
    cycle = CycleFactory()
    track = program.get_track("engineer")
    nominators = [UserFactory(contributor=ContributorFactory()) for _ in range(3)]
    for _ in range(8):
        nominee = ContributorFactory()

        def nominate(actor, nominee=nominee):
            return lambda: api.nominate(actor=actor, cycle=cycle, track=track, nominee=nominee)

        results = in_threads(*(nominate(actor) for actor in nominators))
        assert_one_winner(results, nominee, cycle)
    assert Nomination.objects.count() == 8


def test_nominator_whose_insert_collides_with_an_uncommitted_one_gets_the_duplicate_message():
    """The race made certain: the first nomination is written but not committed when the second
    nominator checks for it. On PostgreSQL and MariaDB the check does not see it, the second
    insert meets the unique index and waits; when the first commits, the second gets the
    duplicate message, not a database error. (On SQLite the second nominator waits already at
    the check, then sees the first nomination.)"""
    cycle = CycleFactory()
    track = program.get_track("engineer")
    nominee = ContributorFactory(name="Nia Nominee", email="nia@example.org")
    first_actor, second_actor = (UserFactory(contributor=ContributorFactory()) for _ in range(2))
    written = threading.Event()

    def first():
        with transaction.atomic():
            nomination = api.nominate(actor=first_actor, cycle=cycle, track=track, nominee=nominee)
            written.set()
            # Give the second nominator time to pass its check and block on the insert.
            threading.Event().wait(1.5)
        return nomination

    times = {}

    def second():
        assert written.wait(timeout=TIMEOUT)
        times.setdefault("start", time.monotonic())
        try:
            return api.nominate(actor=second_actor, cycle=cycle, track=track, nominee=nominee)
        finally:
            times["end"] = time.monotonic()

    results = in_threads(first, second)
    assert isinstance(results[0], Nomination), results
    assert_one_winner(results, nominee, cycle)
    # The second nominator was held until the first committed, then told about it.
    assert times["end"] - times["start"] >= 1.0, times


def test_withdrawn_nominations_do_not_block_simultaneous_new_ones():
    """Withdrawn rows (live NULL) never collide, on any engine."""
    cycle = CycleFactory()
    track = program.get_track("engineer")
    nominee = ContributorFactory()
    nominators = [UserFactory(contributor=ContributorFactory()) for _ in range(2)]
    for actor in nominators:
        nomination = api.nominate(actor=actor, cycle=cycle, track=track, nominee=nominee)
        api.withdraw(actor=actor, nomination=nomination)
    results = in_threads(
        *(
            lambda actor=actor: api.nominate(actor=actor, cycle=cycle, track=track, nominee=nominee)
            for actor in nominators
        )
    )
    assert_one_winner(results, nominee, cycle)
    assert Nomination.objects.filter(nominee=nominee, live=None).count() == 2
