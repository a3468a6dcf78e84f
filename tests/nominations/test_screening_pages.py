"""The screening list a page at a time (issue 15): 50 rows a page in submission order, the checks
computed for the page's rows only, the filters and the page kept by the links and by a decision, a
bad page or check a 400 that says so, and the same queries at any size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.nominations import api
from distinguished.program import api as program

from ..factories import (
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    OrganizationFactory,
    UserFactory,
)

LIST = "/cycles/2027/screening/"


@pytest.fixture
def cycle(db, admin_user):
    cycle = CycleFactory(slug="2027", name="2027 cohort")
    program.override_phase(actor=admin_user, cycle=cycle, phase="screening", reason="Test: screening.")
    return program.get_cycle("2027")


@pytest.fixture
def chair(db):
    return UserFactory(username="cora", roles=["chair", "panelist"])


def submitted(cycle, count: int, *, track="engineer", nominee=ContributorFactory, start=0) -> list:
    """`count` submitted nominations, one a minute (the list's order), named "Nominee 000" on."""
    first = timezone.now() - dt.timedelta(days=1)
    return [
        DraftNominationFactory(
            cycle=cycle,
            track=program.get_track(track),
            nominee=nominee(name=f"Nominee {start + i:03d}"),
            state="submitted",
            submitted=first + dt.timedelta(minutes=start + i),
        )
        for i in range(count)
    ]


def names(response) -> list[str]:
    return [nomination.nominee.name for nomination, _ in response.context["rows"]]


def test_the_list_shows_50_rows_a_page_in_submission_order_with_their_checks(client, cycle, chair):
    submitted(cycle, 62)
    client.force_login(chair)
    first = client.get(LIST)
    assert first.status_code == 200
    assert names(first) == [f"Nominee {i:03d}" for i in range(50)]
    assert all(len(checks) == len(api.RULES) for _, checks in first.context["rows"])
    html = first.content.decode()
    assert "Page 1 of 2, 1–50 of 62 nominations" in html
    assert 'href="?page=2" rel="next"' in html and 'rel="prev"' not in html
    second = client.get(LIST, {"page": "2"})
    assert names(second) == [f"Nominee {i:03d}" for i in range(50, 62)]
    assert "Page 2 of 2, 51–62 of 62 nominations" in second.content.decode()
    assert 'href="?page=1" rel="prev"' in second.content.decode()


def test_a_short_list_has_no_page_links_and_says_how_many(client, cycle, chair):
    submitted(cycle, 3)
    client.force_login(chair)
    html = client.get(LIST).content.decode()
    assert "3 nominations" in html and "Page 1 of" not in html and 'rel="next"' not in html


def test_the_page_links_keep_the_search_track_and_failed_check(client, cycle, chair):
    submitted(cycle, 55)
    submitted(cycle, 3, track="advocate", start=100)
    client.force_login(chair)
    response = client.get(LIST, {"q": "nominee", "track": "engineer", "failed": "endorsements"})
    assert len(response.context["rows"]) == 50
    assert 'href="?q=nominee&amp;track=engineer&amp;failed=endorsements&amp;page=2" rel="next"' in (
        response.content.decode()
    )
    last = client.get(LIST, {"q": "nominee", "track": "engineer", "failed": "endorsements", "page": "2"})
    assert names(last) == [f"Nominee {i:03d}" for i in range(50, 55)]


def test_the_failed_check_filter_pages_the_failing_nominations_only(client, cycle, chair):
    people = submitted(cycle, 52)
    organizations = submitted(cycle, 3, nominee=OrganizationFactory, start=200)  # not on Engineer
    client.force_login(chair)
    response = client.get(LIST, {"failed": "subject"})
    assert [n.pk for n, _ in response.context["rows"]] == [n.pk for n in organizations]
    assert response.context["page"].paginator.count == 3
    assert client.get(LIST, {"failed": "endorsements"}).context["page"].paginator.count == 55
    assert {n.pk for n in people} >= {n.pk for n, _ in client.get(LIST, {"page": "1"}).context["rows"]}


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ({"page": "3"}, "There is no page 3: the pages go from 1 to 2."),
        ({"page": "0"}, "There is no page 0: the pages go from 1 to 2."),
        ({"page": "last"}, "“last” is not a page number."),
        ({"page": "9" * 5000}, f"There is no page {'9' * 20}: the pages go from 1 to 2."),
        ({"failed": "nonsense"}, "“nonsense” is not a check; showing every check."),
    ],
)
def test_a_bad_page_or_check_is_a_400_that_says_so_and_shows_the_first_page(
    client, cycle, chair, query, said
):
    submitted(cycle, 51)
    client.force_login(chair)
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert said in response.content.decode()
    assert response.context["page"].number == 1 and len(response.context["rows"]) == 50


def test_a_decision_on_page_2_returns_to_page_2_with_the_filters(client, cycle, chair):
    nominations = submitted(cycle, 60)
    client.force_login(chair)
    target = nominations[55]
    form = client.get(LIST, {"track": "engineer", "page": "2"}).content.decode()
    assert '<input type="hidden" name="page" value="2">' in form
    response = client.post(
        f"{LIST}{target.pk}/decide/", {"decision": "eligible", "track": "engineer", "page": "2"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?track=engineer&page=2#screen-{target.pk}"
    back = client.get(response["Location"].split("#")[0])
    assert target.pk in [n.pk for n, _ in back.context["rows"]]


def test_a_refused_decision_shows_the_page_it_was_made_on(client, cycle, chair):
    nominations = submitted(cycle, 60)
    client.force_login(chair)
    target = nominations[57]
    response = client.post(f"{LIST}{target.pk}/decide/", {"decision": "ineligible", "page": "2"})
    assert response.status_code == 400
    assert response.context["page"].number == 2 and response.context["failed_id"] == target.pk


def page_queries(client, query) -> int:
    client.get(LIST, query)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"page": "2"}, {"failed": "endorsements"}, {"failed": "sustained"}])
def test_a_page_costs_the_same_queries_at_any_size(client, cycle, chair, query, django_assert_num_queries):
    submitted(cycle, 55)
    client.force_login(chair)
    few = page_queries(client, query)
    submitted(cycle, 60, start=100)
    with django_assert_num_queries(few):
        response = client.get(LIST, query)
    assert len(response.context["rows"]) == 50


def test_a_nomination_a_conflict_hides_is_not_listed_and_the_pages_count_without_it(client, cycle, chair):
    from distinguished.nominations import conflicts

    nominations = submitted(cycle, 51)
    hidden = nominations[10]

    def provider(user):
        return {hidden.pk} if user.pk == chair.pk else set()

    conflicts.register(provider)
    try:
        client.force_login(chair)
        response = client.get(LIST)
        assert hidden.pk not in [n.pk for n, _ in response.context["rows"]]
        assert response.context["page"].paginator.count == 50
        assert response.context["page"].paginator.num_pages == 1
    finally:
        conflicts._providers.remove(provider)
