"""The download of the nominations a person may list (issue 14): `/nominations/export.csv|xlsx`
(linked from My nominations and the screening page) and `GET /api/v1/nominations/export.csv|xlsx`,
with the list's filters (cycle, track, the state as the caller reads it, words) checked as the API
list checks them; each row as the list reads to that caller (an untold decision is "In review" to
its nominator); the queries do not grow with the rows. The panel's scores and a conflicted chair's
download are tested with the review app (tests/review/test_panel_exports.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.program import api as program

from ..downloads import content, csv_rows, records, xlsx_rows
from ..factories import (
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    EndorsementFactory,
    UserFactory,
    invite_to_endorse,
)

SUBMITTED = dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.UTC)
HEADER = ["Nomination", "Cycle", "Track", "Nominee", "Nominator", "State", "Submitted", "Endorsements"]


class World:
    """In the 2027 cycle Nora nominated Ana (submitted, endorsed twice), Bo (selected, not announced)
    and Cy (a draft); Omar nominated Dee (submitted). Ivy was invited to endorse Ana's."""

    def __init__(self):
        self.cycle = CycleFactory(slug="2027", name="2027 cohort")
        self.other = CycleFactory(slug="2028", name="2028 cohort")
        self.chair = UserFactory(username="cora", name="Cora Chair", roles=["chair", "panelist"])
        self.nora = UserFactory(username="nora", name="Nora Nominator")
        self.omar = UserFactory(username="omar", name="Omar Other")
        self.ivy = UserFactory(username="ivy", name="Ivy Invited", contributor=ContributorFactory())
        self.items = {}
        for name, track, nominator, state in (
            ("Ana Aranda", "engineer", self.nora, "submitted"),
            ("Bo Berg", "advocate", self.nora, "selected"),
            ("Cy Castro", "engineer", self.nora, "draft"),
            ("Dee Dunn", "innovator", self.omar, "submitted"),
        ):
            self.items[name] = DraftNominationFactory(
                cycle=self.cycle,
                track=program.get_track(track),
                nominee=ContributorFactory(name=name),
                nominator=nominator,
                state=state,
                submitted=None if state == "draft" else SUBMITTED,
            )
        endorse(self.items["Ana Aranda"], 2)
        invite_to_endorse(self.items["Ana Aranda"], self.ivy)


def endorse(nomination, count):
    for _ in range(count):
        EndorsementFactory(nomination=nomination, relationship="Colleague", statement="Yes.")


@pytest.fixture
def world(db):
    return World()


def listed(response, read=csv_rows) -> dict:
    return {row["Nominee"]: row for row in records(read(response))}


def test_a_nominator_downloads_their_nominations_as_they_read_them(client, world):
    client.force_login(world.nora)
    response = client.get("/nominations/export.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="nominations-')
    assert response["Cache-Control"] == "private, no-store"
    rows = csv_rows(response)
    assert rows[0] == HEADER
    found = {row["Nominee"]: row for row in records(rows)}
    assert sorted(found) == ["Ana Aranda", "Bo Berg", "Cy Castro"]
    ana = found["Ana Aranda"]
    assert ana == {
        "Nomination": str(world.items["Ana Aranda"].pk),
        "Cycle": "2027 cohort",
        "Track": "Distinguished Engineer",
        "Nominee": "Ana Aranda",
        "Nominator": "Nora Nominator",
        "State": "Submitted",
        "Submitted": "2027-03-01 09:30:00",
        "Endorsements": "2",
    }
    # The decision is told at the announcement: until then the nominator reads it as in review.
    assert found["Bo Berg"]["State"] == "In review"
    assert (found["Cy Castro"]["State"], found["Cy Castro"]["Submitted"]) == ("Draft", "")


def test_the_workbook_has_the_same_rows_typed(client, world):
    client.force_login(world.nora)
    found = listed(client.get("/nominations/export.xlsx"), xlsx_rows)
    assert sorted(found) == ["Ana Aranda", "Bo Berg", "Cy Castro"]
    ana = found["Ana Aranda"]
    assert ana["Nomination"] == world.items["Ana Aranda"].pk and ana["Endorsements"] == 2
    assert ana["Submitted"] == dt.datetime(2027, 3, 1, 9, 30)
    assert found["Bo Berg"]["State"] == "In review"


def test_each_role_downloads_what_it_may_list(client, world):
    client.force_login(world.ivy)  # invited to endorse Ana's
    assert list(listed(client.get("/nominations/export.csv"))) == ["Ana Aranda"]
    client.force_login(UserFactory())
    assert csv_rows(client.get("/nominations/export.csv")) == [HEADER]
    # The chair: every submitted nomination (never a draft), decisions as they are, the score columns.
    client.force_login(world.chair)
    rows = csv_rows(client.get("/nominations/export.csv"))
    assert rows[0] == [*HEADER, "Reviews", "Mean score", "Normalized score"]
    found = {row["Nominee"]: row for row in records(rows)}
    assert sorted(found) == ["Ana Aranda", "Bo Berg", "Dee Dunn"]
    assert found["Bo Berg"]["State"] == "Selected" and found["Bo Berg"]["Reviews"] == ""
    client.logout()
    response = client.get("/nominations/export.csv")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize(
    ("query", "nora", "chair"),
    [
        ("cycle=2027", ["Ana Aranda", "Bo Berg", "Cy Castro"], ["Ana Aranda", "Bo Berg", "Dee Dunn"]),
        ("cycle=2028", [], []),
        ("track=engineer", ["Ana Aranda", "Cy Castro"], ["Ana Aranda"]),
        ("track=nope", [], []),
        ("state=in_review", ["Bo Berg"], []),
        ("state=selected", [], ["Bo Berg"]),
        ("q=omar", [], ["Dee Dunn"]),
        ("q=ana+engineer", ["Ana Aranda"], ["Ana Aranda"]),
        ("cycle=2027&track=advocate&state=in_review", ["Bo Berg"], []),
    ],
)
def test_the_lists_filters_narrow_the_download(client, client_for, world, query, nora, chair):
    for user, expected in ((world.nora, nora), (world.chair, chair)):
        client.force_login(user)
        assert sorted(listed(client.get(f"/nominations/export.csv?{query}"))) == expected, user
        api = client_for(user).get(f"/api/v1/nominations/export.xlsx?{query}")
        assert sorted(listed(api, xlsx_rows)) == expected, user
        # The API list answers the same nominations for the same filters.
        body = client_for(user).get(f"/api/v1/nominations/?{query}").json()
        assert sorted(row["nominee"]["name"] for row in body["results"]) == expected


def test_a_download_of_one_cycle_is_named_after_it(client, world):
    client.force_login(world.nora)
    response = client.get("/nominations/export.xlsx?cycle=2027")
    assert 'filename="nominations-2027-' in response["Content-Disposition"]
    content(response)


def test_a_bad_filter_is_refused_with_its_reason_and_an_unknown_cycle_is_not_found(client, client_for, world):
    client.force_login(world.nora)
    response = client.get("/nominations/export.csv?state=nope")
    assert response.status_code == 400
    assert (
        "state: Select a valid choice. nope is not one of the available choices." in response.content.decode()
    )
    assert client.get("/nominations/export.csv?q=" + "x" * 201).status_code == 400
    assert client.get("/nominations/export.csv?cycle=nope").status_code == 404
    api = client_for(world.nora)
    response = api.get("/api/v1/nominations/export.csv?state=nope")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json() == api.get("/api/v1/nominations/?state=nope").json()
    assert set(response.json()) == {"state"}
    # As the API list: an unknown cycle lists nothing.
    assert csv_rows(api.get("/api/v1/nominations/export.csv?cycle=nope")) == [HEADER]
    assert client_for(None).get("/api/v1/nominations/export.csv").status_code == 401
    assert client.post("/nominations/export.csv").status_code == 405


def test_the_api_reads_the_format_from_the_path_only(client_for, world):
    response = client_for(world.nora).get("/api/v1/nominations/export.csv?format=xlsx")
    assert len(csv_rows(response)) == 4
    response = client_for(world.nora).get("/api/v1/nominations/export.xlsx", HTTP_ACCEPT="application/json")
    assert len(xlsx_rows(response)) == 4


def test_the_download_costs_the_same_queries_for_3_or_30_nominations(
    client, world, django_assert_num_queries
):
    client.force_login(world.nora)
    client.get("/")  # the session's first request saves it

    def add(count):
        for i in range(count):
            item = DraftNominationFactory(
                cycle=world.cycle,
                nominee=ContributorFactory(name=f"Extra {i}"),
                nominator=world.nora,
                state="submitted",
                submitted=timezone.now(),
            )
            endorse(item, 2)

    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(client.get("/nominations/export.csv"))) == 1 + 3
    add(27)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(client.get("/nominations/export.csv"))) == 1 + 30
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(xlsx_rows(client.get("/nominations/export.xlsx"))) == 1 + 30


def test_my_nominations_and_the_screening_page_link_their_downloads(client, world, admin_user):
    client.force_login(world.nora)
    page = client.get("/nominations/").content.decode()
    assert 'href="/nominations/export.csv"' in page and 'href="/nominations/export.xlsx"' in page
    assert 'aria-label="Download every nomination you may list as CSV"' in page
    page = client.get("/nominations/?cycle=2027").content.decode()
    assert 'href="/nominations/export.xlsx?cycle=2027"' in page
    program.override_phase(actor=admin_user, cycle=world.cycle, phase="screening", reason="Test: screening.")
    client.force_login(world.chair)
    page = client.get("/cycles/2027/screening/?q=ana&track=engineer&failed=endorsements").content.decode()
    assert 'href="/nominations/export.csv?cycle=2027&amp;track=engineer&amp;q=ana"' in page
    assert "(whatever their checks)" in page
    assert (
        'href="/nominations/export.xlsx?cycle=2027"' in client.get("/cycles/2027/screening/").content.decode()
    )
