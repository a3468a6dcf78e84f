"""The nightly lifecycle job, on a frozen clock, through both of its entry points: the
`distinguished lifecycle` command (cron) and the Celery task that beat runs. It carries the deferred
nominations of announced cohorts to the next cycle's screening and sends the memberships' reminders
before a term ends; run again, it does nothing twice."""

import datetime as dt
from io import StringIO

import pytest
from celery.schedules import crontab, maybe_schedule
from django.conf import settings
from django.core.management import CommandError, call_command

from distinguished.audit.models import AuditEvent
from distinguished.celery import app as celery_app
from distinguished.cohorts import tasks
from distinguished.membership import api as membership
from distinguished.membership.models import Membership, Reminder
from distinguished.nominations.models import Nomination
from distinguished.program import api as program

from ..factories import ContributorFactory
from .conftest import announce_2025, at, next_cycle

pytestmark = pytest.mark.django_db

NIGHT = dt.datetime(2025, 9, 1, 2, 0, tzinfo=dt.UTC)  # the job's night
ENDS = dt.date(2025, 11, 29)  # a term with 90 days left on NIGHT, counting its last day
NOTHING = (
    "0 deferred nominations carried; reminders 90: 0; reminders 30: 0; unreachable: 0; statuses moved: 0.\n"
)


@pytest.fixture
def night(cycle, decided_list, admin_user, approver, mailoutbox):
    """The 2025 cohort announced on 1 July 2025 before the 2026 cycle existed (so Di Novak's
    deferred nomination waits), the 2026 cycle set up since, and an earlier member whose term
    ends on 29 November 2025."""
    announce_2025(admin_user, approver)
    assert not Nomination.objects.filter(carried_from__isnull=False).exists()
    following = next_cycle()
    with at(dt.datetime(2025, 8, 1, tzinfo=dt.UTC)):
        term = membership.record_term(
            actor=admin_user,
            contributor=ContributorFactory(name="Tess Term", email="tess@example.org"),
            track=program.get_track("engineer"),
            start=dt.date(2023, 11, 30),
        )
    assert term.end == ENDS
    mailoutbox.clear()
    return {"deferred": decided_list["di"], "next": following, "term": term}


def command(*args) -> str:
    out = StringIO()
    call_command("lifecycle", *args, stdout=out)
    return out.getvalue()


def assert_carried_and_reminded(night, mailoutbox):
    deferred = night["deferred"]
    carried = Nomination.objects.get(carried_from=deferred)
    assert (carried.cycle, carried.state) == (night["next"], "submitted")
    assert list(Reminder.objects.values_list("membership_id", "days")) == [(night["term"].pk, 90)]
    assert len(mailoutbox) == 3, [m.subject for m in mailoutbox]  # nothing twice
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_recipient) == sorted(
        ["di.novak@example.org", deferred.nominator.email, "tess@example.org"]
    )
    moved = by_recipient["di.novak@example.org"]
    assert moved.subject == "Carried to the 2026 cohort: the nomination of Di Novak (Distinguished Engineer)"
    assert "is now in the screening of the 2026 cohort (screening ends on 30 April 2026)" in moved.body
    assert f"/nominations/{carried.pk}/" in moved.body
    reminder = by_recipient["tess@example.org"]
    assert reminder.subject == "Your membership as a Distinguished Engineer ends on 29 November 2025"
    assert "in 90 days" in reminder.body
    assert AuditEvent.objects.filter(verb="nomination.carried").count() == 1
    assert AuditEvent.objects.filter(verb="membership.reminded").count() == 1


def test_the_command_carries_and_reminds_on_the_frozen_night_and_is_idempotent(
    night, mailoutbox, django_capture_on_commit_callbacks
):
    with at(NIGHT), django_capture_on_commit_callbacks(execute=True):
        first = command()
        second = command()
    # Tess's term enters its renewal window that night: its stored status moves to expiring.
    assert first == (
        "1 deferred nomination carried; reminders 90: 1; reminders 30: 0; unreachable: 0; statuses moved: 1.\n"
    )
    assert Membership.objects.get(pk=night["term"].pk).status == "expiring"
    assert second == NOTHING
    assert_carried_and_reminded(night, mailoutbox)


def test_the_command_runs_as_on_a_given_day(night, mailoutbox, django_capture_on_commit_callbacks):
    # The clock stands on 10 June 2025 (the fixtures' clock); --date says which night it is.
    with django_capture_on_commit_callbacks(execute=True):
        assert command("--date", "2025-09-01").startswith("1 deferred nomination carried; reminders 90: 1;")
        assert command("--date", "2025-09-01") == NOTHING
    assert_carried_and_reminded(night, mailoutbox)


def test_the_reminder_waits_for_its_night_while_the_deferred_nomination_moves(
    night, mailoutbox, django_capture_on_commit_callbacks
):
    # The night before the 90-day reminder: the deferred nomination moves (its target cycle
    # exists), the reminder waits.
    with at(NIGHT - dt.timedelta(days=1)), django_capture_on_commit_callbacks(execute=True):
        assert (
            command()
            == "1 deferred nomination carried; reminders 90: 0; reminders 30: 0; unreachable: 0; statuses moved: 0.\n"
        )
        assert command() == NOTHING
    assert not Reminder.objects.exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["di.novak@example.org", night["deferred"].nominator.email]
    )


def test_the_30_day_reminder_follows_on_its_night(night, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        command("--date", "2025-09-01")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert command("--date", "2025-10-31") == (
            "0 deferred nominations carried; reminders 90: 0; reminders 30: 1; unreachable: 0; statuses moved: 0.\n"
        )
        assert command("--date", "2025-10-31") == NOTHING
    assert [m.to for m in mailoutbox] == [["tess@example.org"]]
    assert "in 30 days" in mailoutbox[0].body
    assert sorted(Reminder.objects.values_list("days", flat=True)) == [30, 90]


@pytest.mark.parametrize("bad", ["2025-02-30", "yesterday", "01/09/2025"])
def test_an_impossible_date_is_refused_and_nothing_runs(night, mailoutbox, bad):
    with pytest.raises(CommandError, match=f"“{bad}” is not a date; use YYYY-MM-DD."):
        command("--date", bad)
    assert not Nomination.objects.filter(carried_from__isnull=False).exists()
    assert not Reminder.objects.exists() and mailoutbox == []


def test_the_celery_task_runs_the_same_job_on_the_frozen_night_once(
    night, mailoutbox, django_capture_on_commit_callbacks
):
    with at(NIGHT), django_capture_on_commit_callbacks(execute=True):
        first = tasks.run_lifecycle.delay().get()
        second = tasks.run_lifecycle.delay().get()
    assert first == {
        "carried": 1,
        "memberships": {"reminders_90": 1, "reminders_30": 0, "unreachable": 0, "statuses_moved": 1},
    }
    assert second == {
        "carried": 0,
        "memberships": {"reminders_90": 0, "reminders_30": 0, "unreachable": 0, "statuses_moved": 0},
    }
    assert_carried_and_reminded(night, mailoutbox)


def test_the_job_before_any_announcement_carries_nothing(cycle, decided_list, mailoutbox):
    next_cycle()
    with at(NIGHT):
        assert tasks.run_lifecycle.delay().get()["carried"] == 0
    assert not Nomination.objects.filter(carried_from__isnull=False).exists() and mailoutbox == []


def test_celery_knows_the_task_by_its_dotted_name():
    name = "distinguished.cohorts.tasks.run_lifecycle"
    assert tasks.run_lifecycle.name == name
    assert celery_app.tasks[name].name == name  # registered with the project's Celery app


def test_celery_beat_runs_the_lifecycle_job_daily():
    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == tasks.run_lifecycle.name
    ]
    assert len(entries) == 1, (
        f"No Celery beat entry runs {tasks.run_lifecycle.name} (see CELERY_BEAT_SCHEDULE)."
    )
    schedule = maybe_schedule(entries[0]["schedule"])
    if isinstance(schedule, crontab):  # once a day, every day
        assert (len(schedule.hour), len(schedule.minute), len(schedule.day_of_week)) == (1, 1, 7)
    else:
        assert schedule.run_every == dt.timedelta(days=1)
    # Celery reads the same schedule from the Django settings.
    assert celery_app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE
