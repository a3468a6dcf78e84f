"""The panel's downloads (issue 14), CSV and XLSX, page and API: the nominations with the panel's
scores (the ranking's, for the chair and admins), the reviews of a cycle (who reviews what, with
each submitted review's scores) and its conflicts with their waivers. A conflicted chair's
download lacks that nomination, as the pages do; a voided review is in none of them; the queries
do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Assignment

from ..downloads import content, csv_rows, records, xlsx_rows
from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    DraftReviewFactory,
    NominationFactory,
    ReviewFactory,
    UserFactory,
)

AREAS = ["Core Platform Development", "Architectural Innovation", "Open Source Leadership"]


def add_nominations(late, count, *, reviewed=True):
    """`count` more nominations in review, each reviewed by r1 and r2 (submitted, 4 and 2)."""
    for i in range(count):
        item = NominationFactory(
            cycle=late.cycle, nominee=ContributorFactory(name=f"Extra {i}"), statement="x"
        )
        for reviewer, score in ((late.r1, 4), (late.r2, 2)):
            assignment = AssignmentFactory(nomination=item, panelist=reviewer)
            if reviewed:
                ReviewFactory(
                    assignment=assignment,
                    scores=dict.fromkeys(("core_platform", "architecture"), score),
                    recommendation="no",
                    comment="",
                    submitted="2026-01-02T00:00Z",
                )


def by_nominee(rows, column="Nominee"):
    found = {}
    for row in records(rows):
        found.setdefault(row[column], []).append(row)
    return found


# --- The nominations with the panel's scores -------------------------------------------------------


def test_the_chair_gets_the_rankings_scores_beside_each_nomination(client, late, fresh):
    client.force_login(late.chair)
    rows = csv_rows(client.get(f"/nominations/export.csv?cycle={late.cycle.slug}"))
    assert rows[0] == [
        "Nomination",
        "Cycle",
        "Track",
        "Nominee",
        "Nominator",
        "State",
        "Submitted",
        "Endorsements",
        "Reviews",
        "Mean score",
        "Normalized score",
    ]
    ranking = {
        row["nomination"].pk: row["score"]
        for row in api.ranking(late.cycle, viewer=fresh(late.chair))["rows"]
    }
    found = by_nominee(rows)
    ada, ben = found["Ada Nominee"][0], found["Ben Nominee"][0]
    assert (ada["Reviews"], ada["Mean score"], ben["Mean score"]) == ("3", "3.33", "2.67")
    assert ada["Normalized score"] == str(round(ranking[late.ada.pk].normalized, 2))
    assert ben["Normalized score"] == str(round(ranking[late.ben.pk].normalized, 2))
    assert (ada["State"], ada["Track"], ada["Cycle"]) == (
        "In review",
        "Distinguished Engineer",
        late.cycle.name,
    )


def test_the_workbook_holds_the_same_rows_as_numbers(client, late, admin_user):
    client.force_login(admin_user)
    csv_found = by_nominee(csv_rows(client.get(f"/nominations/export.csv?cycle={late.cycle.slug}")))
    rows = xlsx_rows(client.get(f"/nominations/export.xlsx?cycle={late.cycle.slug}"))
    found = by_nominee(rows)
    assert sorted(found) == sorted(csv_found) == ["Ada Nominee", "Ben Nominee"]
    ada = found["Ada Nominee"][0]
    assert (ada["Reviews"], ada["Mean score"], ada["Nomination"]) == (3, 3.33, late.ada.pk)
    assert ada["Normalized score"] == float(csv_found["Ada Nominee"][0]["Normalized score"])


def test_a_conflicted_chairs_download_lacks_that_nomination(client, client_for, late, fresh):
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ben, reason="Former colleague.")
    client.force_login(late.chair)
    for file_format, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        found = by_nominee(read(client.get(f"/nominations/export.{file_format}?cycle={late.cycle.slug}")))
        assert list(found) == ["Ada Nominee"]
    found = by_nominee(csv_rows(client_for(fresh(late.chair)).get("/api/v1/nominations/export.csv")))
    assert "Ben Nominee" not in found and "Ada Nominee" in found
    # The co-chair sees both, with the scores.
    client.force_login(late.co_chair)
    found = by_nominee(csv_rows(client.get(f"/nominations/export.csv?cycle={late.cycle.slug}")))
    assert sorted(found) == ["Ada Nominee", "Ben Nominee"] and found["Ben Nominee"][0]["Reviews"] == "3"


def test_a_voided_review_leaves_the_scores(client, late, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My cousin.")
    client.force_login(late.chair)
    ada = by_nominee(csv_rows(client.get(f"/nominations/export.csv?cycle={late.cycle.slug}")))["Ada Nominee"][
        0
    ]
    assert (ada["Reviews"], ada["Mean score"]) == ("2", "2.5")


def test_a_panelist_and_a_nominator_get_no_scores(client, late, admin_user):
    client.force_login(late.r1)  # assigned to both, seated: no score column during review
    rows = csv_rows(client.get("/nominations/export.csv"))
    assert rows[0][-1] == "Endorsements" and sorted(by_nominee(rows)) == ["Ada Nominee", "Ben Nominee"]
    # An admin who nominated someone (no seat, so no conflict) reads no score of their own nomination.
    Nomination.objects.filter(pk=late.ada.pk).update(nominator=admin_user)
    client.force_login(admin_user)
    found = by_nominee(csv_rows(client.get("/nominations/export.csv")))
    assert found["Ada Nominee"][0]["Reviews"] == "" and found["Ada Nominee"][0]["Mean score"] == ""
    assert found["Ben Nominee"][0]["Reviews"] == "3"


def test_the_scores_cost_the_same_queries_for_3_or_30_nominations(client, late, django_assert_num_queries):
    client.force_login(late.chair)
    url = "/nominations/export.csv"
    client.get(url)  # the session's first request saves it
    add_nominations(late, 1)
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(client.get(url))) == 1 + 3
    add_nominations(late, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(client.get(url))) == 1 + 30


# --- The reviews of a cycle ------------------------------------------------------------------------


def test_the_reviews_have_a_row_per_reviewer_with_each_key_areas_score(client, late):
    add_nominations(late, 1, reviewed=False)
    DraftReviewFactory(
        assignment=Assignment.objects.get(nomination__nominee__name="Extra 0", panelist=late.r1),
        scores={"core_platform": 2},
        recommendation="no",
    )
    NominationFactory(
        cycle=late.cycle,
        track=program.get_track("advocate"),
        nominee=ContributorFactory(name="Nobody Yet"),
        state="eligible",
        statement="x",
    )
    client.force_login(late.chair)
    response = client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/export.csv")
    assert response["Content-Disposition"].startswith(f'attachment; filename="reviews-{late.cycle.slug}-')
    rows = csv_rows(response)
    header = rows[0]
    assert header[:9] == [
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
    assert header[9:12] == AREAS and "Community Engagement" in header
    assert header[-2:] == ["Mean score", "Recommendation"]
    found = by_nominee(rows)
    assert [row["Reviewer"] for row in found["Ada Nominee"]] == [
        late.r1.display_name,
        late.r2.display_name,
        late.r3.display_name,
    ]
    first = found["Ada Nominee"][0]
    assert (first["Group"], first["Review"], first["Submitted"], first["By hand"]) == (
        "Axim",
        "Submitted",
        "2026-01-01 00:00:00",
        "no",
    )
    assert [first[area] for area in AREAS] == ["5", "5", "5"]
    assert (first["Community Engagement"], first["Mean score"], first["Recommendation"]) == ("", "5.0", "Yes")
    # A draft is its reviewer's own: its status, no score; a review not started; no reviewer yet.
    extra = found["Extra 0"]
    assert [(row["Review"], row["Core Platform Development"], row["Mean score"]) for row in extra] == [
        ("Draft saved", "", ""),
        ("Not started", "", ""),
    ]
    assert [(row["Track"], row["State"], row["Reviewer"], row["Review"]) for row in found["Nobody Yet"]] == [
        ("Distinguished Advocate", "Eligible", "", "")
    ]
    workbook = by_nominee(xlsx_rows(client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/export.xlsx")))
    assert workbook["Ada Nominee"][0]["Core Platform Development"] == 5
    assert workbook["Ada Nominee"][0]["Mean score"] == 5
    assert workbook["Nobody Yet"][0]["Reviewer"] is None


def test_a_voided_assignment_and_a_conflicted_chairs_nomination_are_left_out(client, client_for, late, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My cousin.")
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ben, reason="Former colleague.")
    client.force_login(late.chair)
    found = by_nominee(csv_rows(client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/export.csv")))
    assert list(found) == ["Ada Nominee"]
    assert late.r1.display_name not in [row["Reviewer"] for row in found["Ada Nominee"]]
    body = csv_rows(
        client_for(fresh(late.co_chair)).get(f"/api/v1/cycles/{late.cycle.slug}/reviews/export.csv")
    )
    assert sorted(by_nominee(body)) == ["Ada Nominee", "Ben Nominee"]


def test_the_old_csv_link_leads_to_the_download(client, late):
    client.force_login(late.chair)
    response = client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/?format=csv")
    assert response.status_code == 302
    assert response["Location"] == f"/cycles/{late.cycle.slug}/panel/reviewers/export.csv"
    page = client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/").content.decode()
    assert f'href="/cycles/{late.cycle.slug}/panel/reviewers/export.xlsx"' in page


def test_the_reviews_cost_the_same_queries_for_3_or_30_nominations(client, late, django_assert_num_queries):
    client.force_login(late.chair)
    url = f"/cycles/{late.cycle.slug}/panel/reviewers/export.csv"
    client.get(url)
    add_nominations(late, 1)
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(client.get(url))) == 1 + 3 + 3 + 2
    add_nominations(late, 27)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(client.get(url))) == 1 + 3 + 3 + 2 * 28


# --- The conflicts of a cycle ---------------------------------------------------------------------


def conflicts(late, admin_user):
    """r1 declares a conflict with Ben; r2 nominated Ada (detected), which the chair waives."""
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ben, reason="My cousin.")
    Nomination.objects.filter(pk=late.ada.pk).update(nominator=late.r2)
    api.waive_conflict(
        actor=admin_user,
        nomination=Nomination.objects.get(pk=late.ada.pk),
        panelist=late.r2,
        source="nominator",
        reason="Harmless: a courtesy nomination.",
    )


def test_the_conflicts_as_the_panel_page_lists_them(client, late, admin_user):
    conflicts(late, admin_user)
    client.force_login(late.chair)
    response = client.get(f"/cycles/{late.cycle.slug}/panel/conflicts/export.csv")
    assert response["Content-Disposition"].startswith(f'attachment; filename="conflicts-{late.cycle.slug}-')
    rows = csv_rows(response)
    assert rows[0] == [
        "Panelist",
        "Nomination",
        "Nominee",
        "Track",
        "Source",
        "Covers",
        "Reason",
        "Waived",
        "Why it was waived",
    ]
    found = {(row["Panelist"], row["Nominee"]): row for row in records(rows)}
    assert len(found) == 2
    declared = found[late.r1.display_name, "Ben Nominee"]
    assert (declared["Source"], declared["Covers"], declared["Reason"], declared["Waived"]) == (
        "Declared by the panelist",
        "This nomination",
        "My cousin.",
        "no",
    )
    waived = found[late.r2.display_name, "Ada Nominee"]
    assert (waived["Source"], waived["Waived"], waived["Why it was waived"]) == (
        "The panelist is the nominator",
        "yes",
        "Harmless: a courtesy nomination.",
    )
    assert waived["Track"] == "Distinguished Engineer" and waived["Nomination"] == str(late.ada.pk)
    workbook = records(xlsx_rows(client.get(f"/cycles/{late.cycle.slug}/panel/conflicts/export.xlsx")))
    assert sorted(row["Reason"] for row in workbook) == sorted(row["Reason"] for row in found.values())


def test_a_conflicted_chair_reads_nothing_of_that_nominations_conflicts(
    client, client_for, late, admin_user, fresh
):
    conflicts(late, admin_user)
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ben, reason="Former colleague.")
    client.force_login(late.chair)
    body = content(client.get(f"/cycles/{late.cycle.slug}/panel/conflicts/export.csv")).decode()
    assert "Ben Nominee" not in body and "My cousin." not in body and "Former colleague." not in body
    assert "Harmless: a courtesy nomination." in body
    rows = records(
        csv_rows(
            client_for(fresh(late.co_chair)).get(f"/api/v1/cycles/{late.cycle.slug}/conflicts/export.csv")
        )
    )
    assert {row["Reason"] for row in rows} >= {"My cousin.", "Former colleague."}


def test_the_conflicts_cost_the_same_queries_for_3_or_30_rows(
    client, late, admin_user, django_assert_num_queries
):
    client.force_login(late.chair)
    url = f"/cycles/{late.cycle.slug}/panel/conflicts/export.csv"
    client.get(url)
    add_nominations(late, 3, reviewed=False)
    extras = list(Nomination.objects.filter(nominee__name__startswith="Extra"))
    for item in extras:
        api.declare_conflict(actor=late.r3, cycle=late.cycle, nomination=item, reason="Declared.")
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(client.get(url))) == 1 + 3
    add_nominations(late, 27, reviewed=False)
    for item in Nomination.objects.filter(nominee__name__startswith="Extra").exclude(
        pk__in=[n.pk for n in extras]
    ):
        api.declare_conflict(actor=late.r3, cycle=late.cycle, nomination=item, reason="Declared.")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(csv_rows(client.get(url))) == 1 + 30


def test_an_admin_reads_none_of_the_panels_work_on_a_nomination_they_made(client, late, admin_user):
    """No seat, so no conflict of interest hides it from them: being its nominator does."""
    conflicts(late, admin_user)
    Nomination.objects.filter(pk=late.ben.pk).update(nominator=admin_user)
    client.force_login(admin_user)
    reviews = by_nominee(csv_rows(client.get(f"/cycles/{late.cycle.slug}/panel/reviewers/export.csv")))
    assert list(reviews) == ["Ada Nominee"]
    body = content(client.get(f"/cycles/{late.cycle.slug}/panel/conflicts/export.csv")).decode()
    assert "Ben Nominee" not in body and "My cousin." not in body and "Ada Nominee" in body
    listed = by_nominee(csv_rows(client.get(f"/nominations/export.csv?cycle={late.cycle.slug}")))
    assert listed["Ben Nominee"][0]["Mean score"] == "" and listed["Ada Nominee"][0]["Mean score"] != ""


def test_the_panel_page_links_the_conflicts_download(client, late):
    client.force_login(late.chair)
    page = client.get(f"/cycles/{late.cycle.slug}/panel/").content.decode()
    assert f'href="/cycles/{late.cycle.slug}/panel/conflicts/export.csv"' in page
    client.force_login(late.r1)
    assert "conflicts/export.csv" not in client.get(f"/cycles/{late.cycle.slug}/panel/").content.decode()


# --- Who may download them ------------------------------------------------------------------------

PANEL_DOWNLOADS = ["panel/reviewers/export", "panel/conflicts/export"]
API_DOWNLOADS = ["reviews/export", "conflicts/export"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("download", PANEL_DOWNLOADS)
def test_the_pages_downloads_are_the_chairs_and_admins(client, late, admin_user, download, file_format):
    url = f"/cycles/{late.cycle.slug}/{download}.{file_format}"
    for user, status in (
        (late.r1, 403),
        (UserFactory(), 403),
        (UserFactory(roles=["approver"]), 403),
        (admin_user, 200),
    ):
        client.force_login(user)
        response = client.get(url)
        content(response)
        assert response.status_code == status, user
    assert client.get(f"/cycles/nope/{download}.{file_format}").status_code == 404
    assert client.post(url).status_code == 405
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("download", API_DOWNLOADS)
def test_the_apis_downloads_are_the_chairs_and_admins(client_for, late, fresh, download, file_format):
    url = f"/api/v1/cycles/{late.cycle.slug}/{download}.{file_format}"
    for user, status in ((None, 401), (late.r1, 403), (UserFactory(), 403)):
        response = client_for(user).get(url)
        assert response.status_code == status and response["Content-Type"] == "application/json"
        assert "detail" in response.json()
    response = client_for(fresh(late.chair)).get(f"/api/v1/cycles/nope/{download}.{file_format}")
    assert response.status_code == 404 and "detail" in response.json()
    # DRF's `?format=` is not read here: the path says the format.
    response = client_for(fresh(late.chair)).get(url + "?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith({"csv": "text/csv", "xlsx": "application/vnd"}[file_format])
    content(response)
