"""The memberships list as a download: `/memberships/export.csv|xlsx` (program admins, the page's
filters) and `GET /api/v1/memberships/export.csv|xlsx` (the API list's rows and rules: admins every
term, anyone else signed in their own). The columns in the page's words, both formats, who gets
which rows, bad filters, and a fixed number of queries whatever the number of terms."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.membership import api, exports
from distinguished.membership.models import Membership
from distinguished.program import api as program

from ..downloads import content, csv_rows, records, xlsx_rows
from ..factories import ContributorFactory, OrganizationFactory, UserFactory

TODAY = dt.date(2027, 5, 1)
START = dt.date(2025, 7, 1)
HEADER = [
    "Member",
    "Kind",
    "Track",
    "Cohort",
    "Term starts",
    "Term ends",
    "Renews an earlier term",
    "Status",
    "Revoked on",
    "Reason for revocation",
    "Renewal application",
    "Renewal decided",
    "Lifetime status",
    "Lifetime milestone",
]
WEB = "/memberships/export.{}"
API = "/api/v1/memberships/export.{}"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2027, 5, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


def record(admin_user, contributor, start, *, track="engineer", previous=None, cycle=None):
    return api.record_term(
        actor=admin_user,
        contributor=contributor,
        track=program.get_track(track),
        start=start,
        previous=previous,
        cycle=cycle,
    )


@pytest.fixture
def rita(db):
    return UserFactory(username="rita", contributor=ContributorFactory(name="Rita Renewer"))


@pytest.fixture
def terms(admin_user, rita):
    """Rita's term in its renewal window with her pending application; Vera's two chained terms;
    Wanda's term eligible for lifetime status; Rex's revoked term; Lee's lapsed renewal; an
    organization on the partner track in the 2025 cohort."""
    ritas = record(admin_user, rita.contributor, START)
    api.apply_for_renewal(actor=rita, membership=ritas, statement="Still at it.")
    vera = ContributorFactory(name="Vera Veteran")
    record(admin_user, vera, START, previous=record(admin_user, vera, dt.date(2023, 7, 1)))
    wanda = ContributorFactory(name="Wanda Waiting")
    record(admin_user, wanda, dt.date(2025, 5, 1), previous=record(admin_user, wanda, dt.date(2023, 5, 1)))
    rex = record(admin_user, ContributorFactory(name="Rex Revoked"), START, track="advocate")
    api.revoke(actor=admin_user, membership=rex, reason="=Broke the code of conduct.")
    lee = UserFactory(username="lee", contributor=ContributorFactory(name="Lee Lapsed"))
    lees = record(admin_user, lee.contributor, START)
    renewal = api.apply_for_renewal(actor=lee, membership=lees, statement="Please.")
    api.decide_renewal(actor=admin_user, renewal=renewal, renew=False, reason="Too little this term.")
    partner = OrganizationFactory(name="Partner Org")
    record(admin_user, partner, START, track="partner", cycle=program.get_cycle("2025"))


def by_member(rows) -> dict[str, dict]:
    return {(row["Member"], row["Term starts"]): row for row in records(rows)}


# --- the page's download ---------------------------------------------------------------------------


def test_an_admin_downloads_every_term_as_csv_in_the_page_words(client, admin_user, terms):
    client.force_login(admin_user)
    rows = csv_rows(client.get(WEB.format("csv")))
    assert rows[0] == HEADER
    found = by_member(rows)
    assert len(found) == 8
    assert found[("Rita Renewer", "2025-07-01")] == {
        "Member": "Rita Renewer",
        "Kind": "Person",
        "Track": "Distinguished Engineer",
        "Cohort": "",
        "Term starts": "2025-07-01",
        "Term ends": "2027-06-30",
        "Renews an earlier term": "no",
        "Status": "Renewal window open",
        "Revoked on": "",
        "Reason for revocation": "",
        "Renewal application": "pending decision",
        "Renewal decided": "",
        "Lifetime status": "Milestone on 30 Jun 2029, if renewed",
        "Lifetime milestone": "2029-06-30",
    }
    first, second = found[("Vera Veteran", "2023-07-01")], found[("Vera Veteran", "2025-07-01")]
    assert (first["Status"], first["Renews an earlier term"], first["Lifetime status"]) == (
        "Renewed",
        "no",
        "",
    )
    assert (second["Renews an earlier term"], second["Lifetime status"]) == (
        "yes",
        "Milestone on 30 Jun 2027",
    )
    assert found[("Wanda Waiting", "2025-05-01")]["Lifetime status"] == "Eligible for lifetime status"
    revoked = found[("Rex Revoked", "2025-07-01")]
    assert (revoked["Status"], revoked["Revoked on"], revoked["Track"]) == (
        "Revoked",
        "2027-05-01",
        "Distinguished Advocate",
    )
    # A reason a spreadsheet would run as a formula is written as text.
    assert revoked["Reason for revocation"] == "'=Broke the code of conduct."
    lapsed = found[("Lee Lapsed", "2025-07-01")]
    assert (lapsed["Renewal application"], lapsed["Renewal decided"], lapsed["Lifetime status"]) == (
        "lapsed",
        "2027-05-01 12:00:00",
        "Not reachable: renewal not granted",
    )
    partner = found[("Partner Org", "2025-07-01")]
    assert (partner["Kind"], partner["Track"], partner["Cohort"]) == (
        "Organization",
        "Distinguished Partner",
        "2025 cohort",
    )


def test_the_xlsx_download_has_the_same_rows_with_typed_cells(client, admin_user, terms):
    client.force_login(admin_user)
    as_csv = csv_rows(client.get(WEB.format("csv")))
    as_xlsx = xlsx_rows(client.get(WEB.format("xlsx")))
    assert as_xlsx[0] == HEADER
    assert len(as_xlsx) == len(as_csv)
    rita = next(row for row in records(as_xlsx) if row["Member"] == "Rita Renewer")
    assert rita["Term starts"] == dt.datetime(2025, 7, 1)
    assert rita["Lifetime milestone"] == dt.datetime(2029, 6, 30)
    assert (rita["Renews an earlier term"], rita["Revoked on"]) == ("no", None)
    rex = next(row for row in records(as_xlsx) if row["Member"] == "Rex Revoked")
    assert rex["Reason for revocation"] == "=Broke the code of conduct."  # text, never a formula


def test_the_page_filters_apply_and_what_the_page_ignores_the_download_ignores(client, admin_user, terms):
    client.force_login(admin_user)

    def members(query):
        return sorted({row["Member"] for row in records(csv_rows(client.get(WEB.format("csv"), query)))})

    assert members({"track": "advocate"}) == ["Rex Revoked"]
    assert members({"status": "revoked"}) == ["Rex Revoked"]
    assert members({"status": "renewed"}) == ["Vera Veteran", "Wanda Waiting"]
    assert members({"q": "rita"}) == ["Rita Renewer"]
    assert members({"q": "rita", "track": "partner"}) == []
    # The page lists every term for a filter it does not know (its form shows the error): so does
    # the download of that page.
    assert "8 terms." in client.get("/memberships/", {"status": "bogus"}).content.decode()
    assert len(records(csv_rows(client.get(WEB.format("csv"), {"status": "bogus"})))) == 8


def test_the_page_links_its_downloads_with_its_filters(client, admin_user, terms):
    client.force_login(admin_user)
    page = client.get("/memberships/", {"status": "revoked", "page": "1"}).content.decode()
    assert 'href="/memberships/export.csv?status=revoked"' in page
    assert 'href="/memberships/export.xlsx?status=revoked"' in page
    assert 'aria-label="Download this list as Excel (XLSX)"' in page


def test_the_page_download_is_for_program_admins(client, terms, rita, chair, panelist, approver):
    for file_format in ("csv", "xlsx"):
        response = client.get(WEB.format(file_format))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
        for someone in (rita, chair, panelist, approver):
            client.force_login(someone)
            assert client.get(WEB.format(file_format)).status_code == 403
        client.logout()


# --- the REST API's download ---------------------------------------------------------------------


def test_the_api_download_gives_an_admin_every_term_with_the_list_filters(client_for, admin_user, terms):
    client = client_for(admin_user)
    assert len(records(csv_rows(client.get(API.format("csv"))))) == 8
    revoked = records(xlsx_rows(client.get(API.format("xlsx"), {"status": "revoked"})))
    assert [row["Member"] for row in revoked] == ["Rex Revoked"]
    vera = contributor_id("Vera Veteran")
    only = records(csv_rows(client.get(API.format("csv"), {"contributor": vera})))
    assert [row["Term starts"] for row in only] == ["2025-07-01", "2023-07-01"]


def contributor_id(name: str) -> int:
    return Membership.objects.filter(contributor__name=name).values_list("contributor_id", flat=True)[0]


def test_a_member_downloads_only_their_own_terms(client_for, rita, terms):
    client = client_for(rita)
    rows = records(csv_rows(client.get(API.format("csv"))))
    assert [(row["Member"], row["Renewal application"]) for row in rows] == [
        ("Rita Renewer", "pending decision")
    ]
    # Another contributor's terms: none, as the list answers.
    other = contributor_id("Vera Veteran")
    assert records(csv_rows(client.get(API.format("csv"), {"contributor": other}))) == []
    assert records(xlsx_rows(client_for(UserFactory()).get(API.format("xlsx")))) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"contributor": "me"}, "contributor"),
        ({"contributor": "0"}, "contributor"),
    ],
)
def test_a_bad_filter_is_a_field_error_as_the_list_answers(client_for, admin_user, terms, query, field):
    client = client_for(admin_user)
    for file_format in ("csv", "xlsx"):
        response = client.get(API.format(file_format), query)
        assert response.status_code == 400
        assert field in response.json()
    assert client.get("/api/v1/memberships/", query).status_code == 400


def test_the_path_says_the_format_whatever_format_or_accept_say(client_for, admin_user, terms):
    client = client_for(admin_user)
    response = client.get(API.format("csv"), {"format": "json"}, HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content(response)
    response = client.get(API.format("xlsx"), HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content(response)


def test_an_anonymous_caller_is_asked_to_authenticate(client_for, terms):
    response = client_for(None).get(API.format("csv"))
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Token")


# --- queries -------------------------------------------------------------------------------------------


def test_the_download_runs_in_the_same_queries_for_2_and_30_terms(client, admin_user, monkeypatch):
    client.force_login(admin_user)

    def queries(file_format) -> int:
        with CaptureQueriesContext(connection) as captured:
            content(client.get(WEB.format(file_format)))
        return len(captured)

    def add(count):
        for _ in range(count):
            person = ContributorFactory()
            first = record(admin_user, person, dt.date(2023, 7, 1))
            record(admin_user, person, START, previous=first)

    add(1)
    few = {file_format: queries(file_format) for file_format in ("csv", "xlsx")}
    add(14)
    assert {file_format: queries(file_format) for file_format in ("csv", "xlsx")} == few
    # Read in chunks: a query or two more per chunk, never per term.
    monkeypatch.setattr(exports, "CHUNK", 10)
    assert queries("csv") <= few["csv"] + 2 * 2


def test_the_schema_documents_each_download_with_its_one_content_type():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for file_format, media_type in (
        ("csv", "text/csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ):
        operation = paths[f"/api/v1/memberships/export.{file_format}"]["get"]
        assert operation["operationId"] == f"v1_memberships_export_{file_format}"
        assert list(operation["responses"]["200"]["content"]) == [media_type]
        assert {"400", "401", "403"} <= set(operation["responses"])
        assert {p["name"] for p in operation["parameters"]} == {"track", "status", "contributor"}
