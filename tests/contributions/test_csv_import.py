"""CSV import of contributions: the rows' rules (`contributions.api.import_csv`, which queues and runs
an import at once) and POST /api/v1/contributions/import/. The background run, its progress, the size
limit and resuming are in test_csv_import_runs.py."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from distinguished.audit.models import AuditEvent
from distinguished.contributions import api
from distinguished.contributions.models import Contribution, ImportRun

from ..factories import ContributorFactory

pytestmark = pytest.mark.django_db

HEADER = "contributor,kind,date,title,url,quantity,major"
TODAY = dt.date.today()
PAST = str(TODAY - dt.timedelta(days=10))
FUTURE = str(TODAY + dt.timedelta(days=2))
URL = "/api/v1/contributions/import/"


@pytest.fixture
def people():
    return (
        ContributorFactory(email="Ada@Example.org", github="ada-l"),
        ContributorFactory(email="grace@example.org", github="GraceH"),
    )


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def mixed_file() -> bytes:
    return csv_of(
        f"ada@example.org,pull_request,{PAST},Fix the grader,https://github.com/openedx/x/pull/1,,true",  # 2
        f"GRACEH,talk,{PAST},Open edX at a conference,,,no",  # 3
        f"ada-l,mentorship,{PAST},Mentored new developers,http://example.org/m,4,0",  # 4
        f"ada@example.org,talk,{FUTURE},A talk to come,,,",  # 5
        f"ada@example.org,tweet,{PAST},A tweet,,,",  # 6
        f"grace@example.org,mentorship,{PAST},Mentoring,,-3,",  # 7
        f"grace@example.org,blog_post,{PAST},A post,ftp://example.org/post,,",  # 8
        f"nobody@example.org,talk,{PAST},Someone else,,,",  # 9
        f"ada@example.org,talk,{PAST},Bad flag,,,maybe",  # 10
        f'"ada@example.org","blog_post","{PAST}","Quoted, with a comma","https://example.org/b","",""',  # 11
    )


def test_good_rows_are_kept_and_bad_rows_reported_by_row_number(people, admin_user):
    ada, grace = people
    result = api.import_csv(admin_user, mixed_file(), name="mixed.csv")
    assert (result["created"], result["skipped"], result["errors_total"]) == (4, 0, 6)
    errors = {error["row"]: error["error"] for error in result["errors"]}
    assert sorted(errors) == [5, 6, 7, 8, 9, 10]
    assert "future" in errors[5]
    assert "Unknown kind" in errors[6]
    assert "at least 0" in errors[7]
    assert "http" in errors[8]
    assert "Unknown contributor" in errors[9]
    assert "true or false" in errors[10]
    rows = Contribution.objects.filter(source="csv")
    assert rows.count() == 4
    pr = rows.get(kind="pull_request")
    assert (pr.contributor_id, pr.major, pr.verified, pr.recorded_by_id) == (
        ada.pk,
        True,
        True,
        admin_user.pk,
    )
    assert rows.get(kind="talk").contributor_id == grace.pk
    assert rows.get(kind="mentorship").quantity == 4
    assert rows.get(kind="blog_post").title == "Quoted, with a comma"
    assert len({c.external_id for c in rows}) == 4
    run = ImportRun.objects.get(pk=result["run"])
    assert (run.source, run.status, run.created_count, run.error_count, run.total) == (
        "csv",
        "done",
        4,
        6,
        10,
    )
    assert AuditEvent.objects.filter(verb="import.finished", object_id=str(run.pk)).exists()


def test_reimport_skips_what_is_there(people, admin_user):
    first = api.import_csv(admin_user, mixed_file())
    again = api.import_csv(admin_user, mixed_file())
    assert (again["created"], again["skipped"]) == (0, first["created"])
    assert Contribution.objects.filter(source="csv").count() == first["created"]
    # The same contribution written differently (case, spaces) is the same row.
    same = csv_of(
        f"  ADA@example.org , pull_request,{PAST},Fix  the grader,https://github.com/openedx/x/pull/1,,1"
    )
    assert api.import_csv(admin_user, same)["skipped"] == 1


def test_a_row_repeated_in_one_file_is_imported_once(people, admin_user):
    row = f"ada-l,talk,{PAST},Twice,,,"
    result = api.import_csv(admin_user, csv_of(row, row))
    assert (result["created"], result["skipped"]) == (1, 1)


def test_errors_are_capped(people, admin_user):
    rows = [f"nobody{i}@example.org,talk,{PAST},X,,," for i in range(1100)]
    result = api.import_csv(admin_user, csv_of(*rows))
    assert len(result["errors"]) == 1000
    assert result["errors_total"] == 1100
    assert result["errors"][0]["row"] == 2


def test_batches_are_written_each_in_a_transaction(people, admin_user, monkeypatch):
    from distinguished.contributions import csv_import

    monkeypatch.setattr(csv_import, "BATCH_SIZE", 3)
    rows = [f"ada-l,talk,{PAST},Talk {i},,," for i in range(8)]
    result = api.import_csv(admin_user, csv_of(*rows))
    assert result["created"] == 8
    assert api.import_csv(admin_user, csv_of(*rows))["skipped"] == 8


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (csv_of(f"ada-l,talk,{PAST},X,,,", header="who,kind,date,title,url,quantity,major"), HEADER),
        (csv_of(f"ada-l,talk,{PAST},X,,", header="contributor,kind,date,title,url,quantity"), HEADER),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "UTF-8"),
        (HEADER.encode() + b"\n\x00\x01\x02", "not text"),
        (b"", "empty"),
        (b"  \n", "empty"),
        (f'{HEADER}\nada-l,talk,{PAST},"broken"quote,,,\n'.encode(), "not valid CSV"),
    ],
)
def test_an_unreadable_file_writes_nothing(people, admin_user, content, message):
    with pytest.raises(ValidationError) as caught:
        api.import_csv(admin_user, content)
    assert message in " ".join(caught.value.messages)
    assert not Contribution.objects.exists()
    assert not ImportRun.objects.exists()


def test_only_program_admins_import(people, member):
    with pytest.raises(PermissionDenied):
        api.import_csv(member, mixed_file())
    assert not Contribution.objects.exists()


def test_a_utf8_bom_and_text_input_are_accepted(people, admin_user):
    assert (
        api.import_csv(admin_user, b"\xef\xbb\xbf" + csv_of(f"ada-l,talk,{PAST},Caf\u00e9,,,"))["created"]
        == 1
    )
    assert api.import_csv(admin_user, csv_of(f"ada-l,talk,{PAST},Other,,,").decode())["created"] == 1


# --- REST API --------------------------------------------------------------------------------------


def upload(content: bytes, name="contributions.csv"):
    return {"file": SimpleUploadedFile(name, content, content_type="text/csv")}


def test_the_api_imports_and_reports(client_for, people, admin_user):
    # No broker in the tests: the task runs before the 202, so the run is finished in the answer.
    response = client_for(admin_user).post(URL, upload(mixed_file()), format="multipart")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "done"
    assert (body["created"], body["skipped"], len(body["errors"])) == (4, 0, 6)
    assert body["errors"][0] == {"row": 5, "error": body["errors"][0]["error"]}
    again = client_for(admin_user).post(URL, upload(mixed_file()), format="multipart").json()
    assert (again["created"], again["skipped"]) == (0, 4)


@pytest.mark.parametrize(
    "content",
    [
        csv_of(f"ada-l,talk,{PAST},X,,,", header="name,kind,date"),
        b"\xff\xfe\x00\x00binary\x00",
        b"",
    ],
)
def test_the_api_refuses_an_unreadable_file(client_for, people, admin_user, content):
    response = client_for(admin_user).post(URL, upload(content), format="multipart")
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_the_api_names_the_expected_header(client_for, people, admin_user):
    response = client_for(admin_user).post(URL, upload(csv_of(header="a,b,c")), format="multipart")
    assert response.status_code == 400
    assert HEADER in str(response.json())


def test_the_api_needs_a_file(client_for, admin_user):
    assert client_for(admin_user).post(URL, {}, format="multipart").status_code == 400


def test_the_api_is_for_program_admins(client_for, people, member):
    assert client_for(member).post(URL, upload(mixed_file()), format="multipart").status_code == 403
    assert client_for(None).post(URL, upload(mixed_file()), format="multipart").status_code == 401
    assert not Contribution.objects.exists()


def test_a_row_with_the_wrong_number_of_columns_is_reported(people, admin_user):
    result = api.import_csv(
        admin_user, csv_of(f"ada-l,talk,{PAST},Short row", "", f"ada-l,talk,{PAST},Good,,,")
    )
    assert result["created"] == 1
    assert result["errors"] == [{"row": 2, "error": result["errors"][0]["error"]}]
    assert "Expected 7 columns" in result["errors"][0]["error"]
