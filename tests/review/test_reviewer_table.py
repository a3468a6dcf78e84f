"""Who reviews what: after assignment the chair sees, for each nomination, its reviewers and how
far each review is, and each panelist's load — page, its download (export.csv, with the scores:
tests/review/test_panel_exports.py) and GET /api/v1/cycles/{slug}/reviewers/;
a nomination a conflict hides from the viewer is left out; the queries do not grow with the rows."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied

from distinguished.program import api as program
from distinguished.review import api

from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    DraftReviewFactory,
    NominationFactory,
    UserFactory,
)


def add_nominations(late, count):
    """`count` more nominations in review, each with r1 (a draft) and r2 (not started)."""
    for i in range(count):
        item = NominationFactory(
            cycle=late.cycle,
            track=program.get_track("advocate"),
            nominee=ContributorFactory(name=f"Extra {i}"),
            statement="x",
        )
        DraftReviewFactory(assignment=AssignmentFactory(nomination=item, panelist=late.r1), scores={})
        AssignmentFactory(nomination=item, panelist=late.r2)


def test_each_nomination_lists_its_reviewers_with_the_status_of_each_review(late, fresh):
    add_nominations(late, 1)
    table = api.who_reviews_what(late.cycle, viewer=fresh(late.chair))
    rows = {row.nomination.nominee.name: row for row in table["rows"]}
    assert list(rows) == ["Ada Nominee", "Ben Nominee", "Extra 0"]
    assert [(r.name, r.group.code, r.status.value) for r in rows["Ada Nominee"].reviewers] == [
        (late.r1.display_name, "axim", "submitted"),
        (late.r2.display_name, "core_contributors", "submitted"),
        (late.r3.display_name, "partners", "submitted"),
    ]
    assert [(r.name, r.status_label) for r in rows["Extra 0"].reviewers] == [
        (late.r1.display_name, "Draft saved"),
        (late.r2.display_name, "Not started"),
    ]
    assert (rows["Ada Nominee"].submitted, rows["Extra 0"].submitted) == (3, 0)
    loads = {load.name: (load.assigned, load.submitted) for load in table["loads"]}
    assert loads[late.r1.display_name] == (3, 2) and loads[late.r2.display_name] == (3, 2)
    assert loads[late.chair.display_name] == (0, 0)
    assert len(loads) == 10  # every seat, with no review too


def test_a_voided_assignment_is_not_a_reviewer_and_its_replacement_is(late, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My cousin.")
    table = api.who_reviews_what(late.cycle, viewer=fresh(late.chair))
    ada = next(row for row in table["rows"] if row.nomination.pk == late.ada.pk)
    assert late.r1.pk not in [r.panelist_id for r in ada.reviewers]
    replacement = api.reassign(actor=fresh(late.chair), assignment=late.assignment("r1", "ada"))
    ada = next(
        row
        for row in api.who_reviews_what(late.cycle, viewer=fresh(late.chair))["rows"]
        if row.nomination.pk == late.ada.pk
    )
    assert replacement.panelist_id in [r.panelist_id for r in ada.reviewers]
    assert [r.status.value for r in ada.reviewers if r.panelist_id == replacement.panelist_id] == [
        "not_started"
    ]


def test_a_conflict_hides_the_nomination_from_that_chair_and_from_the_loads(late, fresh):
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ben, reason="Former colleague.")
    table = api.who_reviews_what(late.cycle, viewer=fresh(late.chair))
    assert [row.nomination.pk for row in table["rows"]] == [late.ada.pk]
    assert [n.pk for n in table["handled_elsewhere"]] == [late.ben.pk]
    # The loads count only what the viewer sees: r1 reviews Ada's alone here.
    loads = {load.panelist_id: load.assigned for load in table["loads"]}
    assert loads[late.r1.pk] == 1
    # The co-chair sees both.
    assert len(api.who_reviews_what(late.cycle, viewer=fresh(late.co_chair))["rows"]) == 2


@pytest.mark.parametrize("roles", [["panelist"], ["approver"], []])
def test_only_the_chair_and_admins_see_who_reviews_what(late, roles):
    with pytest.raises(PermissionDenied):
        api.who_reviews_what(late.cycle, viewer=UserFactory(roles=roles))
    # A seated panelist without the chair role neither.
    with pytest.raises(PermissionDenied):
        api.who_reviews_what(late.cycle, viewer=late.r1)


def test_the_page_shows_labels_and_links_the_download(client, late):
    add_nominations(late, 1)
    client.force_login(late.chair)
    response = client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "Ada Nominee",
        "Distinguished Engineer",
        "Distinguished Advocate",
        "In review",
        "Draft saved",
        "Not started",
        "3 of 3",
        "0 of 2",
        f'href="/cycles/{late.cycle.slug}/panel/reviewers/export.csv"',
        'aria-label="Download this list as CSV"',
    ):
        assert text in body, text
    assert ">in_review<" not in body and ">not_started<" not in body
    assert "Who reviews what" in client.get(f"/cycles/{late.cycle.slug}/panel/").content.decode()


def test_the_download_has_a_line_per_nomination_and_reviewer(client, late, admin_user):
    add_nominations(late, 1)
    NominationFactory(
        cycle=late.cycle, nominee=ContributorFactory(name="Nobody Yet"), state="eligible", statement="x"
    )
    client.force_login(admin_user)
    response = client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="reviews-{late.cycle.slug}-')
    lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert lines[0][:9] == [
        "Nomination",
        "Nominee",
        "Track",
        "State",
        "Reviewer",
        "Group",
        "Review",
        "Submitted",
        "By hand",
    ]
    assert len(lines) == 1 + 3 + 3 + 2 + 1
    ada = [line for line in lines if line[1] == "Ada Nominee"]
    assert ada[0][2:9] == [
        "Distinguished Engineer",
        "In review",
        late.r1.display_name,
        "Axim",
        "Submitted",
        "2026-01-01 00:00:00",
        "no",
    ]
    assert [line[2:9] for line in lines if line[1] == "Nobody Yet"] == [
        ["Distinguished Engineer", "Eligible", "", "", "", "", ""]
    ]


def test_the_page_and_download_refuse_others_and_hide_unknown_cycles(client, late):
    client.force_login(late.r1)
    assert client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/").status_code == 403
    assert client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/export.csv").status_code == 403
    client.force_login(late.chair)
    assert client.get("/cycles/nope/panel/reviewers/").status_code == 404
    client.logout()
    assert client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/").status_code == 302


def test_the_page_queries_do_not_grow_with_the_nominations(client, late, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(late.chair)
    url = f"/cycles/{late.cycle.slug}/panel/reviewers/"
    client.get(url)  # the session's first request saves it
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as few_csv:
        assert b"".join(client.get(url + "export.csv").streaming_content)
    add_nominations(late, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(len(few_csv.captured_queries)):
        assert b"".join(client.get(url + "export.csv").streaming_content)


def test_the_api_answers_codes_with_the_reviewers(client_for, late, fresh, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_nominations(late, 1)
    call = client_for(fresh(late.chair))
    url = f"/api/v1/cycles/{late.cycle.slug}/reviewers/"
    call.get(url)  # the caller's roles are kept on the user object after the first request
    with CaptureQueriesContext(connection) as few:
        body = call.get(url).json()
    extra = body["nominations"][2]
    assert extra["track"] == "advocate" and extra["state"] == "in_review" and extra["submitted"] == 0
    assert [(r["panelist"], r["group"], r["status"], r["submitted"]) for r in extra["reviewers"]] == [
        (late.r1.pk, "axim", "draft", None),
        (late.r2.pk, "core_contributors", "not_started", None),
    ]
    assert body["hidden"] == 0
    assert {p["panelist"]: (p["assigned"], p["submitted"]) for p in body["panelists"]}[late.r1.pk] == (3, 2)
    add_nominations(late, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(call.get(url).json()["nominations"]) == 8


def test_the_page_says_which_nominations_a_conflict_hides(client, late, fresh):
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ben, reason="Former colleague.")
    client.force_login(late.chair)
    body = client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/").content.decode()
    assert "You have a conflict of interest with the nomination of Ben Nominee" in body
    assert "Former colleague." not in body
    assert body.count("<tr>") == 1 + 1 + 1 + 10  # the heads, Ada's row, the ten panelists


def test_the_api_hides_a_conflicted_nomination_and_counts_it(client_for, late, fresh):
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ben, reason="Former colleague.")
    body = client_for(fresh(late.chair)).get(f"/api/v1/cycles/{late.cycle.slug}/reviewers/").json()
    assert [row["nomination"] for row in body["nominations"]] == [late.ada.pk]
    assert body["hidden"] == 1


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("r1", 403), ("member", 403), ("nope", 404)])
def test_the_api_refuses_others(client_for, late, who, status):
    user = {"anonymous": None, "r1": late.r1, "member": UserFactory(), "nope": late.chair}[who]
    slug = "nope" if who == "nope" else late.cycle.slug
    assert client_for(user).get(f"/api/v1/cycles/{slug}/reviewers/").status_code == status
