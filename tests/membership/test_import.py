"""Earlier cohorts: terms recorded one by one (`POST /api/v1/memberships/`, with `previous` for a
renewal) and imported from CSV (membership.api.import_terms_csv and
`POST /api/v1/memberships/import/`). A file with any bad row — impossible dates, overlapping terms
on one track, an unknown contributor or track — is refused whole, with row-numbered errors, and
changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from distinguished.audit.models import AuditEvent
from distinguished.membership import api
from distinguished.membership.models import Membership
from distinguished.program import api as program

from ..factories import ContributorFactory

TODAY = dt.date(2026, 1, 15)
HEADER = "contributor,track,start,renews"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def ada(db):
    return ContributorFactory(name="Ada Early", email="ada@example.org", github="ada-gh", forum="ada_forum")


@pytest.fixture
def bob(db):
    return ContributorFactory(name="Bob Early", email="bob@example.org", github="bob-gh")


def csv_text(*rows, header=HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def upload(*rows, header=HEADER, name="terms.csv"):
    return SimpleUploadedFile(name, csv_text(*rows, header=header).encode(), content_type="text/csv")


def snapshot():
    """What an import may change: the terms and the audit trail."""
    return (
        list(
            Membership.objects.order_by("pk").values_list(
                "pk", "contributor_id", "start", "end", "previous_id"
            )
        ),
        AuditEvent.objects.count(),
    )


def refused_rows(admin_user, *rows, header=HEADER):
    before = snapshot()
    with pytest.raises(api.ImportRefused) as refused:
        api.import_terms_csv(actor=admin_user, file=csv_text(*rows, header=header))
    assert snapshot() == before, "a refused file changed something"
    return [(row["row"], row["column"], row["message"]) for row in refused.value.rows]


# --- a good file ---------------------------------------------------------------------------------


def test_import_records_each_term_and_chains_renewals_to_earlier_rows(admin_user, ada, bob):
    result = api.import_terms_csv(
        actor=admin_user,
        file=csv_text(
            f"{ada.pk},engineer,2021-07-01,",
            "ADA@example.org,engineer,2023-07-01,yes",
            "ada_forum,advocate,2024-02-29,no",
            "bob-gh,partner,2025-07-01,",
        ).encode(),
    )
    assert result["created"] == 4
    first, renewal, leap, partner = (Membership.objects.get(pk=pk) for pk in result["memberships"])
    assert (first.contributor, first.start, first.end, first.previous) == (
        ada,
        dt.date(2021, 7, 1),
        dt.date(2023, 6, 30),
        None,
    )
    assert (renewal.start, renewal.end, renewal.previous) == (
        dt.date(2023, 7, 1),
        dt.date(2025, 6, 30),
        first,
    )
    # A term from 29 February lasts exactly two years: to 28 February.
    assert (leap.track.code, leap.end) == ("advocate", dt.date(2026, 2, 28))
    assert (partner.contributor, partner.track.code) == (bob, "partner")
    assert api.status_of(first) == "renewed"
    assert api.status_of(renewal) == "expired"
    assert api.status_of(leap) == "expiring"
    events = AuditEvent.objects.filter(verb="membership.recorded").order_by("pk")
    assert [(e.object_id, e.reason, e.actor_id) for e in events] == [
        (str(pk), f"Imported from CSV, row {row}.", admin_user.pk)
        for pk, row in zip(result["memberships"], [2, 3, 4, 5], strict=True)
    ]


def test_import_records_the_cohort_and_a_renewal_keeps_it(admin_user, ada):
    result = api.import_terms_csv(
        actor=admin_user,
        file=csv_text(
            "ada@example.org,engineer,2023-07-01,,2025",
            "ada@example.org,engineer,2025-07-01,yes,",
            header="contributor,track,start,renews,cycle",
        ),
    )
    first, renewal = (Membership.objects.get(pk=pk) for pk in result["memberships"])
    assert (first.cycle.slug, renewal.cycle.slug, renewal.previous) == ("2025", "2025", first)


def test_an_unknown_cycle_is_named_by_row(admin_user, ada):
    errors = refused_rows(
        admin_user, "ada@example.org,engineer,2023-07-01,1999", header="contributor,track,start,cycle"
    )
    assert errors == [(2, "cycle", "no cycle has the slug “1999”")]


def test_import_reads_any_column_order_a_bom_and_blank_lines(admin_user, ada):
    text = "\ufeffstart,Track,contributor\n\n2025-07-01,engineer,ada-gh\n"
    result = api.import_terms_csv(actor=admin_user, file=text.encode())
    [term] = Membership.objects.all()
    assert result == {"created": 1, "memberships": [term.pk]}
    assert (term.contributor, term.start) == (ada, dt.date(2025, 7, 1))


# --- refusals: the whole file, nothing changed, row-numbered -------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2025-02-30", "2025-02-30 is not a date"),
        ("2023-02-29", "2023-02-29 is not a date"),
        ("2025-13-01", "2025-13-01 is not a date"),
        ("1/7/2025", "1/7/2025 is not a date; use YYYY-MM-DD"),
        ("", "an empty cell is not a date; use YYYY-MM-DD"),
        ("2027-07-01", "A term more than a year ahead cannot be recorded."),
        ("9999-12-31", "A term more than a year ahead cannot be recorded."),
    ],
)
def test_an_impossible_date_refuses_the_whole_file(admin_user, ada, bob, value, message):
    errors = refused_rows(
        admin_user, "bob@example.org,engineer,2025-07-01,", f"ada@example.org,engineer,{value},"
    )
    assert errors == [(3, "start", message)]
    assert not Membership.objects.exists()


def test_overlapping_terms_on_one_track_are_refused_within_the_file_and_against_the_database(
    admin_user, ada, bob
):
    api.record_term(
        actor=admin_user, contributor=bob, track=program.get_track("engineer"), start=dt.date(2024, 7, 1)
    )
    errors = refused_rows(
        admin_user,
        "ada@example.org,engineer,2021-07-01,",
        "ada@example.org,engineer,2022-01-01,",
        # Another track may overlap.
        "ada@example.org,advocate,2022-01-01,",
        "bob@example.org,engineer,2025-01-01,",
    )
    assert errors == [
        (
            3,
            "start",
            "Ada Early is already a Distinguished Engineer from 1 July 2021 to 30 June 2023; "
            "terms on one track cannot overlap.",
        ),
        (
            5,
            "start",
            "Bob Early is already a Distinguished Engineer from 1 July 2024 to 30 June 2026; "
            "terms on one track cannot overlap.",
        ),
    ]
    assert Membership.objects.count() == 1


def test_unknown_contributors_and_tracks_are_named_by_row_and_nothing_is_imported(admin_user, ada):
    errors = refused_rows(
        admin_user,
        "ada@example.org,engineer,2025-07-01,",
        "nobody@example.org,engineer,2025-07-01,",
        "999999,engineer,2025-07-01,",
        "no-such-login,engineer,2025-07-01,",
        "ada@example.org,wizard,2025-07-01,",
        ",,2025-07-01,",
    )
    tracks = "engineer, advocate, innovator, partner"
    assert errors == [
        (3, "contributor", "no contributor has the e-mail nobody@example.org"),
        (4, "contributor", "no contributor has the id 999999"),
        (5, "contributor", "no contributor has the GitHub login or forum username no-such-login"),
        (6, "track", f"unknown track “wizard”; the tracks are {tracks}"),
        (7, "contributor", "give the contributor's id, e-mail, GitHub login or forum username"),
        (7, "track", f"give the track's code ({tracks})"),
    ]


def test_a_renewal_needs_the_term_it_renews(admin_user, ada, bob):
    errors = refused_rows(
        admin_user,
        "ada@example.org,engineer,2023-07-01,yes",
        "bob@example.org,engineer,2021-02-30,",
        "bob@example.org,engineer,2023-03-01,yes",
        "bob@example.org,advocate,2023-03-01,maybe",
    )
    assert errors == [
        (2, "renews", "Ada Early has no Distinguished Engineer term ending on 30 June 2023"),
        (3, "start", "2021-02-30 is not a date"),
        # Row 3 has no date, so row 4 cannot point at it.
        (4, "renews", "Bob Early has no Distinguished Engineer term ending on 28 February 2023"),
        (5, "renews", "write yes when the term renews the one before, or leave it empty (not “maybe”)"),
    ]


def test_a_renewal_of_a_refused_row_points_at_that_row(admin_user, ada):
    errors = refused_rows(
        admin_user,
        "ada@example.org,engineer,2021-07-01,",
        "ada@example.org,engineer,2021-12-01,",
        "ada@example.org,engineer,2023-12-01,yes",
    )
    assert [(row, column) for row, column, _ in errors] == [(3, "start"), (4, "renews")]
    assert errors[1][2] == "the term it renews (row 3) has problems"


def test_the_error_text_names_row_column_and_problem(admin_user, ada):
    with pytest.raises(api.ImportRefused) as refused:
        api.import_terms_csv(actor=admin_user, file=csv_text("ada@example.org,engineer,2025-02-30,"))
    assert refused.value.messages == ["row 2, start: 2025-02-30 is not a date"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"",
            "The file is empty; it needs the header “contributor,track,start,renews,cycle” and a row per term.",
        ),
        (b"contributor,track,start\n", "The file has a header but no term."),
        (
            b"contributor,start\nada@example.org,2025-07-01\n",
            "The columns are contributor, track, start and optionally renews and cycle; the file lacks track.",
        ),
        (
            b"contributor,track,start,cohort\nada@example.org,engineer,2025-07-01,2025\n",
            "The columns are contributor, track, start and optionally renews and cycle; unknown column cohort.",
        ),
        (b"contributor,track,start\n\xff\xfe\n", "The file is not UTF-8 text; save it as CSV (UTF-8)."),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(admin_user, ada, content, message):
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        api.import_terms_csv(actor=admin_user, file=content)
    assert refused.value.message_dict == {"file": [message]}
    assert snapshot() == before


def test_only_program_admins_import(member, chair, ada):
    for someone in (member, chair):
        with pytest.raises(PermissionDenied):
            api.import_terms_csv(actor=someone, file=csv_text("ada@example.org,engineer,2025-07-01,"))
    assert not Membership.objects.exists()


# --- REST: the import endpoint -------------------------------------------------------------------

IMPORT = "/api/v1/memberships/import/"


def test_the_import_endpoint_answers_201_with_the_new_terms(client_for, admin_user, ada):
    response = client_for(admin_user).post(
        IMPORT,
        {"file": upload("ada-gh,engineer,2021-07-01,", "ada-gh,engineer,2023-07-01,yes")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["created"] == 2
    assert sorted(data["memberships"]) == sorted(Membership.objects.values_list("pk", flat=True))


def test_the_import_endpoint_refuses_a_bad_file_whole_with_row_numbered_errors(
    client_for, admin_user, ada, bob
):
    before = snapshot()
    response = client_for(admin_user).post(
        IMPORT,
        {
            "file": upload(
                "ada@example.org,engineer,2021-07-01,",
                "ada@example.org,engineer,2022-07-01,",
                "bob@example.org,engineer,2025-02-30,",
                "carol@example.org,engineer,2025-07-01,",
            )
        },
        format="multipart",
    )
    assert response.status_code == 400
    data = response.json()
    assert data["detail"] == "Nothing was imported: the file has 3 problems."
    assert [(e["row"], e["column"]) for e in data["errors"]] == [
        (3, "start"),
        (4, "start"),
        (5, "contributor"),
    ]
    assert data["errors"][1]["error"] == "row 4, start: 2025-02-30 is not a date"
    assert snapshot() == before


def test_the_import_endpoint_refusals_of_the_file_and_the_caller(client_for, admin_user, member, ada):
    bad_header = client_for(admin_user).post(
        IMPORT, {"file": upload("x", header="who,when")}, format="multipart"
    )
    assert bad_header.status_code == 400
    assert "the file lacks contributor, track, start" in bad_header.json()["file"][0]
    missing = client_for(admin_user).post(IMPORT, {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()
    good = {"file": upload("ada@example.org,engineer,2025-07-01,")}
    assert client_for(member).post(IMPORT, good, format="multipart").status_code == 403
    assert client_for(None).post(IMPORT, good, format="multipart").status_code == 401
    assert not Membership.objects.exists()


def test_a_file_over_the_import_limit_is_a_413_in_the_api_and_on_the_page(
    client_for, client, admin_user, ada, settings
):
    settings.IMPORT_MAX_BYTES = 64
    rows = [f"ada@example.org,engineer,{2000 + 2 * i}-07-01," for i in range(5)]
    big = csv_text(*rows).encode()
    assert len(big) > 64
    before = snapshot()
    response = client_for(admin_user).post(
        IMPORT, {"file": SimpleUploadedFile("terms.csv", big, content_type="text/csv")}, format="multipart"
    )
    assert response.status_code == 413
    assert list(response.json()) == ["detail"] and "an import may have up to" in response.json()["detail"]
    client.force_login(admin_user)
    page = client.post(
        "/memberships/",
        {"action": "import", "file": SimpleUploadedFile("terms.csv", big, content_type="text/csv")},
    )
    assert page.status_code == 413
    html = page.content.decode()
    assert "an import may have up to" in html and 'name="file"' in html
    assert snapshot() == before
    with pytest.raises(ValidationError):
        api.import_terms_csv(actor=admin_user, file=big)
    assert snapshot() == before


# --- REST: one term, with `previous` for a renewal -----------------------------------------------

TERMS = "/api/v1/memberships/"


def test_recording_an_earlier_renewal_with_previous(client_for, admin_user, ada):
    client = client_for(admin_user)
    first = client.post(
        TERMS, {"contributor": ada.pk, "track": "engineer", "start": "2021-07-01"}, format="json"
    )
    assert first.status_code == 201
    second = client.post(
        TERMS,
        {"contributor": ada.pk, "track": "engineer", "start": "2023-07-01", "previous": first.json()["id"]},
        format="json",
    )
    assert second.status_code == 201, second.content
    data = second.json()
    assert (data["start"], data["end"], data["previous"], data["status"]) == (
        "2023-07-01",
        "2025-06-30",
        first.json()["id"],
        "expired",
    )
    assert client.get(f"{TERMS}{first.json()['id']}/").json()["status"] == "renewed"


def test_recording_a_term_with_its_cohort(client_for, admin_user, ada):
    client = client_for(admin_user)
    first = client.post(
        TERMS,
        {"contributor": ada.pk, "track": "engineer", "start": "2023-07-01", "cycle": "2025"},
        format="json",
    )
    assert (first.status_code, first.json()["cycle"]) == (201, "2025")
    renewal = client.post(
        TERMS,
        {"contributor": ada.pk, "track": "engineer", "start": "2025-07-01", "previous": first.json()["id"]},
        format="json",
    )
    assert (renewal.status_code, renewal.json()["cycle"]) == (201, "2025")


def test_recording_a_bad_renewal_is_refused_by_field_and_changes_nothing(client_for, admin_user, ada, bob):
    client = client_for(admin_user)
    first = client.post(
        TERMS, {"contributor": ada.pk, "track": "engineer", "start": "2021-07-01"}, format="json"
    )
    previous = first.json()["id"]
    before = snapshot()
    cases = [
        (
            {"start": "2023-08-01"},
            "start",
            "A renewal starts the day after the term it renews ends: 1 July 2023.",
        ),
        (
            {"start": "2022-07-01"},
            "start",
            "A renewal starts the day after the term it renews ends: 1 July 2023.",
        ),
        (
            {"contributor": bob.pk},
            "previous",
            "The term it renews must be the same contributor's, on the same track.",
        ),
        (
            {"track": "advocate"},
            "previous",
            "The term it renews must be the same contributor's, on the same track.",
        ),
        ({"previous": 999999}, "previous", "No such membership."),
        ({"cycle": "1999"}, "cycle", "No cycle has the slug “1999”."),
        ({"start": "2023-02-29"}, "start", None),
        (
            {"start": "9999-12-31", "previous": None},
            "start",
            "A term more than a year ahead cannot be recorded.",
        ),
        ({"contributor": 999999}, "contributor", "No such contributor."),
    ]
    for change, field, message in cases:
        body = {
            "contributor": ada.pk,
            "track": "engineer",
            "start": "2023-07-01",
            "previous": previous,
            **change,
        }
        response = client.post(TERMS, body, format="json")
        assert response.status_code == 400, (change, response.content)
        assert list(response.json()) == [field], (change, response.json())
        if message:
            assert response.json()[field] == [message]
    assert snapshot() == before


# --- audit: contributor ids that are digits but no id are named by row, never a 500 ---------------


@pytest.mark.parametrize("value", ["100000000000000000000", "²", "١٢"])
def test_a_contributor_id_out_of_range_or_in_other_digits_is_named_by_row(admin_user, ada, value):
    errors = refused_rows(admin_user, f"{value},engineer,2025-07-01,")
    assert [(row, column) for row, column, _ in errors] == [(2, "contributor")]
    assert not Membership.objects.exists()
