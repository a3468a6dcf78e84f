"""The nightly lifecycle job (`membership.api.run_lifecycle`) on a frozen clock: reminders 90 and
30 days before a term ends, once each, caught up after a missed night, never for terms that are
renewed, lifetime, revoked or have a renewal application; terms ending on 28/29 February."""

import datetime as dt

import pytest
import time_machine

from distinguished.audit.models import AuditEvent
from distinguished.membership import api
from distinguished.membership.models import Membership, Reminder
from distinguished.program import api as program

from ..factories import ContributorFactory, UserFactory

END = dt.date(2027, 6, 30)
DAY_90 = dt.date(2027, 4, 2)  # 90 days left, counting the last day
DAY_30 = dt.date(2027, 6, 1)


def record(admin_user, start, *, track="engineer", name="Tess Term", email=None, previous=None):
    contributor = ContributorFactory(name=name, **({"email": email} if email is not None else {}))
    with time_machine.travel(start):
        return api.record_term(
            actor=admin_user,
            contributor=contributor,
            track=program.get_track(track),
            start=start,
            previous=previous,
        )


def run(today):
    """The night's reminders (what it stores of the statuses: tests/membership/test_standing.py)."""
    with time_machine.travel(today):
        summary = api.run_lifecycle()
    summary.pop("statuses_moved")
    return summary


@pytest.fixture
def term(admin_user):
    return record(admin_user, dt.date(2025, 7, 1), email="tess@example.org")


def test_the_90_day_reminder_goes_out_on_day_90_once(term, mailoutbox, django_capture_on_commit_callbacks):
    assert run(DAY_90 - dt.timedelta(days=1)) == {"reminders_90": 0, "reminders_30": 0, "unreachable": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert run(DAY_90) == {"reminders_90": 1, "reminders_30": 0, "unreachable": 0}
        assert run(DAY_90)["reminders_90"] == 0
        assert run(DAY_90 + dt.timedelta(days=1))["reminders_90"] == 0
    [message] = mailoutbox
    assert message.to == ["tess@example.org"]
    assert message.subject == "Your membership as a Distinguished Engineer ends on 30 June 2027"
    assert "in 90 days" in message.body
    assert "You may apply to renew it now, until 30 June 2027" in message.body
    assert "/memberships/mine/" in message.body
    [event] = AuditEvent.objects.filter(verb="membership.reminded")
    assert (event.actor_id, event.actor_name, event.object_id, event.data) == (
        None,
        "system",
        str(term.pk),
        {"days": 90, "days_left": 90},
    )


def test_a_missed_night_is_caught_up_the_next_day(term):
    assert run(DAY_90 + dt.timedelta(days=1)) == {"reminders_90": 1, "reminders_30": 0, "unreachable": 0}
    assert list(Reminder.objects.values_list("days", flat=True)) == [90]


def test_inside_30_days_only_the_30_day_reminder_is_sent(
    term, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert run(DAY_30 + dt.timedelta(days=1)) == {"reminders_90": 0, "reminders_30": 1, "unreachable": 0}
        for day in range(2, 31):
            assert run(DAY_30 + dt.timedelta(days=day)) == {
                "reminders_90": 0,
                "reminders_30": 0,
                "unreachable": 0,
            }
    assert list(Reminder.objects.values_list("days", flat=True)) == [30]
    [message] = mailoutbox
    assert "in 29 days" in message.body


def test_every_night_of_the_term_sends_each_reminder_exactly_once(term):
    sent = {}
    day = DAY_90 - dt.timedelta(days=5)
    while day <= END + dt.timedelta(days=3):
        for key, count in run(day).items():
            if count:
                sent.setdefault(key, []).append(day)
        day += dt.timedelta(days=1)
    assert sent == {"reminders_90": [DAY_90], "reminders_30": [DAY_30]}
    assert AuditEvent.objects.filter(verb="membership.reminded").count() == 2


def test_no_reminder_for_terms_renewed_lifetime_revoked_or_with_an_application(admin_user, mailoutbox):
    start = dt.date(2025, 7, 1)
    renewed = record(admin_user, start, name="Renewed")
    with time_machine.travel(DAY_90 - dt.timedelta(days=30)):
        api.record_term(
            actor=admin_user,
            contributor=renewed.contributor,
            track=renewed.track,
            start=END + dt.timedelta(days=1),
            previous=renewed,
        )
    lifetime = record(admin_user, start, name="Lifetime")
    Membership.objects.filter(pk=lifetime.pk).update(lifetime=True, status="lifetime")
    revoked = record(admin_user, start, name="Revoked")
    api.revoke(actor=admin_user, membership=revoked, reason="Asked to leave.")
    pending = record(admin_user, start, name="Pending")
    decided = record(admin_user, start, name="Decided")
    chair = UserFactory(roles=["chair"])
    with time_machine.travel(DAY_90):
        for membership in (pending, decided):
            user = UserFactory(contributor=membership.contributor)
            renewal = api.apply_for_renewal(actor=user, membership=membership, statement="My term.")
        api.decide_renewal(actor=chair, renewal=renewal, renew=False, reason="Quiet.")
    # The term renewing `renewed` ends two years later: it gets no reminder now either.
    assert run(DAY_90) == {"reminders_90": 0, "reminders_30": 0, "unreachable": 0}
    assert run(DAY_30) == {"reminders_90": 0, "reminders_30": 0, "unreachable": 0}
    assert not Reminder.objects.exists()


def test_a_member_without_an_address_is_counted_unreachable(admin_user):
    record(admin_user, dt.date(2025, 7, 1), email="")
    assert run(DAY_90) == {"reminders_90": 0, "reminders_30": 0, "unreachable": 1}
    assert not Reminder.objects.exists()


def test_the_linked_account_address_is_used_when_the_profile_has_none(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    term = record(admin_user, dt.date(2025, 7, 1), email="")
    UserFactory(contributor=term.contributor, email="account@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert run(DAY_90)["reminders_90"] == 1
    assert mailoutbox[0].to == ["account@example.org"]


@pytest.mark.parametrize(
    ("start", "end", "day_90", "day_30"),
    [
        # Ends on 28 February of a common year.
        (dt.date(2025, 3, 1), dt.date(2027, 2, 28), dt.date(2026, 12, 1), dt.date(2027, 1, 30)),
        # Ends on 29 February of a leap year.
        (dt.date(2026, 3, 1), dt.date(2028, 2, 29), dt.date(2027, 12, 2), dt.date(2028, 1, 31)),
        # Starts on 29 February 2024: ends on 28 February 2026.
        (dt.date(2024, 2, 29), dt.date(2026, 2, 28), dt.date(2025, 12, 1), dt.date(2026, 1, 30)),
    ],
)
def test_february_terms_are_reminded_on_their_days(admin_user, start, end, day_90, day_30):
    term = record(admin_user, start)
    assert term.end == end
    assert run(day_90 - dt.timedelta(days=1)) == {"reminders_90": 0, "reminders_30": 0, "unreachable": 0}
    assert run(day_90)["reminders_90"] == 1
    assert run(day_30 - dt.timedelta(days=1)) == {"reminders_90": 0, "reminders_30": 0, "unreachable": 0}
    assert run(day_30)["reminders_30"] == 1
    assert run(end) == {"reminders_90": 0, "reminders_30": 0, "unreachable": 0}
    assert api.status_of(term, end) == "expiring"
    assert api.status_of(term, end + dt.timedelta(days=1)) == "expired"
    assert api.renewal_window(term) == (day_90, end)


def test_due_reminder_bands():
    assert [api.due_reminder(left, (90, 30)) for left in (91, 90, 31, 30, 1, 0)] == [
        None,
        90,
        90,
        30,
        30,
        None,
    ]
