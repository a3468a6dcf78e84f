"""The ranking page and GET /api/v1/cycles/{slug}/ranking/, a page at a time: sorts, pages, refused
parameters, who may read them; and the chair's whole ranking as CSV and XLSX, streamed."""

import pytest

from distinguished.review import api

from ..downloads import csv_rows, records, xlsx_rows
from .conftest import grow


@pytest.fixture
def big(late):
    """The late world with 60 more nominations: 62 rows, two pages of 50."""
    grow(late, 60)
    return late


def page_url(late, query=""):
    return f"/cycles/{late.cycle.slug}/ranking/{query}"


def api_url(late, query=""):
    return f"/api/v1/cycles/{late.cycle.slug}/ranking/{query}"


def test_the_page_shows_fifty_rows_and_links_the_next_page_keeping_the_sort(big, client):
    client.force_login(big.chair)
    response = client.get(page_url(big, "?sort=mean&track=engineer"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50
    html = response.content.decode()
    assert 'href="?sort=mean&amp;track=engineer&amp;page=2"' in html
    assert "Page 1 of 2" in html
    second = client.get(page_url(big, "?sort=mean&track=engineer&page=2"))
    assert len(second.context["rows"]) == 12
    means = [row["score"].mean for row in response.context["rows"] + second.context["rows"]]
    assert means == sorted(means, reverse=True)


def test_the_rank_stays_the_rank_by_normalised_score_whatever_the_sort(big, client):
    client.force_login(big.chair)
    by_score = {
        row["nomination"].pk: row["rank"]
        for number in (1, 2)
        for row in client.get(page_url(big, f"?page={number}")).context["rows"]
    }
    assert sorted(by_score.values()) == list(range(1, 63))
    for sort in api.RANKING_SORTS:
        rows = client.get(page_url(big, f"?sort={sort}")).context["rows"]
        assert all(row["rank"] == by_score[row["nomination"].pk] for row in rows), sort


def test_the_sort_links_keep_the_track_and_mark_the_current_sort(big, client):
    client.force_login(big.chair)
    html = client.get(page_url(big, "?sort=spread&track=engineer")).content.decode()
    for sort in ("nominee", "track", "normalized", "mean", "disagreement"):
        assert f'href="?sort={sort}&amp;track=engineer"' in html
    assert 'href="?sort=spread&amp;track=engineer" aria-current="true"' in html


def test_the_disagreement_highlight_is_kept(big, client):
    client.force_login(big.chair)
    response = client.get(page_url(big, "?sort=disagreement"))
    first = response.context["rows"][0]
    assert first["score"].disagreement
    assert 'class="disagree"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("?sort=bogus", "Sort by one of normalized"),
        ("?page=9", "There is no page 9"),
        ("?page=abc", "is not a page number"),
        ("?page=0", "There is no page 0"),
        ("?track=nope", "is not a track of the program"),
    ],
)
def test_a_refused_parameter_is_a_400_with_the_first_page_and_what_was_wrong(big, client, query, words):
    client.force_login(big.chair)
    response = client.get(page_url(big, query))
    assert response.status_code == 400
    assert words in response.content.decode()
    assert len(response.context["rows"]) == 50


def test_the_api_pages_in_the_house_style_and_keeps_its_fields(big, client_for):
    caller = client_for(big.chair)
    body = caller.get(api_url(big)).json()
    assert body["count"] == 62 and body["previous"] is None
    assert body["next"].endswith("?page=2")
    assert body["sort"] == "normalized" and body["agreement"] is not None
    assert len(body["ranking"]) == 50
    first = body["ranking"][0]
    assert set(first) >= {
        "nomination",
        "nominee",
        "track",
        "mean",
        "median",
        "normalized",
        "spread",
        "range",
        "reviews",
        "disagreement",
        "rank",
    }
    assert [row["rank"] for row in body["ranking"]] == list(range(1, 51))
    rest = caller.get(body["next"]).json()
    assert len(rest["ranking"]) == 12 and rest["next"] is None


@pytest.mark.parametrize("sort", list(api.RANKING_SORTS))
def test_the_api_sorts_on_the_server(big, client_for, sort):
    rows = client_for(big.chair).get(api_url(big, f"?sort={sort}")).json()["ranking"]
    keys = {
        "normalized": lambda r: r["rank"],
        "mean": lambda r: (-r["mean"], r["rank"]),
        "spread": lambda r: (-r["range"], -r["spread"], r["rank"]),
        "disagreement": lambda r: (not r["disagreement"], -r["range"], -r["spread"], r["rank"]),
        "track": lambda r: r["rank"],  # one track here
        "nominee": lambda r: (r["nominee"].lower(), r["rank"]),
    }
    assert rows == sorted(rows, key=keys[sort])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?sort=bogus", "sort"),
        ("?page=0", "page"),
        ("?page=x", "page"),
        ("?page=3", "page"),
        ("?track=x", "track"),
    ],
)
def test_the_api_refuses_a_parameter_with_its_field(big, client_for, query, field):
    response = client_for(big.chair).get(api_url(big, query))
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_the_api_is_for_the_chair_and_admins_during_review(big, client_for, member):
    assert client_for(big.r1).get(api_url(big)).status_code == 403
    assert client_for(member).get(api_url(big)).status_code == 403
    assert client_for(None).get(api_url(big)).status_code == 401


# --- The download ---------------------------------------------------------------------------------


def test_the_chair_downloads_every_row_as_csv_with_the_pages_sort(big, client):
    api.declare_conflict(actor=big.chair, cycle=big.cycle, nomination=big.ada, reason="Friend.")
    client.force_login(big.chair)
    rows = records(csv_rows(client.get(f"/cycles/{big.cycle.slug}/ranking/export.csv?sort=nominee")))
    assert len(rows) == 61
    assert "Ada Nominee" not in {row["Nominee"] for row in rows}
    names = [row["Nominee"] for row in rows]
    assert names == sorted(names, key=str.lower)
    assert sorted(int(row["Rank"]) for row in rows) == list(range(1, 62))
    assert set(rows[0]) >= {"Normalized score", "Mean score", "Median", "Range", "Reviews", "Disagreement"}


def test_the_xlsx_download_holds_the_same_rows_as_numbers(big, client):
    client.force_login(big.chair)
    rows = records(xlsx_rows(client.get(f"/cycles/{big.cycle.slug}/ranking/export.xlsx")))
    assert [row["Rank"] for row in rows] == list(range(1, 63))
    assert all(isinstance(row["Mean score"], float | int) for row in rows)


def test_the_api_download_is_the_same_file(big, client_for):
    response = client_for(big.chair).get(f"/api/v1/cycles/{big.cycle.slug}/ranking/export.csv?sort=mean")
    rows = records(csv_rows(response))
    assert len(rows) == 62
    assert client_for(big.chair).get(
        f"/api/v1/cycles/{big.cycle.slug}/ranking/export.csv?sort=bogus"
    ).json() == {"sort": ['"bogus" is not a valid choice.']}


def test_the_download_is_the_chairs_and_a_refused_sort_is_a_400(big, client, admin_user):
    from distinguished.program import api as program

    program.override_phase(actor=admin_user, cycle=big.cycle, phase="deliberation", reason="t")
    client.force_login(big.r1)
    assert client.get(page_url(big)).status_code == 200  # the panel reads the ranking now
    assert client.get(f"/cycles/{big.cycle.slug}/ranking/export.csv").status_code == 403
    assert client.get(page_url(big, "?format=csv"), follow=True).status_code == 403
    client.force_login(big.chair)
    assert client.get(f"/cycles/{big.cycle.slug}/ranking/export.csv?sort=bogus").status_code == 400
    redirect = client.get(page_url(big, "?format=csv&sort=mean"))
    assert redirect.status_code == 302
    assert redirect["Location"] == f"/cycles/{big.cycle.slug}/ranking/export.csv?sort=mean"
