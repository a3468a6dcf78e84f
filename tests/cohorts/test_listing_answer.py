"""At the announcement each new member's answer to “If selected, list me in the public directory”
becomes their listing — unless they changed the setting on their profile since (the later word
wins); a nomination from before the question leaves the listing as it was. Audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from distinguished.audit.models import AuditEvent
from distinguished.nominations.models import Nomination
from distinguished.people import api as people
from distinguished.people.models import Contributor

from ..factories import UserFactory
from .conftest import ANNOUNCEMENT_DAY, announce_2025, at, decided

pytestmark = pytest.mark.django_db


def answered(nomination: Nomination, answer, *, days_ago=60) -> Nomination:
    Nomination.objects.filter(pk=nomination.pk).update(
        list_publicly=answer, consent_answered=nomination.submitted - dt.timedelta(days=days_ago)
    )
    return nomination


def listed(nomination) -> bool:
    return Contributor.objects.get(pk=nomination.nominee_id).listed_publicly


def test_the_answer_becomes_the_listing_and_the_text_names_only_who_said_yes(
    cycle, chair, admin_user, approver, client_for
):
    yes = answered(decided(cycle, "Yara Yes", "selected", listed=False, chair=chair), True)
    no = answered(decided(cycle, "Noah No", "selected", listed=True, chair=chair), False)
    old = decided(cycle, "Olga Old", "selected", listed=False, chair=chair)  # never asked
    announce_2025(admin_user, approver)
    assert (listed(yes), listed(no), listed(old)) == (True, False, False)
    events = AuditEvent.objects.filter(verb="contributor.listing_answered")
    assert sorted((e.object_id, e.from_state, e.to_state) for e in events) == sorted(
        [(str(yes.nominee_id), "not listed", "listed"), (str(no.nominee_id), "listed", "not listed")]
    )
    assert all(e.actor_id == admin_user.pk and "accepted" in e.reason for e in events)
    with at(ANNOUNCEMENT_DAY):
        markdown = client_for(None).get("/api/v1/cycles/2025/announcement/").json()["markdown"]
    assert "Yara Yes" in markdown and "Noah No" not in markdown and "Olga Old" not in markdown
    assert "And 2 more, not listed in the public directory." in markdown
    assert "chose" not in markdown
    with at(ANNOUNCEMENT_DAY):
        directory = client_for(None).get("/api/v1/directory/").json()["results"]
    assert [row["contributor"]["name"] for row in directory] == ["Yara Yes"]


def test_a_change_on_the_profile_after_the_answer_wins(cycle, chair, admin_user, approver):
    nomination = answered(decided(cycle, "Pia Private", "selected", listed=False, chair=chair), True)
    user = UserFactory(contributor=nomination.nominee, email=nomination.nominee.email)
    # She said yes when accepting, then chose "not listed" on her profile (twice, to be sure).
    people.update_contributor(actor=user, contributor=nomination.nominee, listed_publicly=True)
    people.update_contributor(actor=user, contributor=nomination.nominee, listed_publicly=False)
    announce_2025(admin_user, approver)
    assert listed(nomination) is False
    assert not AuditEvent.objects.filter(verb="contributor.listing_answered").exists()


def test_a_profile_change_before_the_answer_does_not_stand_in_its_way(cycle, chair, admin_user, approver):
    nomination = decided(cycle, "Rui Ready", "selected", listed=False, chair=chair)
    user = UserFactory(contributor=nomination.nominee, email=nomination.nominee.email)
    with at(ANNOUNCEMENT_DAY - dt.timedelta(days=400)):
        people.update_contributor(actor=user, contributor=nomination.nominee, listed_publicly=True)
        people.update_contributor(actor=user, contributor=nomination.nominee, listed_publicly=False)
    answered(nomination, True)
    announce_2025(admin_user, approver)
    assert listed(nomination) is True


def test_declined_and_deferred_answers_change_nothing(cycle, chair, admin_user, approver):
    declined = answered(decided(cycle, "Dan Declined", "declined", listed=False, chair=chair), True)
    deferred = answered(decided(cycle, "Dee Deferred", "deferred", listed=False, chair=chair), True)
    announce_2025(admin_user, approver)
    assert (listed(declined), listed(deferred)) == (False, False)


def test_only_admins_apply_an_answer(cycle, chair, member):
    nomination = answered(decided(cycle, "Al Answer", "selected", listed=False, chair=chair), True)
    with pytest.raises(PermissionDenied):
        people.apply_listing_answer(
            actor=member, contributor=nomination.nominee, listed=True, answered=None, reason="x"
        )
    assert listed(nomination) is False


def test_without_a_consent_date_the_answer_dates_from_the_nomination(cycle, chair, admin_user, approver):
    # A self-nomination answers the listing question when it is made: no consent date, the
    # nomination's own date stands in, and a profile change after it is the later word.
    nomination = decided(cycle, "Sam Self", "selected", listed=False, chair=chair)
    made = nomination.submitted - dt.timedelta(days=300)
    Nomination.objects.filter(pk=nomination.pk).update(
        list_publicly=True, consent_answered=None, created=made
    )
    user = UserFactory(contributor=nomination.nominee, email=nomination.nominee.email)
    with at(made + dt.timedelta(days=30)):
        people.update_contributor(actor=user, contributor=nomination.nominee, listed_publicly=True)
        people.update_contributor(actor=user, contributor=nomination.nominee, listed_publicly=False)
    announce_2025(admin_user, approver)
    assert listed(nomination) is False
    assert not AuditEvent.objects.filter(verb="contributor.listing_answered").exists()
