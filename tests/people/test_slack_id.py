"""The Slack member ID on a contributor profile (issue 13): a Slack export names people by it. The
person and admins edit it (page and API); it is private, upper-cased, unique, and a malformed one
is a 400 naming the field."""

import pytest

from distinguished.audit.models import AuditEvent
from distinguished.people import api

from ..factories import ContributorFactory

pytestmark = pytest.mark.django_db


def test_a_member_records_their_slack_id_through_the_api(client_for, member):
    response = client_for(member).patch(
        f"/api/v1/contributors/{member.contributor_id}/", {"slack_id": " u024be7lh "}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["slack_id"] == "U024BE7LH"
    member.contributor.refresh_from_db()
    assert member.contributor.slack_id == "U024BE7LH"
    event = AuditEvent.objects.get(verb="contributor.updated")
    assert event.data == {"changed": {"slack_id": "U024BE7LH"}}


def test_the_slack_id_is_private(client_for, member, api_client):
    ContributorFactory(name="Other", slack_id="U0OTHER1")
    member.contributor.slack_id = "U024BE7LH"
    member.contributor.save()
    assert "slack_id" not in api_client.get(f"/api/v1/contributors/{member.contributor_id}/").json()


def test_an_admin_edits_anyones_slack_id_on_the_page(client, admin_user):
    person = ContributorFactory(name="Ada")
    client.force_login(admin_user)
    page = client.get(f"/people/{person.pk}/edit/")
    assert page.status_code == 200
    assert "Slack member ID" in page.text
    form = {name: value for name, value in page.context["form"].initial.items() if value is not None}
    form.update({"slack_id": "W0ADA1234", "organization": "", "country": ""})
    response = client.post(f"/people/{person.pk}/edit/", form)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.slack_id == "W0ADA1234"


@pytest.mark.parametrize(
    ("value", "message"),
    [("not an id", "looks like U024BE7LH"), ("U0TAKEN1", "already exists")],
)
def test_a_bad_or_taken_slack_id_is_a_400_and_changes_nothing(client_for, member, value, message):
    ContributorFactory(name="Taken", slack_id="U0TAKEN1")
    response = client_for(member).patch(
        f"/api/v1/contributors/{member.contributor_id}/", {"slack_id": value}, format="json"
    )
    assert response.status_code == 400
    assert message in response.json()["slack_id"][0]
    member.contributor.refresh_from_db()
    assert member.contributor.slack_id == ""


def test_contributors_are_found_by_slack_id_or_email_in_one_query(django_assert_num_queries):
    ada = ContributorFactory(name="Ada", slack_id="U0ADA", email="Ada@Example.org")
    grace = ContributorFactory(name="Grace", email="grace@example.org")
    with django_assert_num_queries(1):
        by_id, by_email = api.contributors_by_slack(["u0ada", "U0NOBODY"], ["GRACE@example.org", "x@y.z"])
    assert by_id == {"U0ADA": ada.pk}
    assert by_email == {"grace@example.org": grace.pk}
