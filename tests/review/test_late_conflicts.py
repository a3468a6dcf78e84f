"""A conflict that arises after assignment voids the assignment at once (issue 11, item 2): declared,
detected later (an endorsement, a shared organization, a claimed profile) or a waiver withdrawn.
The review leaves every number the panel reads, stays in the database and the audit trail; the
panelist loses the assignment; the chairs free of a conflict are e-mailed and reassign in one
click. Through review.api; the REST API and the pages are in the *_api and *_page modules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import translation

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api as nominations
from distinguished.nominations.models import Endorsement
from distinguished.people import api as people
from distinguished.program import api as program
from distinguished.review import aggregation, api, declarations
from distinguished.review.models import Assignment, Conflict, ConflictWaiver, PanelSeat, Review

from ..factories import (
    AssignmentFactory,
    ConflictFactory,
    ContributorFactory,
    EndorsementFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
)

AREAS = ["core_platform", "architecture", "open_source_leadership", "problem_solving"]


def ranked(cycle, viewer):
    return {row["nomination"].nominee.name: row["score"] for row in api.ranking(cycle, viewer=viewer)["rows"]}


def void_events(assignment):
    return AuditEvent.objects.filter(
        verb="assignment.voided", object_type="review.assignment", object_id=str(assignment.pk)
    )


# --- Declared ----------------------------------------------------------------------------------


def test_a_declared_conflict_voids_the_assignment_and_its_review_leaves_every_number(late, admin_user):
    before = ranked(late.cycle, admin_user)
    assert (before["Ada Nominee"].reviews, before["Ada Nominee"].mean) == (3, pytest.approx(10 / 3))
    conflict = api.declare_conflict(
        actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My brother."
    )
    voided = late.assignment("r1", "ada")
    assert conflict.voided == [voided.pk]
    assert voided.voided is not None and voided.void_source == "declared"
    assert voided.void_reason == f"{late.r1} declared a conflict of interest."
    assert "brother" not in voided.void_reason
    # The trail keeps the English of the moment; pages and the API word it for their reader.
    with translation.override("fr"):
        french = translation.gettext("%(panelist)s declared a conflict of interest.") % {"panelist": late.r1}
        assert voided.void_cause() == french != voided.void_reason
    [event] = void_events(voided)
    assert (event.actor_id, event.from_state, event.data["source"]) == (
        late.r1.pk,
        late.r1.username,
        "declared",
    )
    # The review stays in the database; it no longer counts anywhere.
    assert Review.objects.filter(assignment=voided).exists()
    after = ranked(late.cycle, admin_user)
    assert (after["Ada Nominee"].reviews, after["Ada Nominee"].mean) == (2, pytest.approx(2.5))
    assert after["Ben Nominee"].reviews == 3
    counted = [(r, n, s) for (r, n), s in {("r2", "ada"): 3, ("r3", "ada"): 2}.items()]
    counted += [(r, "ben", s) for r, s in (("r1", 1), ("r2", 3), ("r3", 4))]
    expected = aggregation.summarize([aggregation.Review(r, n, s) for r, n, s in counted], low=1, high=5)
    assert api.ranking(late.cycle, viewer=admin_user)["agreement"] == pytest.approx(expected.alpha)
    assert after["Ada Nominee"].normalized == pytest.approx(
        next(s.normalized for s in expected.ranking if s.nomination == "ada")
    )
    assert api.final_list_scores(late.cycle, viewer=UserFactory(roles=["approver"]))[late.ada.pk].reviews == 2
    # The panelist no longer has the assignment.
    assert late.ada.pk not in api.assigned_nominations(late.r1)
    assert [a.nomination_id for a in api.assignments_of(late.r1)] == [late.ben.pk]
    with pytest.raises(Assignment.DoesNotExist):
        api.get_assignment(voided.pk)


def test_the_board_leaves_the_voided_review_out(late, admin_user):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    program.override_phase(actor=admin_user, cycle=late.cycle, phase="deliberation", reason="t")
    board = api.board(late.fresh_cycle(), viewer=admin_user)
    reviews = {row["nomination"].pk: [r.comment for r in row["reviews"]] for row in board["rows"]}
    assert sorted(reviews[late.ada.pk]) == ["r2 on ada", "r3 on ada"]
    assert sorted(reviews[late.ben.pk]) == ["r1 on ben", "r2 on ben", "r3 on ben"]


def test_a_voided_assignment_refuses_a_save_and_changes_nothing(late):
    assignment = late.assignment("r1", "ada")
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    trail = AuditEvent.objects.count()
    for stale in (assignment, late.assignment("r1", "ada")):  # read before and after the void
        with pytest.raises(Assignment.DoesNotExist):
            api.save_review(actor=late.r1, assignment=stale, scores={"core_platform": 1})
    assert Review.objects.get(assignment=assignment).scores == dict.fromkeys(AREAS, 5)
    assert AuditEvent.objects.count() == trail


def test_the_chairs_free_of_a_conflict_are_emailed_on_commit(
    late, mailoutbox, django_capture_on_commit_callbacks
):
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My brother.")
    [message] = mailoutbox  # the chair; never the conflicted co-chair
    assert message.to == [late.chair.email]
    assert message.subject == f"A review of Ada Nominee no longer counts: reassign it ({late.cycle})"
    assert f"{late.r1.display_name} can no longer review the nomination of Ada Nominee" in message.body
    assert f"{late.r1} declared a conflict of interest." in message.body
    assert "The review they had written no longer counts in the ranking" in message.body
    assert f"/cycles/{late.cycle.slug}/panel/#voided" in message.body
    assert "brother" not in message.body


def test_the_admins_are_emailed_when_every_chair_is_conflicted(
    late, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    for chair in (late.chair, late.co_chair):
        api.declare_conflict(actor=chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    Review.objects.filter(assignment=late.assignment("r2", "ada")).delete()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.declare_conflict(actor=late.r2, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    assert [m.to for m in mailoutbox] == [[admin_user.email]]
    assert "They had not written a review yet." in mailoutbox[0].body


def test_nothing_is_sent_or_voided_when_the_declaration_fails(late, mailoutbox):
    with pytest.raises(ValidationError):
        api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason=" ")
    assert late.assignment("r1", "ada").voided is None and mailoutbox == []


def test_a_conflict_with_a_contributor_voids_every_assignment_on_their_nominations(late):
    same_nominee = NominationFactory(
        cycle=late.cycle, track=program.get_track("advocate"), nominee=late.ada.nominee
    )
    other = AssignmentFactory(nomination=same_nominee, panelist=late.r1)
    api.declare_conflict(
        actor=late.r1, cycle=late.cycle, contributor=late.ada.nominee, reason="We co-founded."
    )
    assert Assignment.objects.get(pk=other.pk).voided is not None
    assert late.assignment("r1", "ada").voided is not None
    assert late.assignment("r1", "ben").voided is None


def test_a_conflict_the_chair_adds_voids_too(late):
    api.declare_conflict(
        actor=late.chair, cycle=late.cycle, nomination=late.ada, panelist=late.r2, reason="Told me in person."
    )
    voided = late.assignment("r2", "ada")
    assert (voided.void_source, voided.void_reason) == (
        "chair",
        f"A conflict of interest was added for {late.r2}.",
    )


# --- Detected later ----------------------------------------------------------------------------


def test_an_assigned_panelist_who_endorses_is_voided_by_the_endorsement(late):
    """Endorsing closes before reviewers are assigned (nominations.endorse refuses a nomination in
    review), so the endorsement is written here as a rule change would let it be; the signal is
    the one endorse() sends (tests/nominations/test_signals.py)."""
    endorsement = EndorsementFactory(nomination=late.ada, endorser=late.r2, relationship="r", statement="s")
    nominations.signals.endorsed.send(
        sender=Endorsement, nomination=late.ada, endorser=late.r2, endorsement=endorsement
    )
    assignment = late.assignment("r2", "ada")
    assert (assignment.void_source, assignment.void_reason) == (
        "endorser",
        f"{late.r2} endorsed the nomination.",
    )
    assert void_events(assignment).get().actor_id == late.r2.pk
    assert late.assignment("r2", "ben").voided is None


def test_a_new_shared_organization_voids_the_assignment(late, admin_user):
    org = OrganizationFactory(name="Acme")
    people.update_contributor(actor=admin_user, contributor=late.ada.nominee, organization=org)
    assert not Assignment.objects.filter(voided__isnull=False).exists()  # nobody shares Acme yet
    people.update_contributor(actor=admin_user, contributor=late.r3.contributor, organization=org)
    voided = late.assignment("r3", "ada")
    assert voided.void_source == "organization"
    assert voided.void_reason == f"{late.r3} and Ada Nominee now share an organization."
    assert list(Assignment.objects.filter(voided__isnull=False)) == [voided]


def test_a_nominee_who_joins_the_panelists_organization_voids_it_too(late, admin_user):
    org = OrganizationFactory()
    people.update_contributor(actor=admin_user, contributor=late.r2.contributor, organization=org)
    people.update_contributor(actor=admin_user, contributor=late.ben.nominee, organization=org)
    assert late.assignment("r2", "ben").void_source == "organization"
    assert late.assignment("r2", "ada").voided is None


def test_a_panelist_who_claims_the_nominees_profile_is_voided(late, admin_user):
    newcomer = UserFactory(username="newcomer")
    api.seat_panelist(actor=admin_user, cycle=late.cycle, user=newcomer, group="community_leaders")
    assignment = AssignmentFactory(nomination=late.ben, panelist=newcomer)
    people.claim_profile(user=newcomer, contributor=late.ben.nominee)
    assignment.refresh_from_db()
    assert (assignment.void_source, assignment.void_reason) == ("nominee", f"{newcomer} is the nominee.")


def test_a_panelist_who_creates_a_profile_in_the_nominees_organization_is_voided(late, admin_user):
    org = OrganizationFactory()
    people.update_contributor(actor=admin_user, contributor=late.ben.nominee, organization=org)
    newcomer = UserFactory(username="no-profile-yet")
    api.seat_panelist(actor=admin_user, cycle=late.cycle, user=newcomer, group="community_leaders")
    assignment = AssignmentFactory(nomination=late.ben, panelist=newcomer)
    people.create_contributor(actor=newcomer, kind="person", name="New Comer", organization=org)
    assignment.refresh_from_db()
    assert assignment.void_source == "organization"


def test_a_change_that_makes_no_conflict_voids_nothing(late, admin_user):
    people.update_contributor(actor=admin_user, contributor=late.r1.contributor, name="Renamed")
    people.update_contributor(
        actor=admin_user, contributor=late.r1.contributor, organization=OrganizationFactory()
    )
    assert not Assignment.objects.filter(voided__isnull=False).exists()


# --- Waivers taken back ------------------------------------------------------------------------


@pytest.fixture
def waived(late):
    """r3 shares an organization with Ada's nominee; the chair waived it before the assignment."""
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


def test_withdrawing_a_waiver_voids_the_assignment_and_is_audited(late, waived):
    assert late.assignment("r3", "ada").voided is None
    voided = api.withdraw_waiver(actor=late.chair, waiver=waived, reason="Same lab after all.")
    assert [a.pk for a in voided] == [late.assignments["r3", "ada"].pk]
    assignment = late.assignment("r3", "ada")
    assert assignment.void_source == "organization"
    assert (
        assignment.void_reason
        == "The waiver of a conflict (the panelist shares an organization with the nominee) was withdrawn."
    )
    assert not ConflictWaiver.objects.exists()
    event = AuditEvent.objects.get(verb="conflict.waiver_withdrawn")
    assert (event.reason, event.data["waiver_reason"], event.to_state) == (
        "Same lab after all.",
        "Large university.",
        late.r3.username,
    )
    assert (late.r3.pk, late.ada.pk) in api.conflicted_pairs(late.cycle)


def test_a_waiver_is_withdrawn_once_by_the_chair_only(late, waived):
    with pytest.raises(PermissionDenied):
        api.withdraw_waiver(actor=late.r1, waiver=waived)
    api.withdraw_waiver(actor=late.chair, waiver=waived)
    with pytest.raises(ConflictWaiver.DoesNotExist):
        api.withdraw_waiver(actor=late.chair, waiver=waived)
    with pytest.raises(ConflictWaiver.DoesNotExist):
        api.get_waiver(late.cycle, waived.pk, viewer=late.chair)


def test_a_chair_conflicted_with_the_nomination_finds_no_waiver(late, waived, fresh):
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    with pytest.raises(ConflictWaiver.DoesNotExist):
        api.get_waiver(late.cycle, waived.pk, viewer=fresh(late.co_chair))
    assert api.get_waiver(late.cycle, waived.pk, viewer=fresh(late.chair)) == waived


# --- Reassignment ------------------------------------------------------------------------------


def test_reassign_picks_a_free_panelist_from_an_uncovered_group_least_loaded(
    late, mailoutbox, django_capture_on_commit_callbacks
):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    voided = late.assignment("r1", "ada")
    seats = late.seats
    # toc (the chair) and the other axim seat carry a review each; core contributors stay covered.
    for seat in (seats[0], seats[2]):
        AssignmentFactory(nomination=late.ben, panelist=seat.user)
    PanelSeat.objects.filter(pk=seats[8].pk).update(tracks=["engineer"])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        replacement = api.reassign(actor=late.chair, assignment=voided)
    # Community leaders: uncovered, unloaded, and seats[8] prefers the engineer track.
    assert (replacement.panelist, replacement.nomination, replacement.by_hand) == (
        seats[8].user,
        late.ada,
        True,
    )
    assert late.assignment("r1", "ada").replacement == replacement
    assert [m.to for m in mailoutbox] == [[seats[8].user.email]]
    event = AuditEvent.objects.get(verb="review.reassigned")
    assert (event.object_id, event.from_state, event.to_state) == (
        str(voided.pk),
        late.r1.username,
        seats[8].user.username,
    )
    with pytest.raises(ValidationError) as twice:
        api.reassign(actor=late.chair, assignment=late.assignment("r1", "ada"))
    assert twice.value.message_dict == {"assignment": [f"Already reassigned to {seats[8].user}."]}


def test_reassign_refuses_a_live_assignment_and_non_chairs(late):
    with pytest.raises(ValidationError) as live:
        api.reassign(actor=late.chair, assignment=late.assignment("r1", "ada"))
    assert live.value.message_dict == {
        "assignment": ["This assignment still counts; only a voided one is reassigned."]
    }
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    with pytest.raises(PermissionDenied):
        api.reassign(actor=late.r2, assignment=late.assignment("r1", "ada"))
    assert Assignment.objects.count() == 6


def test_a_conflicted_chair_does_not_find_the_voided_assignment(late, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    voided = late.assignment("r1", "ada")
    with pytest.raises(Assignment.DoesNotExist):
        api.voided_assignment(voided.pk, viewer=fresh(late.co_chair))
    with pytest.raises(Assignment.DoesNotExist):
        api.reassign(actor=fresh(late.co_chair), assignment=voided)
    assert api.voided_assignments(late.cycle, viewer=fresh(late.co_chair)) == []
    assert api.voided_assignments(late.cycle, viewer=fresh(late.chair)) == [voided]


def test_reassign_says_so_when_nobody_is_free(late):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    for seat in late.seats:
        if not Assignment.objects.filter(nomination=late.ada, panelist=seat.user).exists():
            ConflictFactory(panelist=seat.user, nomination=late.ada, reason="x")
    with pytest.raises(ValidationError) as nobody:
        api.reassign(actor=UserFactory(roles=["admin"]), assignment=late.assignment("r1", "ada"))
    assert nobody.value.message_dict["panelist"] == [
        "Every seated panelist reviews Ada Nominee already or has a conflict with the nomination; "
        "ask a program admin to seat another panelist."
    ]


def test_running_the_solver_again_keeps_the_voided_row_and_never_reuses_its_pair(late, admin_user):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    voided = late.assignment("r1", "ada")
    api.assign_reviewers(actor=admin_user, cycle=late.fresh_cycle())
    assert Assignment.objects.get(pk=voided.pk).voided is not None
    live = Assignment.objects.filter(nomination=late.ada, voided__isnull=True)
    assert late.r1.pk not in live.values_list("panelist_id", flat=True) and live.count() == 3
    with pytest.raises(ValidationError) as by_hand:
        api.assign_by_hand(actor=admin_user, nomination=late.ada, panelist=late.r1)
    assert "conflict of interest" in by_hand.value.message_dict["panelist"][0]


# --- Defence in depth: a conflict stored without its void (a race) -----------------------------


def test_a_conflicted_pair_never_counts_even_without_a_void(late, admin_user):
    ConflictFactory(panelist=late.r2, nomination=late.ben, reason="x")
    assert late.assignment("r2", "ben").voided is None
    assert ranked(late.cycle, admin_user)["Ben Nominee"].reviews == 2
    with pytest.raises(Assignment.DoesNotExist):
        api.save_review(actor=late.r2, assignment=late.assignment("r2", "ben"), scores={"core_platform": 2})
    program.override_phase(actor=admin_user, cycle=late.cycle, phase="deliberation", reason="t")
    [row] = [
        r for r in api.board(late.fresh_cycle(), viewer=admin_user)["rows"] if r["nomination"] == late.ben
    ]
    assert sorted(r.comment for r in row["reviews"]) == ["r1 on ben", "r3 on ben"]


# --- One row per conflict (item 5) -------------------------------------------------------------


def test_a_repeat_declaration_names_the_existing_one_and_adds_nothing(late):
    first = api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    trail = AuditEvent.objects.count()
    with pytest.raises(api.ConflictExists) as repeat:
        api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Again.")
    assert repeat.value.existing == first
    assert repeat.value.message.startswith(
        "You have declared a conflict with the nomination of Ada Nominee already, on "
    )
    with pytest.raises(api.ConflictExists) as by_chair:  # whoever declares it, one row per pair
        api.declare_conflict(
            actor=late.chair, cycle=late.cycle, nomination=late.ada, panelist=late.r1, reason="x"
        )
    assert by_chair.value.message.startswith(
        f"{late.r1} has declared a conflict with the nomination of Ada Nominee"
    )
    api.declare_conflict(actor=late.r1, cycle=late.cycle, contributor=late.ada.nominee, reason="Co-founder.")
    with pytest.raises(api.ConflictExists) as wide:
        api.declare_conflict(actor=late.r1, cycle=late.cycle, contributor=late.ada.nominee, reason="Again.")
    assert "Ada Nominee (all their nominations) already" in wide.value.message
    assert Conflict.objects.count() == 2 and AuditEvent.objects.count() == trail + 1


def test_the_database_keeps_one_row_per_pair(late):
    ConflictFactory(panelist=late.r1, nomination=late.ada, reason="a")
    with pytest.raises(IntegrityError):
        ConflictFactory(
            panelist=late.r1, nomination=late.ada, source="chair", reason="b", created_by=late.chair
        )


def test_the_database_keeps_one_contributor_wide_row_per_cycle(late):
    fields = {"cycle": late.cycle, "panelist": late.r1, "contributor": late.ada.nominee, "nomination": None}
    ConflictFactory(**fields, reason="a")
    with pytest.raises(IntegrityError):
        ConflictFactory(**fields, reason="b")


def test_a_concurrent_insert_that_lost_is_the_same_clear_repeat(late, monkeypatch):
    """The insert of a declaration whose twin committed after the first look-up: the constraint
    refuses it and the caller gets ConflictExists, never an IntegrityError."""
    first = ConflictFactory(panelist=late.r1, nomination=late.ada, reason="a")
    looks = []
    real = declarations.existing_conflict

    def not_yet_committed(*args, **kwargs):
        looks.append(args)
        return None if len(looks) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(declarations, "existing_conflict", not_yet_committed)
    with pytest.raises(api.ConflictExists) as repeat:
        api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="b")
    assert repeat.value.existing == first and len(looks) == 2
    assert Conflict.objects.count() == 1 and late.assignment("r1", "ada").voided is None


# --- What a chair sees (item 3) and what a panelist may declare (item 4) -----------------------


def test_a_conflicted_chair_reads_no_conflict_of_that_nomination(late, admin_user, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Secret reason A.")
    api.declare_conflict(actor=late.r2, cycle=late.cycle, nomination=late.ben, reason="Reason B.")
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    seen = api.conflicts_seen_by(late.cycle, fresh(late.co_chair))
    assert {(row["panelist"], row["nomination"]) for row in seen["rows"]} == {(late.r2, late.ben)}
    assert seen["handled_elsewhere"] == [late.ada]
    everything = api.conflicts_seen_by(late.cycle, admin_user)
    assert len(everything["rows"]) == 3 and everything["handled_elsewhere"] == []


def test_the_panel_search_never_offers_a_nomination_the_panelist_is_conflicted_with(late, admin_user):
    detected = NominationFactory(
        cycle=late.cycle, nominee=ContributorFactory(name="Cy Nominee"), nominator=late.r1, state="eligible"
    )
    assert {n.pk for n in api.declarable_nominations(late.cycle, late.r1, "nominee")} == {
        late.ada.pk,
        late.ben.pk,
    }
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    assert [n.pk for n in api.declarable_nominations(late.cycle, late.r1, "nominee")] == [late.ben.pk]
    api.declare_conflict(actor=late.r1, cycle=late.cycle, contributor=late.ben.nominee, reason="Co-founder.")
    assert api.declarable_nominations(late.cycle, late.r1, "nominee") == []
    # A waived detected conflict is no conflict: it may be declared.
    api.waive_conflict(
        actor=admin_user, nomination=detected, panelist=late.r1, source="nominator", reason="Fine."
    )
    assert [n.pk for n in api.declarable_nominations(late.cycle, late.r1, "nominee")] == [detected.pk]


def test_the_nominees_history_shows_no_reviewer_and_no_waiver(late, waived):
    api.save_review(actor=late.r2, assignment=late.assignment("r2", "ada"), scores={"core_platform": 4})
    api.assign_by_hand(actor=late.chair, nomination=late.ada, panelist=late.seats[7].user)
    verbs = set(nominations.history_of(late.ada).values_list("verb", flat=True))
    assert not verbs & {"review.saved", "review.assigned_by_hand", "conflict.waived"}
