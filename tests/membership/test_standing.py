"""The stored status, cohort and first day of a term (`membership.standing`): set by every event
that changes them, moved on by the nightly job, and never needed by the filters to be fresh."""

import datetime as dt

import pytest
import time_machine

from distinguished.membership import api, standing
from distinguished.membership.models import Membership
from distinguished.program import api as program
from distinguished.program.models import Cycle

from ..factories import ContributorFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

START = dt.date(2025, 7, 1)  # a two-year term: ends 30 June 2027
DAY_90 = dt.date(2027, 4, 2)  # its renewal window opens (90 days left, counting the last day)
END = dt.date(2027, 6, 30)


def record(admin_user, start=START, *, previous=None, cycle=None, contributor=None, track="engineer"):
    with time_machine.travel(start):
        return api.record_term(
            actor=admin_user,
            contributor=contributor or ContributorFactory(listed_publicly=True),
            track=program.get_track(track),
            start=start,
            previous=previous,
            cycle=cycle,
        )


def stored(term) -> tuple:
    return Membership.objects.values_list("status", "since", "cohort_cycle_id").get(pk=term.pk)


def night(day) -> int:
    with time_machine.travel(day):
        return api.run_lifecycle()["statuses_moved"]


def test_a_recorded_term_and_its_renewal_store_status_first_day_and_cohort(admin_user):
    cohort = Cycle.objects.get(slug="2025")
    first = record(admin_user, dt.date(2021, 7, 1), cycle=cohort)
    assert stored(first) == ("active", dt.date(2021, 7, 1), cohort.pk)  # as on the day it was recorded
    # A renewal recorded without a cycle keeps the cohort of the chain and its first day.
    second = record(admin_user, dt.date(2023, 7, 1), previous=first, contributor=first.contributor)
    assert second.cycle_id == cohort.pk  # record_term: a renewal keeps its cohort
    assert stored(first) == ("renewed", dt.date(2021, 7, 1), cohort.pk)
    assert stored(second) == ("active", dt.date(2021, 7, 1), cohort.pk)
    assert api.status_of(Membership.objects.get(pk=first.pk)) == "renewed"


def test_lifetime_and_revocation_store_their_status(admin_user, mailoutbox):
    first = record(admin_user, dt.date(2021, 7, 1))
    second = record(admin_user, dt.date(2023, 7, 1), previous=first, contributor=first.contributor)
    third = record(admin_user, dt.date(2025, 7, 1), previous=second, contributor=first.contributor)
    with time_machine.travel(dt.date(2025, 7, 2)):
        api.grant_lifetime(actor=admin_user, membership=third)
    assert stored(third)[0] == "lifetime"
    other = record(admin_user)
    api.revoke(actor=admin_user, membership=other, reason="Code of conduct")
    assert stored(other)[0] == "revoked"
    # A renewed term revoked afterwards: revoked wins, as in status_of.
    api.revoke(actor=admin_user, membership=Membership.objects.get(pk=first.pk), reason="Wrongly recorded")
    assert stored(first)[0] == "revoked" == api.status_of(Membership.objects.get(pk=first.pk))


def test_a_renewal_granted_by_the_chair_marks_the_term_renewed(admin_user, mailoutbox):
    member = UserFactory(contributor=ContributorFactory(email="rita@example.org"))
    term = record(admin_user, contributor=member.contributor)
    with time_machine.travel(DAY_90):
        renewal = api.apply_for_renewal(actor=member, membership=term, statement="Still at it.")
        api.decide_renewal(actor=admin_user, renewal=renewal, renew=True)
    renewal.refresh_from_db()
    assert stored(term)[0] == "renewed"
    assert stored(renewal.new_term) == ("active", START, None)


def test_the_night_moves_a_running_term_on_catches_up_and_follows_a_date_moved_back(admin_user):
    term = record(admin_user)
    assert stored(term)[0] == "active"
    assert night(DAY_90 - dt.timedelta(days=1)) == 0
    assert night(DAY_90) == 1 and stored(term)[0] == "expiring"
    assert night(DAY_90) == 0  # a second run changes nothing
    assert night(END + dt.timedelta(days=1)) == 1 and stored(term)[0] == "expired"
    assert night(START) == 1 and stored(term)[0] == "active"  # the clock set back
    assert night(END + dt.timedelta(days=400)) == 1 and stored(term)[0] == "expired"  # missed nights


def test_the_night_leaves_renewed_lifetime_and_revoked_terms_alone(admin_user):
    first = record(admin_user, dt.date(2021, 7, 1))
    record(admin_user, dt.date(2023, 7, 1), previous=first, contributor=first.contributor)
    revoked = record(admin_user)
    api.revoke(actor=admin_user, membership=revoked, reason="Asked to leave")
    before = dict(Membership.objects.values_list("pk", "status"))
    for day in (START, DAY_90, END + dt.timedelta(days=1), dt.date(2031, 1, 1)):
        night(day)
        after = dict(Membership.objects.values_list("pk", "status"))
        assert after[first.pk] == "renewed" and after[revoked.pk] == "revoked"
    assert before[first.pk] == "renewed"


def test_lists_need_no_night_the_directory_reads_the_last_day(admin_user, client):
    term = record(admin_user)
    Membership.objects.filter(pk=term.pk).update(status="active")  # as stored before the window
    with time_machine.travel(END + dt.timedelta(days=1)):
        # No night has run: the stored status still says active…
        assert stored(term)[0] == "active"
        # …yet the directory and the admins' list read it as expired, in filters and in words.
        current = client.get("/api/v1/directory/").json()
        expired = client.get("/api/v1/directory/?status=expired").json()
        assert current["count"] == 0
        assert [(item["membership"], item["status"]) for item in expired["results"]] == [(term.pk, "expired")]
        assert list(api.memberships(status="expired")) == [term]
        assert not api.memberships(status="active").exists()


def test_a_term_made_by_hand_is_stamped_when_saved(db):
    """A row made outside `create_term` (the Django admin, a shell, a test) is stamped by `save`."""
    contributor = ContributorFactory()
    cohort = Cycle.objects.get(slug="2025")
    with time_machine.travel(dt.date(2026, 1, 1)):
        first = MembershipFactory(
            contributor=contributor,
            track=program.get_track("engineer"),
            cycle=cohort,
            start=dt.date(2022, 1, 1),
            end=dt.date(2023, 12, 31),
        )
        second = MembershipFactory(
            contributor=contributor,
            track=program.get_track("engineer"),
            start=dt.date(2024, 1, 1),
            end=dt.date(2025, 12, 31),
            previous=first,
        )
    assert stored(first) == ("renewed", dt.date(2022, 1, 1), cohort.pk)
    assert stored(second) == ("expired", dt.date(2022, 1, 1), cohort.pk)


def test_restamp_after_a_bulk_load_equals_what_the_events_stored(admin_user):
    cohort = Cycle.objects.get(slug="2025")
    first = record(admin_user, dt.date(2021, 7, 1), cycle=cohort)
    record(admin_user, dt.date(2023, 7, 1), previous=first, contributor=first.contributor)
    record(admin_user)
    night(dt.date(2025, 7, 2))  # the stored statuses as on that day
    with time_machine.travel(dt.date(2025, 7, 2)):
        events = list(
            Membership.objects.values_list("pk", "status", "since", "cohort_cycle_id").order_by("pk")
        )
        Membership.objects.update(status=standing.ACTIVE, since=None, cohort_cycle=None)
        assert standing.restamp(Membership, dt.date(2025, 7, 2), 90) == 3
    assert (
        list(Membership.objects.values_list("pk", "status", "since", "cohort_cycle_id").order_by("pk"))
        == events
    )
