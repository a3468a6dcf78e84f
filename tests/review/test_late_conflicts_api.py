"""Late conflicts through the REST API: a declaration voids at once and a repeat answers 409 naming
the first; the panelist's assignment is gone (list and review: 404); the chair lists voided
assignments, reassigns one and withdraws a waiver; a conflicted chair reads nothing about that
nomination. Bad paths change nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.audit.models import AuditEvent
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Assignment, Conflict, ConflictWaiver, Review

from ..factories import (
    ContributorFactory,
    DraftNominationFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
)

FULL = {"core_platform": 2, "architecture": 2, "open_source_leadership": 2, "problem_solving": 2}


def conflicts_url(late):
    return f"/api/v1/cycles/{late.cycle.slug}/conflicts/"


def test_declaring_voids_the_assignment_and_a_repeat_answers_409_naming_the_first(late, client_for):
    client = client_for(late.r1)
    body = {"nomination": late.ada.pk, "reason": "My brother."}
    created = client.post(conflicts_url(late), body, format="json")
    assert created.status_code == 201
    first = created.json()
    assert (first["panelist"], first["nomination"], first["source"]) == (late.r1.pk, late.ada.pk, "declared")
    assert first["voided"] == [late.assignments["r1", "ada"].pk]
    trail = AuditEvent.objects.count()
    repeat = client.post(conflicts_url(late), {**body, "reason": "Again."}, format="json")
    assert repeat.status_code == 409
    assert repeat.json()["conflict"] == first["id"]
    assert repeat.json()["detail"].startswith(
        "You have declared a conflict with the nomination of Ada Nominee"
    )
    assert Conflict.objects.count() == 1 and AuditEvent.objects.count() == trail


def test_declaring_bad_paths_change_nothing(late, client_for, member):
    url = conflicts_url(late)
    assert (
        client_for(None).post(url, {"nomination": late.ada.pk, "reason": "x"}, format="json").status_code
        == 401
    )
    assert (
        client_for(member).post(url, {"nomination": late.ada.pk, "reason": "x"}, format="json").status_code
        == 403
    )
    unknown = client_for(late.r1).post(url, {"nomination": 999999, "reason": "x"}, format="json")
    assert unknown.status_code == 404 and unknown.json() == {"detail": "Not found."}
    # A draft of the cycle answers exactly as an id that does not exist: its existence is private.
    draft = DraftNominationFactory(
        cycle=late.cycle,
        track=late.ada.track,
        nominee=ContributorFactory(name="Secret Draftee"),
        statement="Private.",
    )
    hidden = client_for(late.r1).post(url, {"nomination": draft.pk, "reason": "x"}, format="json")
    assert (hidden.status_code, hidden.json()) == (404, unknown.json())
    assert (
        client_for(late.r1)
        .post("/api/v1/cycles/nope/conflicts/", {"nomination": late.ada.pk, "reason": "x"}, format="json")
        .status_code
        == 404
    )
    assert not Conflict.objects.exists() and not Assignment.objects.filter(voided__isnull=False).exists()


def test_the_panelist_loses_the_voided_assignment(late, client_for, django_assert_num_queries):
    client = client_for(late.r1)
    listed = client.get("/api/v1/assignments/").json()["results"]
    assert {row["nomination"] for row in listed} == {late.ada.pk, late.ben.pk}
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    client = client_for(late.r1)
    # Count, the page's ids and its rows, whatever the number of assignments.
    with django_assert_num_queries(3):
        listed = client.get("/api/v1/assignments/").json()["results"]
    assert [row["nomination"] for row in listed] == [late.ben.pk]
    voided = late.assignments["r1", "ada"]
    answer = client.post(
        f"/api/v1/assignments/{voided.pk}/review/", {"scores": FULL, "recommendation": "no"}, format="json"
    )
    assert answer.status_code == 404
    assert Review.objects.get(assignment=voided).scores["core_platform"] == 5


def test_the_ranking_and_the_board_leave_the_voided_review_out(late, client_for, admin_user):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    ranking = client_for(admin_user).get(f"/api/v1/cycles/{late.cycle.slug}/ranking/").json()["ranking"]
    assert {row["nominee"]: row["reviews"] for row in ranking} == {"Ada Nominee": 2, "Ben Nominee": 3}
    assert {row["nominee"]: row["mean"] for row in ranking}["Ada Nominee"] == pytest.approx(2.5)
    program.override_phase(actor=admin_user, cycle=late.cycle, phase="deliberation", reason="t")
    board = client_for(admin_user).get(f"/api/v1/cycles/{late.cycle.slug}/deliberation/").json()
    assert {row["nominee"]: row["reviews"] for row in board["nominations"]} == {
        "Ada Nominee": 2,
        "Ben Nominee": 3,
    }


def test_a_conflicted_chair_reads_no_conflict_of_that_nomination(late, client_for, admin_user, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Secret-reason-ada.")
    api.declare_conflict(actor=late.r2, cycle=late.cycle, nomination=late.ben, reason="Reason-ben.")
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    answer = client_for(fresh(late.co_chair)).get(conflicts_url(late))
    assert answer.status_code == 200
    assert [(row["panelist"], row["nomination"]) for row in answer.json()] == [(late.r2.pk, late.ben.pk)]
    assert "Secret-reason-ada" not in answer.content.decode()
    rows = client_for(admin_user).get(conflicts_url(late)).json()
    assert {row["nomination"] for row in rows} == {late.ada.pk, late.ben.pk} and len(rows) == 3
    assert client_for(late.r1).get(conflicts_url(late)).status_code == 403


def test_the_conflicts_list_costs_the_same_at_any_size(
    late, client_for, admin_user, django_assert_num_queries
):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    # A detected conflict at both sizes: the nominations a seat touches are read with their
    # endorsements (a query Django skips when there is none).
    NominationFactory(cycle=late.cycle, nominee=ContributorFactory(name="Bo"), nominator=late.r3)
    client = client_for(admin_user)
    client.get(conflicts_url(late))
    with CaptureQueriesContext(connection) as small:
        client.get(conflicts_url(late))
    for name in ("Cy", "Di", "Ed"):
        nomination = NominationFactory(
            cycle=late.cycle, nominee=ContributorFactory(name=name), nominator=late.r3
        )
        api.declare_conflict(actor=late.r2, cycle=late.cycle, nomination=nomination, reason="Friend.")
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(conflicts_url(late)).json()) == 1 + 1 + 3 + 3


# --- Voided assignments and reassignment -------------------------------------------------------


def voided_url(late):
    return f"/api/v1/cycles/{late.cycle.slug}/assignments/voided/"


def test_the_chair_lists_voided_assignments_and_reassigns_one_in_one_call(
    late, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    voided = late.assignments["r1", "ada"]
    [row] = client_for(late.chair).get(voided_url(late)).json()
    assert row == {
        "id": voided.pk,
        "panelist": late.r1.pk,
        "panelist_name": late.r1.display_name,
        "nomination": late.ada.pk,
        "nominee": "Ada Nominee",
        "voided": row["voided"],
        "source": "declared",
        "reason": f"{late.r1} declared a conflict of interest.",
        "replacement": None,
    }
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(late.chair).post(f"/api/v1/assignments/{voided.pk}/reassign/")
    assert answer.status_code == 201
    new = answer.json()
    assert new["nomination"] == late.ada.pk and new["review"] is None
    replacement = Assignment.objects.get(pk=new["id"])
    assert replacement.panelist not in (late.r1, late.r2, late.r3)
    assert [m.to for m in mailoutbox] == [[replacement.panelist.email]]
    assert client_for(late.chair).get(voided_url(late)).json()[0]["replacement"] == new["id"]
    again = client_for(late.chair).post(f"/api/v1/assignments/{voided.pk}/reassign/")
    assert again.status_code == 400 and again.json() == {
        "assignment": [f"Already reassigned to {replacement.panelist}."]
    }


def test_reassign_bad_paths_change_nothing(late, client_for, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    voided = late.assignments["r1", "ada"]
    url = f"/api/v1/assignments/{voided.pk}/reassign/"
    assert client_for(None).post(url).status_code == 401
    assert client_for(late.r2).post(url).status_code == 403
    assert client_for(fresh(late.co_chair)).post(url).status_code == 404
    assert client_for(late.chair).post("/api/v1/assignments/999999/reassign/").status_code == 404
    live = client_for(late.chair).post(f"/api/v1/assignments/{late.assignments['r2', 'ben'].pk}/reassign/")
    assert live.status_code == 400 and live.json() == {
        "assignment": ["This assignment still counts; only a voided one is reassigned."]
    }
    assert Assignment.objects.count() == 6
    assert client_for(late.r2).get(voided_url(late)).status_code == 403
    assert client_for(fresh(late.co_chair)).get(voided_url(late)).json() == []


def test_the_voided_list_costs_the_same_at_any_size(late, client_for, django_assert_num_queries):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    client = client_for(late.chair)
    client.get(voided_url(late))
    with CaptureQueriesContext(connection) as small:
        client.get(voided_url(late))
    api.declare_conflict(actor=late.r2, cycle=late.cycle, nomination=late.ben, reason="Friend.")
    api.declare_conflict(actor=late.r3, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    api.reassign(actor=late.chair, assignment=Assignment.objects.get(pk=late.assignments["r1", "ada"].pk))
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(voided_url(late)).json()) == 3


# --- Waivers withdrawn -------------------------------------------------------------------------


@pytest.fixture
def waived(late):
    org = OrganizationFactory()
    type(late.ada.nominee).objects.filter(pk__in=[late.ada.nominee_id, late.r3.contributor_id]).update(
        organization=org
    )
    return api.waive_conflict(
        actor=late.chair,
        nomination=late.ada,
        panelist=late.r3,
        source="organization",
        reason="Large university.",
    )


def withdraw_url(late, waiver_id):
    return f"/api/v1/cycles/{late.cycle.slug}/conflicts/waivers/{waiver_id}/withdraw/"


def test_the_chair_withdraws_a_waiver_and_the_assignment_is_voided(late, waived, client_for):
    [row] = [r for r in client_for(late.chair).get(conflicts_url(late)).json() if r["waived"]]
    assert row["waiver"] == waived.pk
    answer = client_for(late.chair).post(
        withdraw_url(late, waived.pk), {"reason": "Same lab."}, format="json"
    )
    assert answer.status_code == 200
    assert answer.json() == {"waiver": waived.pk, "voided": [late.assignments["r3", "ada"].pk]}
    assert client_for(late.chair).post(withdraw_url(late, waived.pk), {}, format="json").status_code == 404


def test_withdrawing_a_waiver_bad_paths_change_nothing(late, waived, client_for, fresh):
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    assert client_for(None).post(withdraw_url(late, waived.pk), {}, format="json").status_code == 401
    assert client_for(late.r1).post(withdraw_url(late, waived.pk), {}, format="json").status_code == 403
    assert (
        client_for(fresh(late.co_chair)).post(withdraw_url(late, waived.pk), {}, format="json").status_code
        == 404
    )
    assert client_for(late.chair).post(withdraw_url(late, 999999), {}, format="json").status_code == 404
    other = UserFactory(roles=["admin"])
    assert (
        client_for(other)
        .post(f"/api/v1/cycles/nope/conflicts/waivers/{waived.pk}/withdraw/", {}, format="json")
        .status_code
        == 404
    )
    long = client_for(late.chair).post(withdraw_url(late, waived.pk), {"reason": "x" * 2001}, format="json")
    assert long.status_code == 400 and "reason" in long.json()
    assert ConflictWaiver.objects.filter(pk=waived.pk).exists()
    assert Assignment.objects.get(pk=late.assignments["r3", "ada"].pk).voided is None


def test_a_conflicted_chair_cannot_name_another_panelist_on_the_hidden_nomination(late, client_for):
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ada, reason="My cousin.")
    before = (Conflict.objects.count(), Assignment.objects.filter(voided__isnull=False).count())
    response = client_for(late.chair).post(
        conflicts_url(late), {"nomination": late.ada.pk, "panelist": late.r2.pk, "reason": "x"}, format="json"
    )
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    assert (Conflict.objects.count(), Assignment.objects.filter(voided__isnull=False).count()) == before
