"""Membership terms (first part): statuses across term boundaries and 29 February, recording
earlier terms, lifetime after the sustained milestone, revocation."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from distinguished.audit.models import AuditEvent
from distinguished.membership import api
from distinguished.membership.models import Membership
from distinguished.program import api as program

from ..factories import ContributorFactory


@pytest.fixture
def person(db):
    return ContributorFactory(name="Lena Lifetime", listed_publicly=True)


def test_a_term_lasts_two_years_even_from_29_february():
    assert api.term_end(dt.date(2025, 7, 1), 2) == dt.date(2027, 6, 30)
    assert api.term_end(dt.date(2024, 2, 29), 2) == dt.date(2026, 2, 28)
    assert api.term_end(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 28)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2025-07-01", "active"),
        ("2027-04-01", "active"),
        ("2027-04-02", "expiring"),  # 89 days before the last day
        ("2027-06-30", "expiring"),
        ("2027-07-01", "expired"),
    ],
)
def test_status_across_the_term(person, today, status):
    membership = Membership(
        contributor=person,
        track=program.get_track("engineer"),
        start=dt.date(2025, 7, 1),
        end=dt.date(2027, 6, 30),
    )
    assert api.status_of(membership, dt.date.fromisoformat(today)) == status


def test_recording_terms_renewals_and_refusals(admin_user, person):
    track = program.get_track("engineer")
    first = api.record_term(actor=admin_user, contributor=person, track=track, start=dt.date(2021, 7, 1))
    assert first.end == dt.date(2023, 6, 30)
    second = api.record_term(
        actor=admin_user, contributor=person, track=track, start=dt.date(2023, 7, 1), previous=first
    )
    assert api.status_of(api.get_membership(first.pk)) == "renewed"
    with pytest.raises(ValidationError) as overlap:
        api.record_term(actor=admin_user, contributor=person, track=track, start=dt.date(2024, 1, 1))
    assert "cannot overlap" in str(overlap.value)
    with pytest.raises(ValidationError) as twice:
        api.record_term(
            actor=admin_user, contributor=person, track=track, start=dt.date(2025, 7, 1), previous=first
        )
    assert "renewed already" in str(twice.value)
    assert Membership.objects.count() == 2
    assert AuditEvent.objects.filter(verb="membership.recorded").count() == 2
    assert second.previous == first


def test_lifetime_after_four_sustained_years_and_not_before(admin_user, person):
    track = program.get_track("engineer")
    first = api.record_term(actor=admin_user, contributor=person, track=track, start=dt.date(2022, 7, 1))
    second = api.record_term(
        actor=admin_user, contributor=person, track=track, start=dt.date(2024, 7, 1), previous=first
    )
    with time_machine.travel(dt.date(2026, 1, 10)):
        with pytest.raises(ValidationError) as early:
            api.grant_lifetime(actor=admin_user, membership=api.get_membership(second.pk))
        assert "reached on 30 June 2026" in str(early.value)
    with time_machine.travel(dt.date(2026, 6, 30)):
        granted = api.grant_lifetime(actor=admin_user, membership=api.get_membership(second.pk))
        assert api.status_of(granted) == "lifetime"


def test_revocation_needs_a_reason(admin_user, person):
    membership = api.record_term(
        actor=admin_user, contributor=person, track=program.get_track("advocate"), start=dt.date(2025, 7, 1)
    )
    with pytest.raises(ValidationError):
        api.revoke(actor=admin_user, membership=membership, reason=" ")
    api.revoke(actor=admin_user, membership=membership, reason="Code of conduct.")
    assert api.status_of(api.get_membership(membership.pk)) == "revoked"


def test_memberships_through_the_api(client_for, admin_user, member, person):
    body = {"contributor": person.pk, "track": "engineer", "start": "2025-07-01"}
    assert client_for(member).post("/api/v1/memberships/", body, format="json").status_code == 403
    assert client_for(None).post("/api/v1/memberships/", body, format="json").status_code == 401
    bad = client_for(admin_user).post("/api/v1/memberships/", {**body, "start": "2025-02-30"}, format="json")
    assert bad.status_code == 400 and "start" in bad.json()
    assert (
        client_for(admin_user)
        .post("/api/v1/memberships/", {**body, "track": "wizard"}, format="json")
        .status_code
        == 400
    )
    created = client_for(admin_user).post("/api/v1/memberships/", body, format="json")
    assert created.status_code == 201
    data = created.json()
    assert (data["end"], data["contributor"]["name"]) == ("2027-06-30", "Lena Lifetime")
    public = client_for(None).get(f"/api/v1/memberships/{data['id']}/").json()
    assert public["status"] in ("active", "expiring")
    early = client_for(admin_user).post(f"/api/v1/memberships/{data['id']}/lifetime/")
    assert early.status_code == 400 and "milestone is reached on" in early.json()["lifetime"][0]
    revoked = client_for(admin_user).post(
        f"/api/v1/memberships/{data['id']}/revoke/", {"reason": "Asked to leave."}, format="json"
    )
    assert revoked.json()["status"] == "revoked"
    again = client_for(admin_user).post(
        f"/api/v1/memberships/{data['id']}/revoke/", {"reason": "x"}, format="json"
    )
    assert again.status_code == 400 and "revoked already" in str(again.json())
