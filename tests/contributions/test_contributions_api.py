"""Recording and listing contributions through the API and the pages."""

import datetime as dt

import pytest

from distinguished.audit.models import AuditEvent
from distinguished.contributions.models import Contribution

from ..factories import ContributionFactory, ContributorFactory, CycleFactory

TODAY = dt.date.today()
GOOD = {
    "kind": "talk",
    "date": str(TODAY - dt.timedelta(days=3)),
    "title": "Open edX at EdTech Week",
    "url": "https://example.org/talk",
}


def test_a_member_records_their_own_contribution(client_for, member):
    response = client_for(member).post(
        "/api/v1/contributions/", {**GOOD, "contributor": member.contributor_id}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["date"], body["source"], body["verified"]) == (
        "talk",
        GOOD["date"],
        "manual",
        False,
    )
    assert AuditEvent.objects.filter(verb="contribution.recorded", object_id=str(body["id"])).exists()


def test_an_admin_records_anyones_and_it_is_verified(client_for, admin_user):
    person = ContributorFactory()
    body = {**GOOD, "contributor": person.pk, "kind": "funding", "quantity": "25000.50"}
    response = client_for(admin_user).post("/api/v1/contributions/", body, format="json")
    assert response.status_code == 201
    assert response.json()["verified"] is True
    assert response.json()["quantity"] == 25000.5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        # Two days ahead: still in the future if the suite runs across midnight after this module is imported.
        ({"date": str(TODAY + dt.timedelta(days=2))}, "date"),
        ({"date": "2025-02-30"}, "date"),
        ({"kind": "tweet"}, "kind"),
        ({"quantity": "-5"}, "quantity"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.org/file"}, "url"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_contributions_are_refused_and_nothing_is_stored(client_for, member, change, field):
    response = client_for(member).post(
        "/api/v1/contributions/", {**GOOD, "contributor": member.contributor_id, **change}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Contribution.objects.count() == 0


def test_a_member_cannot_record_for_someone_else(client_for, member):
    other = ContributorFactory()
    response = client_for(member).post(
        "/api/v1/contributions/", {**GOOD, "contributor": other.pk}, format="json"
    )
    assert response.status_code == 403
    assert Contribution.objects.count() == 0


def test_unknown_contributor_is_a_400(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/v1/contributions/", {**GOOD, "contributor": 99999}, format="json"
    )
    assert response.status_code == 400
    assert "contributor" in response.json()


def test_anonymous_gets_401(client_for):
    assert client_for(None).get("/api/v1/contributions/").status_code == 401
    assert client_for(None).post("/api/v1/contributions/", GOOD, format="json").status_code == 401


def test_members_list_their_own_admins_all_with_filters(client_for, member, admin_user):
    other = ContributorFactory()
    for contributor, kind, days in (
        (member.contributor, "talk", 10),
        (member.contributor, "tutorial", 40),
        (other, "talk", 5),
    ):
        ContributionFactory(
            contributor=contributor, kind=kind, date=TODAY - dt.timedelta(days=days), title=kind
        )
    mine = client_for(member).get("/api/v1/contributions/").json()
    assert mine["count"] == 2
    everyone = client_for(admin_user).get("/api/v1/contributions/").json()
    assert everyone["count"] == 3
    talks = (
        client_for(admin_user)
        .get("/api/v1/contributions/", {"kind": "talk", "date_after": str(TODAY - dt.timedelta(days=7))})
        .json()
    )
    assert talks["count"] == 1
    assert (
        client_for(admin_user).get("/api/v1/contributions/", {"date_after": "yesterday"}).status_code == 400
    )


def test_contribution_list_query_count_is_flat(client_for, admin_user, django_assert_max_num_queries):
    person = ContributorFactory()
    ContributionFactory(contributor=person, kind="talk", date=TODAY, title="one")
    with django_assert_max_num_queries(8) as few:
        client_for(admin_user).get("/api/v1/contributions/")
    for i in range(20):
        ContributionFactory(contributor=ContributorFactory(), kind="talk", date=TODAY, title=str(i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_for(admin_user).get("/api/v1/contributions/")


def test_member_records_on_the_page_and_sees_progress(client, member):
    CycleFactory()
    client.force_login(member)
    response = client.post("/contributions/", {**GOOD, "kind": "talk"})
    assert response.status_code == 302
    response = client.post("/contributions/", {**GOOD, "date": str(TODAY + dt.timedelta(days=2))})
    assert response.status_code == 400 and "future" in response.content.decode()
    html = client.get("/contributions/progress/").content.decode()
    assert "Distinguished Advocate" in html and "Talks, webinars or workshops delivered" in html
    assert "Distinguished Partner" in html  # a person may be recognized as a partner too


def test_an_admin_verifies_a_members_contribution(client_for, client, member, admin_user):
    item = ContributionFactory(contributor=member.contributor, kind="talk", date=TODAY, title="Meetup talk")
    url = f"/api/v1/contributions/{item.pk}/verify/"
    assert client_for(member).post(url).status_code == 403
    assert client_for(None).post(url).status_code == 401
    assert client_for(admin_user).post("/api/v1/contributions/999999/verify/").status_code == 404
    response = client_for(admin_user).post(url)
    assert response.status_code == 200 and response.json()["verified"] is True
    assert AuditEvent.objects.filter(verb="contribution.verified", object_id=str(item.pk)).exists()
    other = ContributionFactory(contributor=member.contributor, kind="talk", date=TODAY, title="Podcast")
    client.force_login(admin_user)
    assert "Podcast" in client.get("/contributions/verify/").content.decode()
    client.post("/contributions/verify/", {"contribution": other.pk})
    other.refresh_from_db()
    assert other.verified is True
    client.force_login(member)
    assert client.get("/contributions/verify/").status_code == 403


@pytest.mark.parametrize("value", ["²", "100000000000000000000", "abc"])
def test_a_contributor_filter_that_is_no_id_is_a_400_not_a_500(client_for, admin_user, value):
    response = client_for(admin_user).get("/api/v1/contributions/", {"contributor": value})
    assert (response.status_code, response.json()) == (400, {"contributor": ["Give a contributor id."]})
