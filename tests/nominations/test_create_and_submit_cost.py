"""What creating and submitting a nomination through the REST API costs, and that the answers,
built from the rows the request already holds, say exactly what a read afterwards says.

The deadline rush (bench/rush.py, docs/performance.md) is a thousand of these two requests: the
create answers from the nomination it made (reading back only its evidence), the submit from the
nomination it moved. The queries are pinned here."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from distinguished.nominations.models import Nomination

from ..factories import ContributorFactory, CycleFactory, OrganizationFactory, TokenFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/nominations/"


@pytest.fixture
def cycle(db):
    return CycleFactory(slug="spring")


def evidence(count: int = 2) -> list[dict]:
    today = timezone.localdate()
    # Given newest first: the answer lists them by date, as a read does.
    return [
        {
            "kind": "pull_request",
            "date": (today - dt.timedelta(days=30 + n)).isoformat(),
            "title": f"Evidence {n}",
            "url": f"https://github.com/openedx/rush/pull/{n}",
        }
        for n in range(count)
    ]


def self_nomination(person) -> dict:
    return {
        "cycle": "spring",
        "track": "engineer",
        "nominee": person.pk,
        "statement": "Reviews, fixes and mentoring.",
        "evidence": evidence(),
        "list_publicly": True,
    }


def client_of(user) -> APIClient:
    """Signed in with an API token, as the rush's nominators are: each request reads its user."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {TokenFactory(user=user).key}")
    return client


@pytest.fixture
def nominator(db):
    person = ContributorFactory(name="Ria Rush", organization=OrganizationFactory(name="Rush Co"))
    return UserFactory(username="ria", contributor=person)


def test_a_self_nomination_is_created_and_submitted_in_pinned_queries(
    cycle, nominator, django_assert_num_queries
):
    client = client_of(nominator)
    # The token and its user; the cycle, the track and the nominee; the contribution kinds (once
    # per evidence item), the nominee's membership of the track, a live nomination already there;
    # in a transaction (its start and end), the nomination, its evidence and its audit event; its
    # evidence read back; the caller's roles.
    with django_assert_num_queries(15):
        created = client.post(URL, self_nomination(nominator.contributor), format="json")
    assert created.status_code == 201, created.content
    # The token and its user; the nomination with its evidence, endorsements and invitations; in a
    # transaction (its start and end): the move in a savepoint (its start and end) locking the
    # row, saving and auditing; each piece of evidence recorded as a contribution (two look-ups, a
    # savepoint around them all and one around each insert, each audited); the caller's roles; the
    # language of the recipients of each of its two e-mails (decision 0018), and the text admins
    # wrote for each, if any (decision 0019).
    with django_assert_num_queries(29):
        submitted = client.post(f"{URL}{created.json()['id']}/submit/", format="json")
    assert submitted.status_code == 200, submitted.content


def test_the_answers_say_what_a_read_afterwards_says(cycle, nominator):
    client = client_of(nominator)
    created = client.post(URL, self_nomination(nominator.contributor), format="json")
    assert created.status_code == 201, created.content
    path = f"{URL}{created.json()['id']}/"
    assert created.json() == client.get(path).json()
    assert [item["title"] for item in created.json()["evidence"]] == ["Evidence 1", "Evidence 0"]
    assert all(item["id"] for item in created.json()["evidence"])
    submitted = client.post(f"{path}submit/", format="json")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["state"] == "submitted"
    assert submitted.json() == client.get(path).json()


@pytest.mark.parametrize("new", [False, True], ids=["known nominee", "nominee_new"])
def test_a_peer_nominations_answer_says_what_a_read_afterwards_says(cycle, nominator, new):
    organization = OrganizationFactory(name="Peer Org")
    body = self_nomination(nominator.contributor)
    del body["list_publicly"], body["nominee"]
    if new:
        body["nominee_new"] = {
            "kind": "person",
            "name": "Pat Peer",
            "email": "pat@example.org",
            "organization": organization.pk,
        }
    else:
        body["nominee"] = ContributorFactory(name="Pat Peer", organization=organization).pk
    client = client_of(nominator)
    created = client.post(URL, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["nominee"]["name"] == "Pat Peer"
    assert created.json() == client.get(f"{URL}{created.json()['id']}/").json()


def test_a_refused_nominee_new_leaves_no_contributor_behind(cycle, nominator):
    """A nominee recorded in the same step goes with a refused nomination (one transaction)."""
    body = self_nomination(nominator.contributor)
    del body["list_publicly"], body["nominee"]
    body["nominee_new"] = {"kind": "person", "name": "Pat Peer", "email": "pat@example.org"}
    body["evidence"][0]["url"] = "ftp://example.org/not-http"
    answer = client_of(nominator).post(URL, body, format="json")
    assert answer.status_code == 400
    assert "evidence[0].url" in answer.json()
    assert not Nomination.objects.exists()
    assert not ContributorFactory._meta.model.objects.filter(email="pat@example.org").exists()
