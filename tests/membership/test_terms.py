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

from ..factories import ContributorFactory, OrganizationFactory


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


# --- audit: bad input through POST /api/v1/memberships/ changes nothing, and is never a 500 ------


def terms_snapshot():
    return (
        list(
            Membership.objects.order_by("pk").values_list(
                "pk", "contributor_id", "track_id", "start", "end", "previous_id", "lifetime", "revoked_on"
            )
        ),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("start", "field"),
    [
        ("2025-02-30", "start"),
        ("2023-02-29", "start"),
        ("2025-13-01", "start"),
        ("01/07/2025", "start"),
        ("", "start"),
        (None, "start"),
        (20250701, "start"),
        (["2025-07-01"], "start"),
        ("9999-12-31", "start"),
        ("0001-01-01", "start"),
        ("1999-12-31", "start"),
    ],
)
def test_impossible_dates_in_a_recorded_term_are_a_400_on_start_and_change_nothing(
    client_for, admin_user, person, start, field
):
    before = terms_snapshot()
    body = {"contributor": person.pk, "track": "engineer", "start": start}
    response = client_for(admin_user).post("/api/v1/memberships/", body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert terms_snapshot() == before


def test_an_overlapping_term_for_the_same_track_is_a_400_through_the_api_and_changes_nothing(
    client_for, admin_user, person
):
    client = client_for(admin_user)
    first = client.post(
        "/api/v1/memberships/",
        {"contributor": person.pk, "track": "engineer", "start": "2024-07-01"},
        format="json",
    )
    assert first.status_code == 201
    before = terms_snapshot()
    for start in ("2024-07-01", "2025-01-01", "2026-06-30", "2022-07-02"):
        response = client.post(
            "/api/v1/memberships/",
            {"contributor": person.pk, "track": "engineer", "start": start},
            format="json",
        )
        assert response.status_code == 400, (start, response.content)
        assert response.json() == {
            "start": [
                "Lena Lifetime is already a Distinguished Engineer from 1 July 2024 to 30 June 2026; "
                "terms on one track cannot overlap."
            ]
        }, start
    assert terms_snapshot() == before
    # The day after it ends, and another track the same day, are no overlap.
    assert (
        client.post(
            "/api/v1/memberships/",
            {"contributor": person.pk, "track": "advocate", "start": "2025-01-01"},
            format="json",
        ).status_code
        == 201
    )


def test_a_track_holds_only_the_kind_of_contributor_it_recognizes(client_for, admin_user, person):
    """An organization is no Engineer (a 400 on `track`, nothing recorded); the Partner track
    recognizes organizations and individuals alike, as the program definition says."""
    organization = OrganizationFactory(name="Acme Learning")
    before = terms_snapshot()
    client = client_for(admin_user)
    response = client.post(
        "/api/v1/memberships/",
        {"contributor": organization.pk, "track": "engineer", "start": "2025-07-01"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json() == {
        "track": ["Distinguished Engineer recognizes individuals; Acme Learning is an organization."]
    }
    assert terms_snapshot() == before
    for who in (organization, person):
        body = {"contributor": who.pk, "track": "partner", "start": "2025-07-01"}
        assert client.post("/api/v1/memberships/", body, format="json").status_code == 201


def test_an_overlapping_term_is_refused_by_the_rules_and_changes_nothing(admin_user, person):
    track = program.get_track("engineer")
    api.record_term(actor=admin_user, contributor=person, track=track, start=dt.date(2024, 7, 1))
    before = terms_snapshot()
    for start in (dt.date(2024, 7, 1), dt.date(2026, 6, 30), dt.date(2022, 7, 2)):
        with pytest.raises(ValidationError) as overlap:
            api.record_term(actor=admin_user, contributor=person, track=track, start=start)
        assert "terms on one track cannot overlap" in overlap.value.message_dict["start"][0]
    assert terms_snapshot() == before


HUGE = "x" * 100_000
TOO_BIG_ID = 10**20


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        ["engineer"],
        "just a string",
        {"contributor": "abc", "track": "engineer", "start": "2025-07-01"},
        {"contributor": ["1"], "track": "engineer", "start": "2025-07-01"},
        {"contributor": None, "track": "engineer", "start": "2025-07-01"},
        {"contributor": 1.5, "track": "engineer", "start": "2025-07-01"},
        {"contributor": TOO_BIG_ID, "track": "engineer", "start": "2025-07-01"},
        {"contributor": -1, "track": "engineer", "start": "2025-07-01"},
        {"track": "engineer", "start": "2025-07-01"},
        {"contributor": "PERSON", "track": None, "start": "2025-07-01"},
        {"contributor": "PERSON", "track": {"code": "engineer"}, "start": "2025-07-01"},
        {"contributor": "PERSON", "track": HUGE, "start": "2025-07-01"},
        {"contributor": "PERSON", "track": "engineer\x00", "start": "2025-07-01"},
        {"contributor": "PERSON", "track": "engineer", "start": "2025-07-01", "previous": "first"},
        {"contributor": "PERSON", "track": "engineer", "start": "2025-07-01", "previous": TOO_BIG_ID},
        {"contributor": "PERSON", "track": "engineer", "start": "2025-07-01", "previous": -5},
        {"contributor": "PERSON", "track": "engineer", "start": "2025-07-01", "cycle": ["2025"]},
        {"contributor": "PERSON", "track": "engineer", "start": "2025-07-01", "cycle": HUGE},
        {"contributor": "PERSON", "track": "engineer", "start": "0001-01-01"},
    ],
)
def test_hostile_bodies_for_recording_a_term_are_a_400_never_a_500(client_for, admin_user, person, body):
    if isinstance(body, dict) and body.get("contributor") == "PERSON":
        body = {**body, "contributor": person.pk}
    before = terms_snapshot()
    response = client_for(admin_user).post("/api/v1/memberships/", body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()
    assert terms_snapshot() == before


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        ("contributor=1&track=engineer", "text/plain"),
    ],
)
def test_a_body_that_is_not_json_is_a_400_or_415_never_a_500(client_for, admin_user, data, content_type):
    before = terms_snapshot()
    response = client_for(admin_user).post("/api/v1/memberships/", data, content_type=content_type)
    assert response.status_code in (400, 415), response.content[:300]
    assert terms_snapshot() == before


@pytest.mark.parametrize("action", ["revoke/", "lifetime/", "renewal/", ""])
def test_unknown_and_out_of_range_membership_ids_are_a_404(client_for, admin_user, action):
    client = client_for(admin_user)
    before = terms_snapshot()
    for pk in (999999, TOO_BIG_ID):
        path = f"/api/v1/memberships/{pk}/{action}"
        response = client.get(path) if not action else client.post(path, {"reason": "x"}, format="json")
        assert response.status_code == 404, (pk, action, response.content[:300])
    assert terms_snapshot() == before


@pytest.mark.parametrize("value", ["100000000000000000000", "²", "١٢", "-1", "1.0", " 1"])
def test_the_memberships_list_refuses_a_contributor_filter_that_is_no_id(
    client_for, admin_user, member, person, value
):
    for who in (admin_user, member):
        response = client_for(who).get("/api/v1/memberships/", {"contributor": value})
        assert response.status_code in (200, 400), (who, value, response.content[:300])
        if response.status_code == 200:
            assert response.json()["count"] == 0
