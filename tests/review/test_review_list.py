"""A panelist's review list a page at a time (`/review/`, `GET /api/v1/assignments/`): 50 a page by
nomination, the "done N of M" count of the whole list, `?cycle=` and `?status=todo|submitted`; a
refused status or page is a clear answer, never a 500; a voided assignment is never listed; and the
queries do not grow with the assignments."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.review import api
from distinguished.review.models import Assignment

from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    CycleFactory,
    NominationFactory,
    ReviewFactory,
    UserFactory,
)

PAGE = 50


@pytest.fixture
def panelist(db):
    return UserFactory(contributor=ContributorFactory())


def assign(panelist, cycle, count, *, submitted=0, drafts=0, start=0):
    """`count` assignments of `panelist` in `cycle`: the first `submitted` reviewed, the next `drafts`
    drafted, the rest to do."""
    made = []
    for i in range(start, start + count):
        nomination = NominationFactory(
            cycle=cycle, nominee=ContributorFactory(name=f"Nominee {i:03d}"), statement="Why."
        )
        assignment = AssignmentFactory(nomination=nomination, panelist=panelist)
        index = i - start
        if index < submitted + drafts:
            ReviewFactory(
                assignment=assignment,
                scores={"core_platform": 4},
                recommendation="yes",
                comment="",
                submitted=timezone.now() if index < submitted else None,
            )
        made.append(assignment)
    return made


def rows(html) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/review/(\d+)/">', html)


def test_the_list_is_cut_into_pages_and_keeps_the_count_of_the_whole(client, panelist):
    cycle = CycleFactory()
    made = assign(panelist, cycle, 60, submitted=7, drafts=3)
    client.force_login(panelist)
    html = client.get("/review/").content.decode()
    assert rows(html) == [str(a.pk) for a in made[:PAGE]]
    assert 'data-testid="progress">7 of 60 submitted' in html
    assert "Page 1 of 2 (60 reviews)" in html and 'href="?page=2" rel="next"' in html
    html = client.get("/review/?page=2").content.decode()
    assert rows(html) == [str(a.pk) for a in made[PAGE:]]
    assert 'data-testid="progress">7 of 60 submitted' in html and 'rel="prev"' in html


def test_the_status_filter_lists_the_reviews_to_do_or_the_submitted_ones(client, panelist):
    cycle = CycleFactory()
    made = assign(panelist, cycle, 10, submitted=4, drafts=2)
    client.force_login(panelist)
    html = client.get("/review/?status=todo").content.decode()
    assert rows(html) == [str(a.pk) for a in made[4:]]  # the drafts are still to do
    assert 'data-testid="progress">4 of 10 submitted' in html
    html = client.get("/review/?status=submitted").content.decode()
    assert rows(html) == [str(a.pk) for a in made[:4]]
    assert 'aria-current="page">Submitted</a>' in html
    # Nothing left to do: the list says so.
    done = UserFactory()
    assign(done, cycle, 2, submitted=2, start=100)
    client.force_login(done)
    assert "Every review is submitted." in client.get("/review/?status=todo").content.decode()


def test_the_cycle_filter_stays_on_every_page_and_in_the_status_links(client, panelist):
    first, second = CycleFactory(), CycleFactory()
    mine = assign(panelist, first, 55, submitted=1)
    assign(panelist, second, 5, start=200)
    client.force_login(panelist)
    html = client.get(f"/review/?cycle={first.slug}").content.decode()
    assert 'data-testid="progress">1 of 55 submitted' in html
    assert f'href="?cycle={first.slug}&amp;page=2" rel="next"' in html
    assert f'href="?cycle={first.slug}&amp;status=todo"' in html
    html = client.get(f"/review/?cycle={first.slug}&status=todo&page=2").content.decode()
    assert rows(html) == [str(a.pk) for a in mine[51:]]
    assert f'href="?cycle={first.slug}&amp;status=todo&amp;page=1" rel="prev"' in html
    assert client.get("/review/?cycle=no-such-cycle").status_code == 404


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("page=abc", "“abc” is not a page number."),
        ("page=0", "There is no page 0: the pages go from 1 to 1."),
        ("page=7", "There is no page 7: the pages go from 1 to 1."),
        ("page=" + "9" * 40, "There is no page"),
        ("status=later", "“later” is not a status of the list"),
    ],
)
def test_a_refused_page_or_status_is_named_and_the_first_page_shown(client, panelist, query, said):
    made = assign(panelist, CycleFactory(), 3)
    client.force_login(panelist)
    response = client.get(f"/review/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert said in html and rows(html) == [str(a.pk) for a in made]


def test_a_voided_assignment_is_never_listed_nor_counted(client, panelist):
    cycle = CycleFactory()
    made = assign(panelist, cycle, 3, submitted=1)
    Assignment.objects.filter(pk=made[0].pk).update(voided=timezone.now())
    client.force_login(panelist)
    html = client.get("/review/").content.decode()
    assert rows(html) == [str(made[1].pk), str(made[2].pk)]
    assert 'data-testid="progress">0 of 2 submitted' in html
    answer = client.get("/api/v1/assignments/").json()
    assert [row["id"] for row in answer["results"]] == [made[1].pk, made[2].pk]


def test_the_api_pages_and_filters_the_same_list(client, panelist):
    first, second = CycleFactory(), CycleFactory()
    made = assign(panelist, first, 55, submitted=5)
    assign(panelist, second, 2, start=200)
    client.force_login(panelist)
    answer = client.get("/api/v1/assignments/").json()
    assert answer["count"] == 57 and len(answer["results"]) == PAGE and answer["next"]
    answer = client.get(f"/api/v1/assignments/?cycle={first.slug}&status=submitted").json()
    assert [row["id"] for row in answer["results"]] == [a.pk for a in made[:5]]
    answer = client.get(f"/api/v1/assignments/?cycle={first.slug}&status=todo").json()
    assert answer["count"] == 50 and [row["id"] for row in answer["results"]] == [a.pk for a in made[5:]]
    assert answer["next"] is None
    response = client.get("/api/v1/assignments/?status=later")
    assert response.status_code == 400 and "status" in response.json()
    response = client.get("/api/v1/assignments/?cycle=no-such-cycle")
    assert response.status_code == 400 and response.json() == {"cycle": ["No cycle “no-such-cycle”."]}
    for page in ("9", "abc", "0"):
        response = client.get(f"/api/v1/assignments/?page={page}")
        assert response.status_code == 404 and response.json() == {"detail": "Invalid page."}, page


@pytest.mark.parametrize("url", ["/review/", "/review/?status=todo&page=2", "/api/v1/assignments/?page=2"])
def test_a_page_of_the_list_takes_the_same_queries_at_any_size(
    client, panelist, django_assert_num_queries, url
):
    cycle = CycleFactory()
    assign(panelist, cycle, 110, submitted=5, drafts=5)
    client.force_login(panelist)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    reading = len(small.captured_queries)  # before the next request empties Django's query log
    assign(panelist, CycleFactory(), 300, submitted=30, drafts=5, start=1000)
    with django_assert_num_queries(reading):
        assert client.get(url).status_code == 200


def test_review_progress_counts_one_cycle_or_all(panelist):
    first, second = CycleFactory(), CycleFactory()
    assign(panelist, first, 4, submitted=3, drafts=1)
    assign(panelist, second, 2, submitted=1, start=100)
    assert api.review_progress(panelist) == {"done": 4, "total": 6}
    assert api.review_progress(panelist, first) == {"done": 3, "total": 4}
