"""The directory's cohort filter offers only cohorts that recognized someone (never a cycle still
taking nominations), and a member who renewed or holds lifetime status shows when they first joined
the track: “Distinguished Engineer since 2021” on the profile, `since` in the API."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from distinguished.membership import api
from distinguished.program import api as program
from distinguished.program.models import Cycle

from ..factories import ContributorFactory, CycleFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def term(contributor, start, *, cycle=None, previous=None, lifetime=False, track="engineer"):
    start = dt.date.fromisoformat(start)
    return MembershipFactory(
        contributor=contributor,
        track=program.get_track(track),
        cycle=cycle,
        start=start,
        end=None if lifetime else api.term_end(start, 2),
        previous=previous,
        lifetime=lifetime,
    )


@pytest.fixture
def lina(db):
    """Recognized in 2021, renewed in 2023, lifetime since her 2025 term."""
    cohort = CycleFactory(slug="2021", name="2021 cohort", nominations_open=dt.date(2021, 1, 10))
    lina = ContributorFactory(name="Lina Lifetime", listed_publicly=True)
    first = term(lina, "2021-07-01", cycle=cohort)
    second = term(lina, "2023-07-01", previous=first)
    term(lina, "2025-07-01", previous=second, lifetime=True)
    return lina


def test_the_cohort_filter_lists_only_cohorts_with_members(client, lina, frozen):
    CycleFactory(slug="2027", name="2027 cohort")  # taking nominations: no member yet
    options = api.directory_options()
    assert [cycle.slug for cycle in options.cycles] == ["2021"]
    html = client.get("/directory/").content.decode()
    cohort_select = html.split('id="cycle"')[1].split("</select>")[0]
    assert "2021 cohort" in cohort_select
    assert "2027 cohort" not in cohort_select and "2025 cohort" not in cohort_select


def test_a_cohort_not_announced_is_a_400_on_the_cycle_filter(client, lina, frozen):
    CycleFactory(slug="2027", name="2027 cohort")
    response = client.get("/api/v1/directory/", {"cycle": "2027"})
    assert response.status_code == 400
    assert response.json() == {
        "cycle": ["No announced cohort “2027”; give the slug of an announced cohort, such as “2021”."]
    }
    assert client.get("/api/v1/directory/", {"cycle": "2021"}).json()["count"] == 1


def test_a_lifetime_member_shows_when_they_first_joined(client, lina, frozen):
    html = client.get(reverse("membership:profile", args=[lina.pk])).content.decode()
    assert 'data-testid="member-since">Distinguished Engineer since 2021, for life<' in html
    assert "for life (lifetime status; last term from 1 Jul 2025)" in html
    [item] = client.get("/api/v1/directory/").json()["results"]
    assert (item["status"], item["start"], item["since"], item["cycle"]) == (
        "lifetime",
        "2025-07-01",
        "2021-07-01",
        "2021",
    )
    row = client.get("/directory/").content.decode().split("Lina Lifetime")[1].split("</tr>")[0]
    assert "since 2021" in row


def test_a_first_term_says_since_its_own_start(client, db, frozen):
    ada = ContributorFactory(name="Ada Active", listed_publicly=True)
    term(ada, "2025-07-01", cycle=Cycle.objects.get(slug="2025"))
    html = client.get(reverse("membership:profile", args=[ada.pk])).content.decode()
    assert 'data-testid="member-since">Distinguished Engineer since 2025<' in html
    [item] = client.get("/api/v1/directory/").json()["results"]
    assert item["since"] == item["start"] == "2025-07-01"
    row = client.get("/directory/").content.decode().split("Ada Active")[1].split("</tr>")[0]
    assert "since" not in row


def test_an_expired_term_does_not_claim_a_since(client, db, frozen):
    xavier = ContributorFactory(name="Xavier Expired", listed_publicly=True)
    term(xavier, "2023-07-01", cycle=Cycle.objects.get(slug="2025"))
    html = client.get(reverse("membership:profile", args=[xavier.pk])).content.decode()
    assert "member-since" not in html
