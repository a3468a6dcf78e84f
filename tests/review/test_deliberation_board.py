"""The deliberation board a page at a time (review/board.py): 25 nominations a page in rank order, the
unreviewed after; `?track=` and `?undecided=1`; what a conflict hides never on a page nor in a count;
votes and decisions return to the page they were made from; the tallies poll the page shown; the
REST board paged the same way; a refused page or filter is a clear 400, never a 500; and the queries
of a page do not grow with the nominations."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api

from .conftest import RATIONALE, cast, in_review, make_world, review, set_phase
from .conftest import fresh_nomination as fresh

PAGE = api.BOARD_PAGE_SIZE


@pytest.fixture
def world(db, admin_user):
    return make_world(admin_user)


def add_reviewed(world, count, *, track="engineer", start=0):
    """`count` more nominations in review, each reviewed once (scores 1 to 5 in turn)."""
    made = []
    for i in range(start, start + count):
        nomination = in_review(world.cycle, f"Extra Nominee {i:03d}")
        if track != "engineer":
            Nomination.objects.filter(pk=nomination.pk).update(track=program.get_track(track))
        review(world.cycle, nomination, world.panel[3], 1 + i % 5, f"Extra review {i}.")
        made.append(nomination)
    return made


def expected_order(world, viewer):
    """The board's order for `viewer`: the ranking's rows (stored ranks), then the unreviewed by id."""
    ranked = [standing.nomination_id for standing in api.ranked_rows(world.cycle, viewer).rows]
    seen = set(ranked) | set(api.hidden_nominations(viewer))
    unreviewed = [
        pk
        for pk in Nomination.objects.filter(cycle=world.cycle).order_by("pk").values_list("pk", flat=True)
        if pk not in seen
    ]
    return ranked, unreviewed


def page_url(world, query=""):
    return reverse("review:deliberation", args=[world.cycle.slug]) + (f"?{query}" if query else "")


def tallies_url(world, query=""):
    return reverse("review:tallies", args=[world.cycle.slug]) + (f"?{query}" if query else "")


def api_url(world, query=""):
    return f"/api/v1/cycles/{world.cycle.slug}/deliberation/" + (f"?{query}" if query else "")


def query_of(url) -> dict:
    return parse_qs(urlsplit(url).query)


def cards(html) -> list[int]:
    return [int(pk) for pk in re.findall(r'<section class="card" id="nomination-(\d+)"', html)]


def ids(board) -> list[int]:
    return [row["nomination"].pk for row in board["rows"]]


# --- Pages in rank order -------------------------------------------------------------------------


def test_the_board_is_cut_into_pages_in_rank_order_with_the_unreviewed_last(world):
    add_reviewed(world, 30)
    ranked, unreviewed = expected_order(world, world.chair)
    assert len(ranked) == 32 and unreviewed == [world.cy.pk]
    first = api.board(world.cycle, viewer=world.chair)
    second = api.board(world.cycle, viewer=world.chair, page=2)
    assert ids(first) == ranked[:PAGE] and ids(second) == ranked[PAGE:] + unreviewed
    assert [row["rank"] for row in first["rows"]] == list(range(1, PAGE + 1))
    assert [row["rank"] for row in second["rows"]] == [*range(PAGE + 1, 33), None]
    assert first["page"].paginator.count == 33 and first["page"].paginator.num_pages == 2
    assert second["rows"][0]["score"].rank == PAGE + 1


def test_a_conflict_hides_its_nomination_from_every_page_and_from_the_count(world, client):
    add_reviewed(world, 30)
    # The conflicted panelist: Ana (ranked) is not on any page, nor counted, nor a gap in the ranks.
    boards = [api.board(world.cycle, viewer=world.conflicted, page=n) for n in (1, 2)]
    shown = ids(boards[0]) + ids(boards[1])
    assert world.ana.pk not in shown and len(shown) == 32 == boards[0]["page"].paginator.count
    ranks = [row["rank"] for board in boards for row in board["rows"] if row["rank"]]
    assert ranks == list(range(1, 32))
    ranked, unreviewed = expected_order(world, world.conflicted)
    assert shown == ranked + unreviewed
    client.force_login(world.conflicted)
    for query in ("", "page=2", "undecided=1", "track=engineer&page=2"):
        html = client.get(page_url(world, query)).content.decode()
        assert "Ana Lima" not in html, query
        assert f'nomination-{world.ana.pk}"' not in html and f'tally-{world.ana.pk}"' not in html, query
    assert "(32 nominations)" in client.get(page_url(world)).content.decode()
    client.force_login(world.chair)
    assert "(33 nominations)" in client.get(page_url(world)).content.decode()
    answer = client.get(api_url(world)).json()
    assert answer["count"] == 33
    client.force_login(world.conflicted)
    answer = client.get(api_url(world, "page=2")).json()
    assert answer["count"] == 32 and world.ana.pk not in [row["nomination"] for row in answer["nominations"]]


def test_before_deliberation_a_reviewer_pages_through_their_assignments_only(world):
    add_reviewed(world, 30)  # all reviewed by panel[3]
    set_phase(world, "review")
    cycle = program.get_cycle(world.cycle.slug)
    reviewer = world.panel[1]  # reviews Ana and Bo only
    board = api.board(cycle, viewer=reviewer)
    assert ids(board) == [world.ana.pk, world.bo.pk] and board["page"].paginator.count == 2
    assert [row["rank"] for row in board["rows"]] == [1, 2]
    assert api.board(cycle, viewer=world.panel[3])["page"].paginator.count == 30


# --- Filters -------------------------------------------------------------------------------------


def test_the_track_and_undecided_filters_keep_the_ranks_of_the_whole_board(world, client):
    add_reviewed(world, 4)
    advocates = add_reviewed(world, 3, track="advocate", start=100)
    ranked, _ = expected_order(world, world.chair)
    whole = {row["nomination"].pk: row["rank"] for row in api.board(world.cycle, viewer=world.chair)["rows"]}
    board = api.board(world.cycle, viewer=world.chair, track="advocate")
    assert set(ids(board)) == {n.pk for n in advocates}
    assert ids(board) == [pk for pk in ranked if pk in {n.pk for n in advocates}]
    assert [row["rank"] for row in board["rows"]] == [whole[pk] for pk in ids(board)]
    # The chair decides Bo: he leaves the undecided ones.
    cast(world, world.bo, ["select"] * 5)
    api.record_decision(
        actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale=RATIONALE
    )
    undecided = api.board(world.cycle, viewer=world.chair, undecided=True)
    assert world.bo.pk not in ids(undecided) and world.cy.pk in ids(undecided)
    assert undecided["page"].paginator.count == whole.__len__() - 1
    both = api.board(world.cycle, viewer=world.chair, undecided=True, track="engineer")
    assert set(ids(both)) == set(whole) - {world.bo.pk} - {n.pk for n in advocates}
    # The page: the filters in the form, the links and the tallies' poll.
    client.force_login(world.chair)
    html = client.get(page_url(world, "track=advocate")).content.decode()
    assert cards(html) == ids(board)
    assert '<option value="advocate" selected>' in html
    html = client.get(page_url(world, "undecided=1")).content.decode()
    assert world.bo.pk not in cards(html) and 'name="undecided" value="1" checked' in html
    assert f'hx-get="{tallies_url(world, "undecided=1")}"' in html


def test_the_filters_in_the_api(world, client):
    add_reviewed(world, 3, track="advocate", start=100)
    client.force_login(world.chair)
    answer = client.get(api_url(world, "track=advocate&undecided=true")).json()
    assert (answer["count"], answer["track"], answer["undecided"]) == (3, "advocate", True)
    assert {row["track"] for row in answer["nominations"]} == {"advocate"}
    answer = client.get(api_url(world)).json()
    assert (answer["count"], answer["next"], answer["previous"], answer["track"], answer["undecided"]) == (
        6,
        None,
        None,
        "",
        False,
    )


def test_the_api_pages_with_next_and_previous_links_and_keeps_its_fields(world, client):
    add_reviewed(world, 30)
    client.force_login(world.chair)
    first = client.get(api_url(world, "track=engineer")).json()
    assert first["count"] == 33 and len(first["nominations"]) == PAGE
    assert query_of(first["next"]) == {"track": ["engineer"], "page": ["2"]} and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["nominations"]) == 8 and second["next"] is None
    assert query_of(second["previous"]) == {"track": ["engineer"]}
    assert [row["rank"] for row in second["nominations"]] == [*range(PAGE + 1, 33), None]
    assert set(first) == {
        "count",
        "next",
        "previous",
        "track",
        "undecided",
        "cycle",
        "phase",
        "voting",
        "quorum",
        "agreement",
        "nominations",
    }
    assert {"nomination", "rank", "tally", "quorum", "my_vote", "decision", "endorsements"} <= set(
        first["nominations"][0]
    )


# --- Refused parameters: a clear 400, never a 500 -----------------------------------------------


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("page=abc", "“abc” is not a page number."),
        ("page=0", "There is no page 0: the pages go from 1 to 1."),
        ("page=99", "There is no page 99: the pages go from 1 to 1."),
        ("page=" + "9" * 40, "There is no page"),
        ("track=nope", "“nope” is not a track of the program."),
        ("undecided=maybe", "Give undecided=1"),
    ],
)
def test_a_refused_page_or_filter_is_named_and_the_first_page_shown(world, client, query, said):
    client.force_login(world.chair)
    response = client.get(page_url(world, query))
    assert response.status_code == 400
    html = response.content.decode()
    assert said in html and 'data-testid="problem"' in html
    assert cards(html) == [world.ana.pk, world.bo.pk, world.cy.pk]
    response = client.get(tallies_url(world, query))
    assert response.status_code == 400 and f"tally-{world.ana.pk}" in response.content.decode()
    field = query.split("=")[0]
    response = client.get(api_url(world, query))
    assert response.status_code == 400 and said in " ".join(response.json()[field])


def test_the_board_stays_closed_to_others_whatever_the_parameters(world, client, member):
    client.force_login(member)
    for query in ("", "page=abc", "track=nope"):
        assert client.get(page_url(world, query)).status_code == 403
        assert client.get(api_url(world, query)).status_code == 403


# --- Votes, decisions and tallies stay on the page ------------------------------------------------


def test_a_vote_returns_to_the_page_and_card_it_was_cast_from(world, client):
    add_reviewed(world, 30)
    voter = world.panel[5]
    client.force_login(voter)
    html = client.get(page_url(world, "page=2")).content.decode()
    target = cards(html)[0]
    action = reverse("review:vote", args=[world.cycle.slug, target]) + "?page=2"
    assert f'action="{action}"' in html
    response = client.post(action, {"vote": "defer"})
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(world, 'page=2')}#nomination-{target}"
    html = client.get(response["Location"]).content.decode()
    nominee = Nomination.objects.get(pk=target).nominee
    assert f"Your vote on {nominee}: defer." in html and f"nomination-{target}" in html
    # Filters kept; anything else in the action's query is dropped.
    action = reverse("review:vote", args=[world.cycle.slug, target])
    response = client.post(
        action + "?track=engineer&undecided=1&page=2&next=https://evil.example", {"vote": "select"}
    )
    assert (
        response["Location"] == f"{page_url(world, 'track=engineer&undecided=1&page=2')}#nomination-{target}"
    )
    response = client.post(action + "?page=zzz&track=nope", {"vote": "select"})
    assert response["Location"] == f"{page_url(world)}#nomination-{target}"


def test_a_decision_returns_to_the_page_or_to_the_last_one_left(world, client):
    add_reviewed(world, 23)  # 26 undecided: two pages of undecided ones
    client.force_login(world.chair)
    html = client.get(page_url(world, "undecided=1&page=2")).content.decode()
    [last] = cards(html)
    nomination = Nomination.objects.get(pk=last)
    cast(world, nomination, ["select"] * 5)
    action = reverse("review:decide", args=[world.cycle.slug, last]) + "?undecided=1&page=2"
    assert f'action="{action.replace("&", "&amp;")}"' in html
    response = client.post(
        action, {f"decision-{last}-outcome": "selected", f"decision-{last}-rationale": RATIONALE}
    )
    # Decided, it left the undecided ones: page 2 is gone, the chair lands on page 1.
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(world, 'undecided=1')}#nomination-{last}"
    assert Nomination.objects.get(pk=last).state == "selected"
    # A refused decision shows the same page with the form's errors.
    other = cards(client.get(page_url(world, "undecided=1")).content.decode())[0]
    response = client.post(
        reverse("review:decide", args=[world.cycle.slug, other]) + "?undecided=1",
        {f"decision-{other}-outcome": "selected", f"decision-{other}-rationale": ""},
    )
    assert response.status_code == 400 and other in cards(response.content.decode())


def test_the_tallies_poll_covers_the_rows_of_the_page_shown(world, client):
    add_reviewed(world, 30)
    client.force_login(world.chair)
    html = client.get(page_url(world, "page=2")).content.decode()
    assert f'hx-get="{tallies_url(world, "page=2")}"' in html
    second = api.board(world.cycle, viewer=world.chair, page=2)
    tallies = client.get(tallies_url(world, "page=2")).content.decode()
    assert re.findall(r'data-testid="tally-(\d+)"', tallies) == [str(pk) for pk in ids(second)]
    assert f'hx-get="{tallies_url(world, "page=2")}"' in tallies
    assert "nominations 26–33 of 33" in tallies


# --- Constant queries --------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["chair", "panelist"])
@pytest.mark.parametrize(
    ("kind", "query"),
    [
        ("page", ""),
        ("page", "track=engineer&undecided=1"),
        ("tallies", ""),
        ("api", ""),
        ("api", "undecided=1"),
    ],
)
def test_a_page_of_the_board_takes_the_same_queries_at_any_size(
    world, client, django_assert_num_queries, viewer, kind, query
):
    user = {"chair": world.chair, "panelist": world.panel[5]}[viewer]
    url = {"page": page_url, "tallies": tallies_url, "api": api_url}[kind](world, query)
    client.force_login(user)
    add_reviewed(world, 30)
    client.get(url)  # the first read after a change recomputes the stored ranking
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    reading = len(small.captured_queries)  # before the next request empties Django's query log
    add_reviewed(world, 60, start=30)
    client.get(url)
    with django_assert_num_queries(reading):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("kind", ["page", "api"])
def test_a_vote_takes_the_same_queries_at_any_size(world, client, django_assert_num_queries, kind):
    # The checks read the conflicted pairs kept with the standings, never every nomination's parties.
    voter = world.panel[5]
    client.force_login(voter)

    def vote(choice):
        if kind == "page":
            url = reverse("review:vote", args=[world.cycle.slug, world.bo.pk])
            return client.post(url, {"vote": choice}).status_code
        return client.post(f"/api/v1/nominations/{world.bo.pk}/votes/", {"vote": choice}).status_code

    assert vote("select") in (201, 302)
    with CaptureQueriesContext(connection) as small:
        assert vote("decline") in (200, 302)
    reading = len(small.captured_queries)  # before the next request empties Django's query log
    add_reviewed(world, 40)
    client.get(page_url(world))  # the first read after a change recomputes the stored ranking
    with django_assert_num_queries(reading) as large:
        assert vote("defer") in (200, 302)
    assert api.vote_of(voter, world.bo) == "defer"
    assert not [q["sql"] for q in large.captured_queries if reads_every_nomination(q["sql"])]


def reads_every_nomination(sql: str) -> bool:
    """A query that loads every reviewable nomination of a cycle (what computing the conflicts does),
    whatever the database's quotes (MariaDB's are backticks)."""
    plain = sql.replace('"', "").replace("`", "")
    return plain.startswith("SELECT nominations_nomination.id") and "nominations_nomination.state IN" in plain


def test_computing_the_conflicts_would_read_every_nomination(world):
    # What the vote's checks avoid, seen by the same test.
    with CaptureQueriesContext(connection) as queries:
        api.conflicted_pairs(world.cycle)
    assert [q["sql"] for q in queries.captured_queries if reads_every_nomination(q["sql"])]
