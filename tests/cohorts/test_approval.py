"""Approval: the chair submits the decided list, the approver signs it off (selected → approved,
the list locked) or sends it back to deliberation with a note. Every refusal is a clear error that
changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from distinguished.audit.models import AuditEvent
from distinguished.cohorts import api
from distinguished.cohorts.models import SignOff
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review

from ..factories import AssignmentFactory, ContributorFactory, ReviewFactory, UserFactory
from .conftest import DELIBERATION_DAY, at, decided, more_selected

pytestmark = pytest.mark.django_db


def states(cycle) -> dict[str, str]:
    return dict(Nomination.objects.filter(cycle=cycle).values_list("nominee__name", "state"))


def trail() -> int:
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


def reload(cycle):
    return program.get_cycle(cycle.slug)


def test_sign_off_approves_the_selected_and_locks_the_list(
    cycle, decided_list, approver, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_off = api.sign_off_cycle(actor=approver, cycle=cycle, note="Well argued.")
    assert (sign_off.signed_by, sign_off.note) == (approver, "Well argued.")
    assert states(cycle) == {
        "Ana Lima": "approved",
        "Bo Chen": "approved",
        "Cy Diallo": "declined",
        "Di Novak": "deferred",
    }
    # Held at approval whatever the dates say: deliberation cannot reopen by a change of dates.
    assert reload(cycle).phase_override == "approval"
    # And locked for good: even with the phase moved back by an admin, the chair cannot decide.
    assert reload(cycle).list_signed_off == sign_off.signed
    program.override_phase(actor=admin_user, cycle=reload(cycle), phase="deliberation", reason="Oops.")
    from ..review.conftest import seat_full_panel

    seated_chair = seat_full_panel(admin_user, cycle)[0].user
    with pytest.raises(ValidationError, match="its votes and decisions are locked"):
        review.record_decision(
            actor=seated_chair,
            nomination=Nomination.objects.get(pk=decided_list["cy"].pk),
            outcome="selected",
            rationale="R",
        )
    assert states(cycle)["Cy Diallo"] == "declined"
    event = AuditEvent.objects.get(verb="cycle.signed_off")
    assert (event.actor_id, event.to_state, event.reason) == (approver.pk, "approval", "Well argued.")
    approved = AuditEvent.objects.filter(verb="nomination.approved")
    assert sorted(int(e.object_id) for e in approved) == sorted(
        [decided_list["ana"].pk, decided_list["bo"].pk]
    )
    assert all((e.from_state, e.to_state) == ("selected", "approved") for e in approved)
    [mail] = mailoutbox
    assert mail.to == [admin_user.email]
    assert "ready to announce" in mail.subject and "Approved nominations: 2" in mail.body


@pytest.mark.parametrize("who", ["admin_user", "chair", "panelist", "member"])
def test_only_the_approver_signs_off_and_a_refusal_changes_nothing(cycle, decided_list, request, who):
    before, last = states(cycle), trail()
    with pytest.raises(PermissionDenied, match="Only the approver"):
        api.sign_off_cycle(actor=request.getfixturevalue(who), cycle=cycle)
    assert states(cycle) == before and trail() == last
    assert not SignOff.objects.exists() and reload(cycle).phase_override == ""


def test_sign_off_with_undecided_nominations_says_how_many_and_in_which_tracks(cycle, decided_list, approver):
    decided(cycle, "Ed Park", "in_review")
    decided(cycle, "Fay Roy", "in_review")
    decided(cycle, "Gus Ong", "eligible", track="advocate")
    before, last = states(cycle), trail()
    with pytest.raises(ValidationError) as refused:
        api.sign_off_cycle(actor=approver, cycle=cycle)
    assert refused.value.message_dict["nominations"] == [
        "3 eligible nominations are not decided yet (Distinguished Engineer: 2, Distinguished Advocate: 1); the chair decides every one "
        "in deliberation before the list is signed off."
    ]
    assert states(cycle) == before and trail() == last and not SignOff.objects.exists()


def test_sign_off_twice_is_refused_as_done_already(cycle, decided_list, approver):
    api.sign_off_cycle(actor=approver, cycle=cycle)
    last = trail()
    with pytest.raises(api.AlreadyDone, match=r"signed off on 10 June 2025 by .*; it is locked"):
        api.sign_off_cycle(actor=approver, cycle=cycle)
    assert SignOff.objects.count() == 1 and trail() == last


def test_sign_off_outside_the_approval_phase_is_refused(decided_list, approver):
    with at(DELIBERATION_DAY):
        cycle = program.get_cycle("2025")
        with pytest.raises(ValidationError) as refused:
            api.sign_off_cycle(actor=approver, cycle=cycle)
    assert refused.value.message_dict["cycle"] == [
        "2025 cohort is in the deliberation phase; the approver signs off in the approval phase."
    ]
    assert not SignOff.objects.exists()


@pytest.mark.parametrize("approve", [True, False])
def test_a_note_over_5000_characters_is_a_400_that_changes_nothing(
    cycle, decided_list, approver, client_for, approve
):
    last = trail()
    response = client_for(approver).post(
        f"/api/v1/cycles/{cycle.slug}/approval/", {"approve": approve, "note": "x" * 5_001}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"note": ["Keep the note under 5,000 characters."]}
    assert trail() == last and not SignOff.objects.exists() and reload(cycle).phase == "approval"


def test_send_back_needs_a_note(cycle, decided_list, approver):
    last = trail()
    for note in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            api.send_back(actor=approver, cycle=cycle, note=note)
        assert refused.value.message_dict == {
            "note": ["Tell the chair what to reconsider; the note goes to them."]
        }
    assert trail() == last and reload(cycle).phase == "approval"


def test_send_back_reopens_deliberation_and_mails_the_chairs_the_note(
    cycle, decided_list, approver, chair, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    seated = UserFactory(username="seated-chair", contributor=ContributorFactory())
    review.seat_panelist(actor=admin_user, cycle=cycle, user=seated, group="toc", chair=True)
    with django_capture_on_commit_callbacks(execute=True):
        api.send_back(actor=approver, cycle=cycle, note="Reconsider Bo Chen: no 2024 talks.")
    cycle = reload(cycle)
    assert (cycle.phase, cycle.phase_override) == ("deliberation", "deliberation")
    event = AuditEvent.objects.get(verb="cycle.sent_back")
    assert (event.from_state, event.to_state, event.reason) == (
        "approval",
        "deliberation",
        "Reconsider Bo Chen: no 2024 talks.",
    )
    [mail] = mailoutbox
    assert sorted(mail.to) == sorted([seated.email, chair.email])
    assert "Reconsider Bo Chen: no 2024 talks." in mail.body
    assert states(cycle)["Bo Chen"] == "selected"


def test_send_back_after_sign_off_is_refused(cycle, decided_list, approver):
    api.sign_off_cycle(actor=approver, cycle=cycle)
    last = trail()
    with pytest.raises(api.AlreadyDone, match="it is locked"):
        api.send_back(actor=approver, cycle=cycle, note="Too late?")
    assert trail() == last and reload(cycle).phase == "approval"


def test_only_the_approver_sends_back(cycle, decided_list, chair):
    with pytest.raises(PermissionDenied):
        api.send_back(actor=chair, cycle=cycle, note="I am the chair.")
    assert reload(cycle).phase_override == ""


def test_the_chair_submits_the_list_again_and_the_approver_signs_it_off(
    cycle, decided_list, approver, chair, mailoutbox, django_capture_on_commit_callbacks
):
    api.send_back(actor=approver, cycle=cycle, note="Reconsider Bo Chen.")
    # The chair changes the decision in deliberation (review.api.record_decision in real life).
    Nomination.objects.filter(pk=decided_list["bo"].pk).update(state="deferred")
    with django_capture_on_commit_callbacks(execute=True):
        api.submit_for_approval(actor=chair, cycle=reload(cycle), note="Bo deferred.")
    assert reload(cycle).phase == "approval"
    [mail] = mailoutbox
    assert mail.to == [approver.email] and "Bo deferred." in mail.body
    event = AuditEvent.objects.get(verb="cycle.submitted_for_approval")
    assert (event.from_state, event.to_state) == ("deliberation", "approval")
    api.sign_off_cycle(actor=approver, cycle=reload(cycle))
    assert states(cycle)["Bo Chen"] == "deferred" and states(cycle)["Ana Lima"] == "approved"


def test_submitting_for_approval_is_refused_with_undecided_nominations_by_others_and_out_of_phase(
    cycle, decided_list, approver, chair, member, panelist
):
    with pytest.raises(ValidationError) as wrong_phase:
        api.submit_for_approval(actor=chair, cycle=cycle)
    assert (
        "the chair submits the list in the deliberation phase" in wrong_phase.value.message_dict["cycle"][0]
    )
    api.send_back(actor=approver, cycle=cycle, note="Once more.")
    for who in (member, panelist, approver):
        with pytest.raises(PermissionDenied):
            api.submit_for_approval(actor=who, cycle=reload(cycle))
    decided(cycle, "Ed Park", "in_review")
    with pytest.raises(ValidationError) as undecided:
        api.submit_for_approval(actor=chair, cycle=reload(cycle))
    assert undecided.value.message_dict["nominations"][0].startswith(
        "1 eligible nomination is not decided yet (Distinguished Engineer: 1)"
    )
    assert reload(cycle).phase == "deliberation"
    assert not AuditEvent.objects.filter(verb="cycle.submitted_for_approval").exists()


# --- REST ------------------------------------------------------------------------------------


def test_rest_sign_off_and_its_refusals(cycle, decided_list, client_for, approver, admin_user, member):
    url = f"/api/v1/cycles/{cycle.slug}/approval/"
    assert client_for(None).post(url, {"approve": True}, format="json").status_code == 401
    assert client_for(admin_user).post(url, {"approve": True}, format="json").status_code == 403
    assert client_for(member).post(url, {"approve": True}, format="json").status_code == 403
    missing = client_for(approver).post(url, {"note": "x"}, format="json")
    assert missing.status_code == 400 and "approve" in missing.json()
    no_note = client_for(approver).post(url, {"approve": False, "note": ""}, format="json")
    assert no_note.status_code == 400
    assert no_note.json() == {"note": ["Tell the chair what to reconsider; the note goes to them."]}
    assert not SignOff.objects.exists()
    done = client_for(approver).post(url, {"approve": True, "note": "Fine."}, format="json")
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["signed_off"]["note"] == "Fine." and body["ready"] is True
    assert {n["nominee"]["name"]: n["state"] for t in body["tracks"] for n in t["nominations"]} == {
        "Ana Lima": "approved",
        "Bo Chen": "approved",
        "Cy Diallo": "declined",
        "Di Novak": "deferred",
    }
    again = client_for(approver).post(url, {"approve": True}, format="json")
    assert again.status_code == 409 and "it is locked" in again.json()["detail"]
    back = client_for(approver).post(url, {"approve": False, "note": "Wait."}, format="json")
    assert back.status_code == 409


def test_rest_send_back_and_submit_again(cycle, decided_list, client_for, approver, chair):
    url = f"/api/v1/cycles/{cycle.slug}/approval/"
    back = client_for(approver).post(url, {"approve": False, "note": "Check Bo."}, format="json")
    assert back.status_code == 200 and back.json()["phase"] == "deliberation"
    assert client_for(approver).post(f"{url}submit/", {}, format="json").status_code == 403
    ready = client_for(chair).post(f"{url}submit/", {"note": "Checked."}, format="json")
    assert ready.status_code == 200 and ready.json()["phase"] == "approval"


def test_rest_final_list_for_the_approver_with_rationale_feedback_and_score(
    cycle, decided_list, client_for, approver, admin_user, member
):
    seat_with_reviews(admin_user, cycle, approver, decided_list)
    url = f"/api/v1/cycles/{cycle.slug}/approval/"
    assert client_for(member).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401
    body = client_for(approver).get(url).json()
    assert [t["code"] for t in body["tracks"]] == ["engineer", "advocate"]
    engineer = {n["nominee"]["name"]: n for n in body["tracks"][0]["nominations"]}
    assert list(engineer) == ["Ana Lima", "Di Novak", "Cy Diallo"]  # selected, deferred, declined
    ana = engineer["Ana Lima"]
    assert (ana["outcome"], ana["feedback"]) == ("selected", "Outstanding reviews.")
    assert ana["rationale"].startswith("INTERNAL-RATIONALE")
    assert (ana["score"]["mean"], ana["score"]["reviews"]) == (4.0, 2)
    assert engineer["Cy Diallo"]["score"]["mean"] == 2.0
    assert ana["score"]["normalized"] > engineer["Di Novak"]["score"]["normalized"]
    assert body["tracks"][1]["nominations"][0]["score"] is None  # Bo Chen: not reviewed
    assert body["undecided"] == [] and body["signed_off"] is None and body["announced"] is None


def test_an_approver_without_a_seat_sees_the_scores_too(
    cycle, decided_list, client_for, approver, admin_user
):
    seat_with_reviews(admin_user, cycle, None, decided_list)
    body = client_for(approver).get(f"/api/v1/cycles/{cycle.slug}/approval/").json()
    engineer = {n["nominee"]["name"]: n["score"] for n in body["tracks"][0]["nominations"]}
    assert (engineer["Ana Lima"]["mean"], engineer["Cy Diallo"]["mean"]) == (4.0, 2.0)
    # The ranking itself stays the panel's and the admins'.
    assert client_for(approver).get(f"/api/v1/cycles/{cycle.slug}/ranking/").status_code == 403


def seat_with_reviews(admin_user, cycle, approver, items):
    """The panel (with the approver, if any, in an Axim seat) and two submitted reviews per engineer."""
    from ..review.conftest import seat_full_panel

    seats = seat_full_panel(admin_user, cycle)
    if approver is not None:
        review.seat_panelist(actor=admin_user, cycle=cycle, user=approver, group="axim")
    areas = ["core_platform", "architecture", "open_source_leadership", "problem_solving"]
    for reviewer, values in ((seats[1].user, (5, 2, 3)), (seats[2].user, (3, 2, 3))):
        for key, value in zip(("ana", "cy", "di"), values, strict=True):
            assignment = AssignmentFactory(cycle=cycle, nomination=items[key], panelist=reviewer)
            ReviewFactory(
                assignment=assignment,
                scores=dict.fromkeys(areas, value),
                recommendation="yes",
                submitted="2025-05-20T00:00Z",
            )
    return seats


@pytest.mark.parametrize("extra", [0, 12])
def test_rest_final_list_costs_the_same_queries_at_any_size(
    cycle, decided_list, chair, client_for, approver, extra, django_assert_num_queries
):
    more_selected(cycle, chair, extra)
    client = client_for(approver)
    review.standings_of(cycle)  # the first read after a change recomputes the stored ranking
    # Of these, the ranking's scores are read from the stored standings (review.standings): their
    # freshness stamp (the counted reviews, conflicts, waivers, seats) and the standings of the
    # decided nominations only (not every nomination in review with its evidence and
    # endorsements: 22 queries before), and the nominations the viewer's own conflicts hide.
    with django_assert_num_queries(17):
        body = client.get(f"/api/v1/cycles/{cycle.slug}/approval/").json()
    assert sum(len(t["nominations"]) for t in body["tracks"]) == 4 + extra


# --- audit: REST refusals change nothing; hostile bodies are a 400, never a 500 -------------------


def approval_state(cycle):
    return states(cycle), trail(), SignOff.objects.count(), reload(cycle).phase_override


@pytest.mark.parametrize("who", ["admin_user", "chair", "panelist", "member"])
def test_rest_sign_off_by_anyone_but_the_approver_is_a_403_that_changes_nothing(
    cycle, decided_list, client_for, request, who, mailoutbox
):
    before = approval_state(cycle)
    url = f"/api/v1/cycles/{cycle.slug}/approval/"
    # Who may answer is checked before the body: a bad body from anyone else is a 403 as well.
    for body in ({"approve": True}, {"approve": False, "note": "Back."}, {"approve": "maybe"}, {}):
        response = client_for(request.getfixturevalue(who)).post(url, body, format="json")
        assert response.status_code == 403, (who, body)
        assert "Only the approver" in response.json()["detail"]
    assert client_for(None).post(url, {"approve": True}, format="json").status_code == 401
    assert approval_state(cycle) == before and mailoutbox == []


def test_rest_sign_off_with_undecided_nominations_is_a_400_that_changes_nothing(
    cycle, decided_list, client_for, approver
):
    decided(cycle, "Ed Park", "in_review")
    before = approval_state(cycle)
    response = client_for(approver).post(
        f"/api/v1/cycles/{cycle.slug}/approval/", {"approve": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["nominations"][0].startswith("1 eligible nomination is not decided yet")
    assert approval_state(cycle) == before


def test_rest_sign_off_outside_the_approval_phase_is_a_400_that_changes_nothing(
    decided_list, client_for, approver
):
    with at(DELIBERATION_DAY):
        cycle = program.get_cycle("2025")
        before = approval_state(cycle)
        response = client_for(approver).post(
            "/api/v1/cycles/2025/approval/", {"approve": True}, format="json"
        )
        assert response.status_code == 400
        assert response.json() == {
            "cycle": [
                "2025 cohort is in the deliberation phase; the approver signs off in the approval phase."
            ]
        }
        assert approval_state(cycle) == before


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        "yes",
        {"approve": "maybe"},
        {"approve": None},
        {"approve": ["true"]},
        {"approve": {"value": True}},
        {"approve": 2},
        {"approve": True, "note": ["Fine."]},
        {"approve": True, "note": {"text": "Fine."}},
        {"approve": True, "note": None},
        {"approve": False, "note": "\x00"},
    ],
)
def test_rest_hostile_approval_bodies_are_a_400_and_change_nothing(
    cycle, decided_list, client_for, approver, body, mailoutbox
):
    before = approval_state(cycle)
    response = client_for(approver).post(f"/api/v1/cycles/{cycle.slug}/approval/", body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()
    assert approval_state(cycle) == before and mailoutbox == []


def test_rest_approval_body_that_is_not_json_and_an_unknown_cycle(cycle, decided_list, client_for, approver):
    before = approval_state(cycle)
    client = client_for(approver)
    for data in ("{approve: true", "", "\xff"):
        response = client.post(
            f"/api/v1/cycles/{cycle.slug}/approval/", data, content_type="application/json"
        )
        assert response.status_code == 400, (data, response.content[:300])
    assert client.post("/api/v1/cycles/nope/approval/", {"approve": True}, format="json").status_code == 404
    assert (
        client.post("/api/v1/cycles/nope/approval/", {"approve": "maybe"}, format="json").status_code == 404
    )
    assert client.get("/api/v1/cycles/nope/approval/").status_code == 404
    assert approval_state(cycle) == before


@pytest.mark.parametrize(
    "body",
    [{"note": ["Checked."]}, {"note": None}, {"note": {"text": "x"}}, [], "Checked.", {"note": "\x00"}],
)
def test_rest_hostile_submit_bodies_are_a_400_and_change_nothing(
    cycle, decided_list, client_for, approver, chair, body
):
    api.send_back(actor=approver, cycle=cycle, note="Once more.")
    before = approval_state(cycle)
    response = client_for(chair).post(f"/api/v1/cycles/{cycle.slug}/approval/submit/", body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert approval_state(cycle) == before


def test_rest_a_body_larger_than_django_reads_into_memory_is_a_400(cycle, decided_list, client_for, approver):
    before = approval_state(cycle)
    response = client_for(approver).post(
        f"/api/v1/cycles/{cycle.slug}/approval/", {"approve": "x" * 3_000_000}, format="json"
    )
    assert response.status_code in (400, 413), response.content[:300]
    assert approval_state(cycle) == before
