"""Deliberation rules (review.api): the quorum and its arithmetic, votes select/decline/defer by the
seated panelists without a conflict, and the chair's decisions with rationale and feedback — each
refusal leaving the votes, the nomination and the audit trail as they were."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api as nominations
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.program.models import Program
from distinguished.review import api
from distinguished.review.models import Vote

from ..factories import UserFactory
from .conftest import FEEDBACK, RATIONALE, cast, in_review, make_world, set_phase, state_of
from .conftest import fresh_nomination as fresh


@pytest.fixture
def world(db, admin_user):
    return make_world(admin_user)


# --- Quorum arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eligible", "fraction", "needed"),
    [
        (10, 0.5, 5),
        (9, 0.5, 5),  # 4.5 rounds up: "at least half"
        (5, 0.5, 3),
        (4, 0.5, 2),
        (1, 0.5, 1),
        (0, 0.5, 1),  # a decision always needs a vote
        (10, 0.7, 7),  # exact decimals: 0.7 × 10 is 7, not 7.000000000000001 → 8
        (3, 1 / 3, 1),  # 0.333… × 3 is 0.999…: one vote, not zero
        (6, 2 / 3, 4),
        (7, 0.25, 2),
        (10, 1, 10),
    ],
)
def test_votes_needed_is_the_fraction_of_eligible_voters_rounded_up(eligible, fraction, needed):
    assert api.votes_needed(eligible, fraction) == needed


def test_quorum_counts_the_seated_panel_without_conflicts(world):
    assert api.quorum_of(fresh(world.bo)).as_dict() == {"needed": 5, "voted": 0, "eligible": 10, "met": False}
    # The conflicted panelist leaves the denominator: 9 may vote, at least half is 5.
    assert api.quorum_of(fresh(world.ana)).as_dict() == {"needed": 5, "voted": 0, "eligible": 9, "met": False}
    cast(world, world.ana, ["select"] * 4)
    assert (api.quorum_of(fresh(world.ana)).voted, api.quorum_of(fresh(world.ana)).met) == (4, False)
    cast(world, world.ana, ["select"] * 5)
    assert api.quorum_of(fresh(world.ana)).as_dict() == {"needed": 5, "voted": 5, "eligible": 9, "met": True}


def test_quorum_fraction_comes_from_the_program_definition(world):
    assert str(api.quorum_fraction(world.cycle)) == "0.5"
    current = Program.objects.get(pk=world.cycle.program_id)
    current.definition["selection"]["review"]["quorum"] = 0.7
    current.save(update_fields=["definition"])
    assert str(api.quorum_fraction(program.get_cycle(world.cycle.slug))) == "0.7"
    assert api.quorum_of(fresh(world.bo)).needed == 7
    cast(world, world.bo, ["select"] * 6)
    with pytest.raises(ValidationError) as below:
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    assert below.value.message_dict["votes"] == [
        "A decision needs 7 of the 10 panelists without a conflict to vote; 6 have voted."
    ]
    cast(world, world.bo, ["select"] * 7)
    decided = api.record_decision(
        actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R"
    )
    assert decided.state == "selected"


def test_a_definition_without_a_quorum_means_half(world):
    current = Program.objects.get(pk=world.cycle.program_id)
    del current.definition["selection"]["review"]["quorum"]
    current.save(update_fields=["definition"])
    assert str(api.quorum_fraction(program.get_cycle(world.cycle.slug))) == "0.5"
    assert api.quorum_of(fresh(world.bo)).needed == 5


def test_votes_of_panelists_who_became_conflicted_or_left_the_panel_do_not_count(world):
    cast(world, world.bo, ["select", "select", "decline", "defer"])
    assert api.tally_of(fresh(world.bo)) == {"select": 2, "decline": 1, "defer": 1}
    leaver, now_conflicted = world.seats[1], world.panel[2]
    api.unseat(actor=world.admin, seat=leaver)
    api.declare_conflict(actor=now_conflicted, cycle=world.cycle, nomination=world.bo, reason="Late news.")
    assert api.tally_of(fresh(world.bo)) == {"select": 1, "decline": 0, "defer": 1}
    # 10 seats less the leaver less the conflicted one.
    assert api.quorum_of(fresh(world.bo)).as_dict() == {"needed": 4, "voted": 2, "eligible": 8, "met": False}


# --- Votes -------------------------------------------------------------------------------------


def test_a_seated_panelist_votes_and_the_vote_is_audited(world):
    voter = world.panel[3]
    vote = api.cast_vote(actor=voter, nomination=fresh(world.bo), vote="defer")
    assert (vote.nomination_id, vote.panelist_id, vote.vote) == (world.bo.pk, voter.pk, "defer")
    event = AuditEvent.objects.get(verb="nomination.vote_cast")
    assert (event.actor_id, event.from_state, event.to_state, event.data) == (
        voter.pk,
        "",
        "defer",
        {"nomination": world.bo.pk},
    )
    # Filed under the vote, not the nomination: the nominee's history never shows how anyone voted.
    assert (event.object_type, event.object_id) == ("review.vote", str(vote.pk))
    assert api.vote_of(voter, world.bo) == "defer"


def test_a_panelist_changes_their_vote_until_the_chair_decides(world):
    voter = world.panel[3]
    api.cast_vote(actor=voter, nomination=fresh(world.bo), vote="select")
    api.cast_vote(actor=voter, nomination=fresh(world.bo), vote="decline")
    assert list(Vote.objects.values_list("panelist_id", "vote")) == [(voter.pk, "decline")]
    changes = AuditEvent.objects.filter(verb="nomination.vote_cast").order_by("id")
    assert [(e.from_state, e.to_state) for e in changes] == [("", "select"), ("select", "decline")]
    # The same vote again changes nothing and records nothing.
    api.cast_vote(actor=voter, nomination=fresh(world.bo), vote="decline")
    assert AuditEvent.objects.filter(verb="nomination.vote_cast").count() == 2
    cast(world, world.bo, ["select"] * 5)
    api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as late:
        api.cast_vote(actor=voter, nomination=fresh(world.bo), vote="select")
    assert "state" in late.value.message_dict
    assert "before the chair decides" in late.value.message_dict["state"][0]
    assert state_of(world.bo) == before


def test_a_conflicted_panelist_is_refused_a_vote(world):
    before = state_of(world.ana)
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        api.cast_vote(actor=world.conflicted, nomination=fresh(world.ana), vote="select")
    assert state_of(world.ana) == before
    # On another nomination the same panelist votes.
    api.cast_vote(actor=world.conflicted, nomination=fresh(world.bo), vote="select")


def test_a_detected_conflict_refuses_the_vote_too(world):
    nominator = world.panel[4]
    nominated = in_review(world.cycle, "Di Novak", nominator=nominator)
    before = state_of(nominated)
    with pytest.raises(PermissionDenied):
        api.cast_vote(actor=nominator, nomination=fresh(nominated), vote="select")
    assert state_of(nominated) == before


@pytest.mark.parametrize(
    "who", ["panelist role without a seat", "program admin", "chair role without a seat"]
)
def test_only_seated_panelists_vote(world, who):
    roles = {
        "panelist role without a seat": ["panelist"],
        "program admin": ["admin"],
        "chair role without a seat": ["chair", "panelist"],
    }[who]
    outsider = UserFactory(roles=roles)
    before = state_of(world.bo)
    with pytest.raises(PermissionDenied, match="seated"):
        api.cast_vote(actor=outsider, nomination=fresh(world.bo), vote="select")
    assert state_of(world.bo) == before


@pytest.mark.parametrize("choice", ["yes", "", "SELECT", "selected", "abstain", None])
def test_a_vote_outside_the_choices_is_refused(world, choice):
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as refused:
        api.cast_vote(actor=world.panel[3], nomination=fresh(world.bo), vote=choice)
    assert refused.value.message_dict == {"vote": ["Vote one of select, decline, defer."]}
    assert state_of(world.bo) == before


@pytest.mark.parametrize("phase", ["review", "approval", "announced"])
def test_votes_are_cast_only_in_the_deliberation_phase(world, phase):
    set_phase(world, phase)
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as refused:
        api.cast_vote(actor=world.panel[3], nomination=fresh(world.bo), vote="select")
    message = refused.value.message_dict["cycle"][0]
    assert message.startswith("Votes are cast in the deliberation phase;")
    assert program.Phase(phase).label.lower() in message
    assert state_of(world.bo) == before


@pytest.mark.parametrize("state", ["submitted", "withdrawn", "ineligible"])
def test_votes_are_cast_only_on_eligible_nominations_and_those_in_review(world, state):
    other = in_review(world.cycle, "Ed Park", state=state)
    before = state_of(other)
    with pytest.raises(ValidationError) as refused:
        api.cast_vote(actor=world.panel[3], nomination=fresh(other), vote="select")
    assert "only on eligible nominations and nominations in review" in refused.value.message_dict["state"][0]
    assert state_of(other) == before


def test_an_eligible_nomination_without_reviewers_is_on_the_board_voted_and_decided(world):
    """Without reviewers it never went into review; the panel still decides it, or the list could
    never be signed off."""
    unreviewed = in_review(world.cycle, "Ed Park", state="eligible")
    undecided = sum(nominations.undecided_by_track(world.cycle).values())
    board = api.board(world.cycle, viewer=world.panel[3], details=False)
    row = next(r for r in board["rows"] if r["nomination"].pk == unreviewed.pk)
    assert (row["score"], row["can_vote"]) == (None, True)
    cast(world, unreviewed, ["defer"] * 5)
    api.record_decision(
        actor=world.chair,
        nomination=fresh(unreviewed),
        outcome="deferred",
        rationale="No reviews.",
        feedback="F",
    )
    assert fresh(unreviewed).state == "deferred"
    assert sum(nominations.undecided_by_track(world.cycle).values()) == undecided - 1


def test_after_sign_off_votes_and_decisions_are_locked_even_if_the_phase_moves_back(world):
    cast(world, world.bo, ["select"] * 5)
    api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    program.lock_final_list(world.cycle, timezone.now())  # what the approver's sign-off does
    set_phase(world, "deliberation")  # an admin moves the phase back
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(
            actor=world.chair, nomination=fresh(world.bo), outcome="declined", rationale="R", feedback="F"
        )
    assert "was signed off on" in refused.value.message_dict["cycle"][0]
    with pytest.raises(ValidationError) as refused:
        api.cast_vote(actor=world.panel[6], nomination=fresh(world.cy), vote="select")
    assert refused.value.message_dict["cycle"][0].endswith("its votes and decisions are locked.")
    assert state_of(world.bo) == before
    rows = api.board(program.get_cycle(world.cycle.slug), viewer=world.chair, details=False)["rows"]
    assert not any(row["can_vote"] or row["can_decide"] for row in rows)
    # The rule itself re-reads the cycle under its lock: a caller holding an older read is refused too.
    stale = fresh(world.bo)
    stale.cycle.list_signed_off = None
    with pytest.raises(ValidationError, match="its decisions are locked"):
        nominations.decide(
            actor=world.chair, nomination=stale, outcome="declined", rationale="R", feedback="F"
        )
    assert state_of(world.bo) == before


# --- Decisions ---------------------------------------------------------------------------------


def test_the_chair_records_a_decision_once_the_quorum_voted(world):
    cast(world, world.bo, ["select", "select", "decline", "select", "defer"])
    decided = api.record_decision(
        actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale=f"  {RATIONALE}  "
    )
    stored = Nomination.objects.get(pk=world.bo.pk)
    assert (stored.state, stored.decided_by_id, stored.decision_rationale, stored.decision_feedback) == (
        "selected",
        world.chair.pk,
        RATIONALE,
        "",
    )
    assert stored.decided is not None and decided.state == "selected"
    event = AuditEvent.objects.get(verb="nomination.decided")
    assert (event.actor_id, event.object_type, event.object_id) == (
        world.chair.pk,
        "nominations.nomination",
        str(world.bo.pk),
    )
    assert (event.from_state, event.to_state) == ("in_review", "selected")
    # The rationale is the panel's: out of the shown reason, kept in the data only admins read.
    assert RATIONALE not in event.reason
    assert event.data == {"rationale": RATIONALE, "feedback": ""}


def test_the_chair_may_decide_with_exactly_the_quorum(world):
    cast(world, world.ana, ["select"] * 5)  # 5 of 9 eligible: ceil(4.5)
    api.record_decision(actor=world.chair, nomination=fresh(world.ana), outcome="selected", rationale="R")
    assert Nomination.objects.get(pk=world.ana.pk).state == "selected"


def test_below_quorum_the_error_says_how_many_voted_and_how_many_are_needed(world):
    cast(world, world.ana, ["select"] * 4)
    before = state_of(world.ana)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(world.ana), outcome="selected", rationale="R")
    assert refused.value.message_dict == {
        "votes": ["A decision needs 5 of the 9 panelists without a conflict to vote; 4 have voted."]
    }
    assert state_of(world.ana) == before


def test_with_one_vote_the_error_reads_in_the_singular(world):
    cast(world, world.bo, ["select"])
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    assert refused.value.message_dict["votes"] == [
        "A decision needs 5 of the 10 panelists without a conflict to vote; 1 has voted."
    ]


def test_a_nomination_no_seated_panelist_may_vote_on_cannot_be_decided(world):
    for seat in world.seats[1:]:
        api.unseat(actor=world.admin, seat=seat)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    assert refused.value.message_dict["votes"] == [
        "A decision needs 1 of the 1 panelist without a conflict to vote; 0 have voted."
    ]
    api.declare_conflict(
        actor=world.admin, cycle=world.cycle, nomination=world.bo, panelist=world.chair, reason="x"
    )
    quorum = api.quorum_of(fresh(world.bo))
    assert (quorum.eligible, quorum.met) == (0, False)
    assert "ask a program admin to seat another panelist" in quorum.problem()


@pytest.mark.parametrize("who", ["seated panelist", "program admin", "chair role without the chair seat"])
def test_only_the_chair_records_a_decision(world, who):
    cast(world, world.bo, ["select"] * 10)
    actor = {
        "seated panelist": world.panel[3],
        "program admin": world.admin,
        "chair role without the chair seat": UserFactory(roles=["chair", "panelist"]),
    }[who]
    before = state_of(world.bo)
    with pytest.raises(PermissionDenied, match="Only the chair"):
        api.record_decision(actor=actor, nomination=fresh(world.bo), outcome="selected", rationale="R")
    assert state_of(world.bo) == before


def test_a_conflicted_chair_may_not_decide(world):
    api.declare_conflict(actor=world.chair, cycle=world.cycle, nomination=world.bo, reason="My student.")
    cast(world, world.bo, ["select"] * 9)
    before = state_of(world.bo)
    with pytest.raises(PermissionDenied, match="conflict of interest"):
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    assert state_of(world.bo) == before


@pytest.mark.parametrize("rationale", ["", "   ", None])
def test_a_decision_needs_a_rationale(world, rationale):
    cast(world, world.bo, ["select"] * 5)
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(
            actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale=rationale
        )
    assert list(refused.value.message_dict) == ["rationale"]
    assert "the nominee does not" in refused.value.message_dict["rationale"][0]
    assert state_of(world.bo) == before


@pytest.mark.parametrize("field", ["rationale", "feedback"])
def test_a_decision_text_over_10000_characters_is_refused_on_its_field(world, field, client_for):
    cast(world, world.bo, ["select"] * 5)
    before = state_of(world.bo)
    body = {"outcome": "selected", "rationale": "R", "feedback": "", field: "x" * 10_001}
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), **body)
    assert refused.value.message_dict == {field: [f"Keep the {field} under 10,000 characters."]}
    response = client_for(world.chair).post(
        f"/api/v1/nominations/{world.bo.pk}/decision/", body, format="json"
    )
    assert response.status_code == 400 and list(response.json()) == [field]
    assert state_of(world.bo) == before


@pytest.mark.parametrize("outcome", ["declined", "deferred"])
def test_declined_and_deferred_need_feedback_for_the_nominee(world, outcome):
    cast(world, world.bo, ["decline"] * 5)
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(
            actor=world.chair, nomination=fresh(world.bo), outcome=outcome, rationale="R", feedback="  "
        )
    assert list(refused.value.message_dict) == ["feedback"]
    assert f"a {outcome} nomination's nominee reads it" in refused.value.message_dict["feedback"][0]
    assert state_of(world.bo) == before
    api.record_decision(
        actor=world.chair, nomination=fresh(world.bo), outcome=outcome, rationale="R", feedback=FEEDBACK
    )
    stored = Nomination.objects.get(pk=world.bo.pk)
    assert (stored.state, stored.decision_feedback) == (outcome, FEEDBACK)


def test_selected_needs_no_feedback(world):
    cast(world, world.bo, ["select"] * 5)
    api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    assert Nomination.objects.get(pk=world.bo.pk).state == "selected"


@pytest.mark.parametrize("outcome", ["select", "approved", "in_review", "", "SELECTED"])
def test_an_outcome_outside_the_choices_is_refused(world, outcome):
    cast(world, world.bo, ["select"] * 5)
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome=outcome, rationale="R")
    assert refused.value.message_dict == {"outcome": ["Choose one of selected, declined, deferred."]}
    assert state_of(world.bo) == before


def test_every_problem_of_a_decision_is_named_at_once(world):
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="declined", rationale="")
    assert set(refused.value.message_dict) == {"rationale", "feedback", "votes"}


@pytest.mark.parametrize("phase", ["review", "approval"])
def test_decisions_are_recorded_only_in_the_deliberation_phase(world, phase):
    cast(world, world.bo, ["select"] * 5)
    set_phase(world, phase)
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    assert refused.value.message_dict["cycle"][0].startswith(
        "Decisions are recorded in the deliberation phase;"
    )
    assert state_of(world.bo) == before


@pytest.mark.parametrize("state", ["submitted", "ineligible", "withdrawn"])
def test_only_eligible_nominations_and_those_in_review_are_decided(world, state):
    other = in_review(world.cycle, "Ed Park", state=state)
    before = state_of(other)
    with pytest.raises(ValidationError) as refused:
        api.record_decision(actor=world.chair, nomination=fresh(other), outcome="selected", rationale="R")
    assert "only eligible nominations and nominations in review" in refused.value.message_dict["state"][0]
    assert state_of(other) == before


def test_the_chair_may_change_a_decision_during_deliberation(world):
    cast(world, world.bo, ["select"] * 5)
    api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="First.")
    api.record_decision(
        actor=world.chair,
        nomination=fresh(world.bo),
        outcome="deferred",
        rationale="Second.",
        feedback=FEEDBACK,
    )
    stored = Nomination.objects.get(pk=world.bo.pk)
    assert (stored.state, stored.decision_rationale, stored.decision_feedback) == (
        "deferred",
        "Second.",
        FEEDBACK,
    )
    trail = AuditEvent.objects.filter(verb="nomination.decided").order_by("id")
    assert [(e.from_state, e.to_state) for e in trail] == [
        ("in_review", "selected"),
        ("selected", "deferred"),
    ]
    # Back to selected: the feedback of the deferral does not linger.
    api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="Third.")
    assert Nomination.objects.get(pk=world.bo.pk).decision_feedback == ""
    # The approver's phase locks it.
    set_phase(world, "approval")
    before = state_of(world.bo)
    with pytest.raises(ValidationError):
        api.record_decision(
            actor=world.chair, nomination=fresh(world.bo), outcome="declined", rationale="x", feedback="y"
        )
    assert state_of(world.bo) == before


def test_decide_refuses_an_unknown_outcome_and_an_undecidable_state(world):
    before = state_of(world.bo)
    with pytest.raises(ValidationError) as unknown:
        nominations.decide(actor=world.chair, nomination=fresh(world.bo), outcome="approved", rationale="R")
    assert "outcome" in unknown.value.message_dict
    withdrawn = in_review(world.cycle, "Fa Okoro", state="withdrawn")
    with pytest.raises(ValidationError) as illegal:
        nominations.decide(actor=world.chair, nomination=fresh(withdrawn), outcome="selected", rationale="R")
    assert "state" in illegal.value.message_dict
    assert state_of(world.bo) == before
    assert Nomination.objects.get(pk=withdrawn.pk).state == "withdrawn"


# --- The board ---------------------------------------------------------------------------------


def test_the_board_ranks_the_nominations_and_hides_conflicts_per_viewer(world):
    cast(world, world.bo, ["select", "decline"])
    board = api.board(world.cycle, viewer=world.chair)
    assert [(row["nomination"].pk, row["rank"]) for row in board["rows"]] == [
        (world.ana.pk, 1),
        (world.bo.pk, 2),
        (world.cy.pk, None),
    ]
    bo = board["rows"][1]
    assert bo["tally"] == {"select": 1, "decline": 1, "defer": 0}
    assert (bo["my_vote"], bo["can_vote"], bo["can_decide"], bo["decided"]) == ("select", True, True, False)
    assert [r.comment for r in bo["reviews"]] == ["REVIEW-BO-1: solid.", "REVIEW-BO-2: thin evidence."]
    assert board["rows"][0]["scorecard"] is not None
    assert [e.statement for e in board["rows"][0]["endorsements"]] == [
        "ENDORSEMENT-ANA: she reviews every XBlock PR."
    ]
    conflicted = api.board(world.cycle, viewer=world.conflicted)
    assert [row["nomination"].pk for row in conflicted["rows"]] == [world.bo.pk, world.cy.pk]
    assert not any(row["can_decide"] for row in conflicted["rows"])


def test_before_deliberation_a_reviewer_reads_only_their_own_review_on_the_board(world):
    set_phase(world, "review")
    cycle = program.get_cycle(world.cycle.slug)
    reviewer = world.panel[1]
    board = api.board(cycle, viewer=reviewer)
    rows = {row["nomination"].pk: row for row in board["rows"]}
    assert set(rows) == {world.ana.pk, world.bo.pk}  # what is assigned to them
    assert [r.comment for r in rows[world.bo.pk]["reviews"]] == ["REVIEW-BO-1: solid."]
    assert [r.comment for r in rows[world.ana.pk]["reviews"]] == ["REVIEW-ANA-1: outstanding maintainer."]
    # The chair reads every review; from deliberation on, so does the whole panel.
    chair_rows = {row["nomination"].pk: row for row in api.board(cycle, viewer=world.chair)["rows"]}
    assert len(chair_rows[world.bo.pk]["reviews"]) == 2
    set_phase(world, "deliberation")
    cycle = program.get_cycle(world.cycle.slug)
    rows = {row["nomination"].pk: row for row in api.board(cycle, viewer=reviewer)["rows"]}
    assert len(rows[world.bo.pk]["reviews"]) == 2


def test_the_board_is_for_the_panel_and_admins(world, member):
    with pytest.raises(PermissionDenied):
        api.board(world.cycle, viewer=member)
    assert len(api.board(world.cycle, viewer=world.admin)["rows"]) == 3
