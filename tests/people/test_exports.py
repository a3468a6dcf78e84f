"""The contributors list as a download: `/people/export.csv|xlsx` (program admins, the People page's
search) and `GET /api/v1/contributors/export.csv|xlsx` (the API list's rows, filters and rules:
admins every contributor, anyone else their own profile). Private fields only to whom the API shows
them (`people.view_contributor_private`); a person's listing in the directory as they chose it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..downloads import content, csv_rows, records, xlsx_rows
from ..factories import ContributorFactory, OrganizationFactory, UserFactory

HEADER = [
    "Id",
    "Name",
    "Kind",
    "Organization",
    "Country",
    "Website",
    "GitHub login",
    "Forum username",
    "E-mail",
    "Slack handle",
    "Slack member ID",
    "Size tier",
    "Employees",
    "Bio",
    "Public directory",
    "Created",
    "Updated",
]
PRIVATE = ["E-mail", "Slack handle", "Slack member ID", "Size tier", "Employees", "Bio", "Public directory"]
WEB = "/people/export.{}"
API = "/api/v1/contributors/export.{}"


@pytest.fixture
def people(db, member):
    org = OrganizationFactory(name="Acme Learning", size_tier="larger", employees=250, country="FR")
    private = ContributorFactory(
        name="Private Person",
        email="private@example.org",
        slack="@private",
        slack_id="U0PRIVATE",
        bio="+Likes tea.",
        organization=org,
        country="BR",
        forum="private-forum",
        listed_publicly=False,
    )
    listed = ContributorFactory(name="Listed Person", listed_publicly=True, github="listed-gh")
    return {"org": org, "private": private, "listed": listed, "member": member.contributor}


def by_name(rows) -> dict[str, dict]:
    return {row["Name"]: row for row in records(rows)}


# --- the People page's download --------------------------------------------------------------------


def test_an_admin_downloads_every_contributor_with_every_field(client, admin_user, people):
    client.force_login(admin_user)
    rows = csv_rows(client.get(WEB.format("csv")))
    assert rows[0] == HEADER
    found = by_name(rows)
    assert set(found) == {"Acme Learning", "Private Person", "Listed Person", "Member Person"}
    private = found["Private Person"]
    assert {key: private[key] for key in HEADER if key not in ("Created", "Updated", "GitHub login")} == {
        "Id": str(people["private"].pk),
        "Name": "Private Person",
        "Kind": "Person",
        "Organization": "Acme Learning",
        "Country": "Brazil",
        "Website": "",
        "Forum username": "private-forum",
        "E-mail": "private@example.org",
        "Slack handle": "'@private",  # a cell a spreadsheet would run is written as text
        "Slack member ID": "U0PRIVATE",
        "Size tier": "",
        "Employees": "",
        "Bio": "'+Likes tea.",
        "Public directory": "not listed",
    }
    assert private["Created"].startswith(dt.date.today().isoformat()[:4])
    org = found["Acme Learning"]
    assert (org["Kind"], org["Size tier"], org["Employees"], org["Country"]) == (
        "Organization",
        "Larger partner",
        "250",
        "France",
    )
    assert found["Listed Person"]["Public directory"] == "listed"


def test_the_xlsx_download_has_the_same_rows_with_typed_cells(client, admin_user, people):
    client.force_login(admin_user)
    rows = xlsx_rows(client.get(WEB.format("xlsx")))
    assert rows[0] == HEADER
    found = by_name(rows)
    assert len(found) == 4
    assert found["Acme Learning"]["Employees"] == 250
    assert found["Private Person"]["Id"] == people["private"].pk
    assert found["Private Person"]["Bio"] == "+Likes tea."  # text, never a formula
    assert isinstance(found["Private Person"]["Created"], dt.datetime)


def test_the_page_search_applies_and_an_unknown_kind_is_ignored_as_the_page_does(client, admin_user, people):
    client.force_login(admin_user)

    def names(query):
        return sorted(by_name(csv_rows(client.get(WEB.format("csv"), query))))

    assert names({"q": "private@"}) == ["Private Person"]
    assert names({"q": "listed-gh"}) == ["Listed Person"]
    assert names({"kind": "organization"}) == ["Acme Learning"]
    assert names({"q": "person", "kind": "organization"}) == []
    assert names({"kind": "robot"}) == names({})


def test_the_page_links_its_downloads_with_its_search(client, admin_user, people):
    client.force_login(admin_user)
    page = client.get("/people/", {"q": "tea & co", "kind": "person", "page": "1"}).content.decode()
    assert 'href="/people/export.csv?q=tea+%26+co&amp;kind=person"' in page
    assert 'href="/people/export.xlsx?q=tea+%26+co&amp;kind=person"' in page


def test_the_page_download_is_for_program_admins(client, people, member, chair, approver):
    for file_format in ("csv", "xlsx"):
        response = client.get(WEB.format(file_format))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
        for someone in (member, chair, approver):
            client.force_login(someone)
            assert client.get(WEB.format(file_format)).status_code == 403
        client.logout()


# --- the REST API's download ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin_user", "superuser"])
def test_the_api_download_gives_an_admin_every_contributor_with_the_list_filters(
    client_for, request, people, role
):
    client = client_for(request.getfixturevalue(role))
    everyone = by_name(csv_rows(client.get(API.format("csv"))))
    assert len(everyone) == 4
    assert everyone["Private Person"]["E-mail"] == "private@example.org"
    assert sorted(by_name(xlsx_rows(client.get(API.format("xlsx"), {"kind": "organization"})))) == [
        "Acme Learning"
    ]
    assert sorted(by_name(csv_rows(client.get(API.format("csv"), {"size_tier": "larger"})))) == [
        "Acme Learning"
    ]
    assert sorted(by_name(csv_rows(client.get(API.format("csv"), {"country": "BR"})))) == ["Private Person"]


def test_a_member_downloads_only_their_own_profile_with_its_private_fields(client_for, member, people):
    response = client_for(member).get(API.format("csv"))
    rows = csv_rows(response)
    assert list(by_name(rows)) == ["Member Person"]
    assert by_name(rows)["Member Person"]["E-mail"] == member.contributor.email
    for someone in (member, UserFactory()):
        body = content(client_for(someone).get(API.format("xlsx")))
        assert b"private@example.org" not in body
    assert records(xlsx_rows(client_for(UserFactory()).get(API.format("xlsx")))) == []


@pytest.mark.parametrize("query", [{"kind": "robot"}, {"size_tier": "huge"}, {"country": "XX"}])
def test_a_bad_filter_is_a_field_error_as_the_list_answers(client_for, admin_user, people, query):
    client = client_for(admin_user)
    (field,) = query
    for file_format in ("csv", "xlsx"):
        response = client.get(API.format(file_format), query)
        assert response.status_code == 400
        assert field in response.json()
    assert client.get("/api/v1/contributors/", query).status_code == 400


def test_an_anonymous_caller_is_asked_to_authenticate(client_for, people):
    assert client_for(None).get(API.format("xlsx")).status_code == 401


def test_the_schema_documents_the_list_filters_and_one_content_type_each():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for file_format in ("csv", "xlsx"):
        operation = paths[f"/api/v1/contributors/export.{file_format}"]["get"]
        assert {p["name"] for p in operation["parameters"]} == {"kind", "size_tier", "country"}
        assert len(operation["responses"]["200"]["content"]) == 1
        assert "400" in operation["responses"]


# --- queries -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [WEB, API])
def test_the_download_runs_in_the_same_queries_for_3_and_30_contributors(client, admin_user, url):
    client.force_login(admin_user)
    org = OrganizationFactory()

    def queries(file_format) -> int:
        with CaptureQueriesContext(connection) as captured:
            content(client.get(url.format(file_format)))
        return len(captured)

    ContributorFactory.create_batch(2, organization=org)
    few = {file_format: queries(file_format) for file_format in ("csv", "xlsx")}
    ContributorFactory.create_batch(27, organization=org)
    assert {file_format: queries(file_format) for file_format in ("csv", "xlsx")} == few
