"""Races of late conflicts, on PostgreSQL where transactions truly overlap (issue 11, items 2 and 5):
twenty identical declarations at once leave one row and nineteen clear refusals; a conflict
declared while the same panelist saves their review leaves a review that does not count, whichever
transaction the database lets through first.

The threads use their own database connections, so these tests commit for real
(`transaction=True`). Run them with DATABASE_URL=postgres://... ; elsewhere they are skipped: SQLite
serialises every write, so there is no race to show."""

import threading
import time

import pytest
from django.db import connection, transaction

from distinguished.audit.models import AuditEvent
from distinguished.review import api
from distinguished.review.models import Assignment, Conflict, Review

from ..concurrency import TIMEOUT, in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL (DATABASE_URL)"
    ),
]

LOW = {"core_platform": 1, "architecture": 1, "open_source_leadership": 1, "problem_solving": 1}


def ada_reviews(late) -> int:
    rows = api.ranking(late.fresh_cycle(), viewer=late.chair)["rows"]
    return next(row["score"].reviews for row in rows if row["nomination"].pk == late.ada.pk)


def test_twenty_identical_declarations_at_once_leave_one_row(late):
    def declare():
        return api.declare_conflict(
            actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My brother."
        )

    results = in_threads(*([declare] * 20))
    winners = [r for r in results if isinstance(r, Conflict)]
    losers = [r for r in results if not isinstance(r, Conflict)]
    assert len(winners) == 1, results
    [winner] = winners
    assert len(losers) == 19 and all(type(r) is api.ConflictExists for r in losers), results
    assert {r.existing.pk for r in losers} == {winner.pk}
    assert all(
        r.message.startswith("You have declared a conflict with the nomination of Ada Nominee")
        for r in losers
    )
    assert list(Conflict.objects.values_list("pk", flat=True)) == [winner.pk]
    assert AuditEvent.objects.filter(verb="conflict.declared").count() == 1
    assert AuditEvent.objects.filter(verb="assignment.voided").count() == 1
    assert ada_reviews(late) == 2


def test_twenty_identical_declarations_through_the_api_answer_one_201_and_nineteen_409(late, client_for):
    url = f"/api/v1/cycles/{late.cycle.slug}/conflicts/"

    def declare():
        return client_for(late.r1).post(url, {"nomination": late.ada.pk, "reason": "Friend."}, format="json")

    answers = in_threads(*([declare] * 20))
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] + [409] * 19, answers
    [first] = [answer.json()["id"] for answer in answers if answer.status_code == 201]
    assert {answer.json()["conflict"] for answer in answers if answer.status_code == 409} == {first}
    assert Conflict.objects.count() == 1


def save(late):
    assignment = late.assignment("r1", "ada")
    return api.save_review(actor=late.r1, assignment=assignment, scores=LOW, recommendation="no", submit=True)


def declare(late):
    return api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My brother.")


def test_a_review_saved_first_is_voided_when_the_conflict_commits(late):
    """The save holds the assignment's row; the declaration waits for it, then voids the saved review."""
    saved = threading.Event()
    times = {}

    def save_and_hold():
        with transaction.atomic():
            review = save(late)
            saved.set()
            threading.Event().wait(1.0)  # the declaration reaches the lock meanwhile
        return review

    def declare_after_the_save():
        assert saved.wait(timeout=TIMEOUT)
        times["start"] = time.monotonic()
        try:
            return declare(late)
        finally:
            times["end"] = time.monotonic()

    review, conflict = in_threads(save_and_hold, declare_after_the_save)
    assert isinstance(review, Review) and isinstance(conflict, Conflict), (review, conflict)
    assert times["end"] - times["start"] >= 0.5, times  # it waited for the save's lock
    assignment = late.assignment("r1", "ada")
    assert assignment.voided is not None
    assert Review.objects.get(assignment=assignment).scores == LOW  # stored, and
    assert ada_reviews(late) == 2  # not counted


def test_a_review_saved_while_the_conflict_commits_is_refused(late):
    """The declaration holds the assignment's row; the save waits for it, then finds it void."""
    declared = threading.Event()

    def declare_and_hold():
        with transaction.atomic():
            conflict = declare(late)
            declared.set()
            threading.Event().wait(1.0)  # the save passes its checks and reaches the lock meanwhile
        return conflict

    def save_after_the_declaration():
        assert declared.wait(timeout=TIMEOUT)
        return save(late)

    conflict, refused = in_threads(declare_and_hold, save_after_the_declaration)
    assert isinstance(conflict, Conflict), conflict
    assert type(refused) is Assignment.DoesNotExist, refused
    assignment = late.assignment("r1", "ada")
    assert assignment.voided is not None
    assert Review.objects.get(assignment=assignment).scores["core_platform"] == 5  # untouched
    assert ada_reviews(late) == 2


def test_rounds_of_a_save_and_a_declaration_at_once_never_count_the_review(late):
    """Released together, in whichever order PostgreSQL serialises them."""
    for round_ in range(5):
        Conflict.objects.all().delete()
        Assignment.objects.filter(pk=late.assignments["r1", "ada"].pk).update(
            voided=None, void_source="", void_reason=""
        )
        assert ada_reviews(late) == 3
        results = in_threads(lambda: save(late), lambda: declare(late))
        assert isinstance(results[1], Conflict), (round_, results)
        assert isinstance(results[0], Review) or type(results[0]) is Assignment.DoesNotExist, (
            round_,
            results,
        )
        assert late.assignment("r1", "ada").voided is not None, round_
        assert ada_reviews(late) == 2, round_
