"""Review reminders before the deadline, on a frozen clock; once each."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from distinguished.review import api

from ..factories import AssignmentFactory, CycleFactory, NominationFactory, ReviewFactory, UserFactory


@pytest.fixture
def cycle(db, admin_user):
    cycle = CycleFactory(
        nominations_open=dt.date(2026, 3, 1),
        nominations_close=dt.date(2026, 4, 15),
        screening_due=dt.date(2026, 4, 30),
        review_due=dt.date(2026, 5, 20),
        deliberation_due=dt.date(2026, 6, 5),
        approval_due=dt.date(2026, 6, 15),
        announcement_date=dt.date(2026, 7, 1),
    )
    late, done = UserFactory(username="late"), UserFactory(username="done")
    for user in (late, done):
        assignment = AssignmentFactory(nomination=NominationFactory(cycle=cycle), panelist=user)
        if user is done:
            ReviewFactory(assignment=assignment, submitted="2026-05-01T00:00Z")
    return cycle


@pytest.mark.parametrize(
    ("day", "expected"), [("2026-05-13", 1), ("2026-05-19", 1), ("2026-05-15", 0), ("2026-05-21", 0)]
)
def test_reminders_go_out_7_days_and_1_day_before_to_open_reviews_only(
    cycle, mailoutbox, django_capture_on_commit_callbacks, day, expected
):
    with time_machine.travel(dt.date.fromisoformat(day)), django_capture_on_commit_callbacks(execute=True):
        assert api.send_review_reminders() == expected
    assert [m.to for m in mailoutbox] == [["late@example.org"]] * expected
    if expected:
        assert "due" in mailoutbox[0].subject


def test_reminders_are_sent_once(cycle, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.date(2026, 5, 13)), django_capture_on_commit_callbacks(execute=True):
        api.send_review_reminders()
        out = StringIO()
        call_command("review_reminders", stdout=out)
    assert "0 reminders sent." in out.getvalue()
    assert len(mailoutbox) == 1
