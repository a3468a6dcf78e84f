"""The review panel: seats by stakeholder group, conflicts of interest (declared, detected,
waived), and reviews — through review.api and the REST API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from distinguished.audit.models import AuditEvent
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Assignment, ConflictWaiver, PanelSeat

from ..factories import (
    AssignmentFactory,
    ConflictWaiverFactory,
    ContributorFactory,
    CycleFactory,
    EndorsementFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
)
from .conftest import seat_full_panel


@pytest.fixture
def cycle(db):
    return CycleFactory()


def test_an_empty_panel_says_what_is_missing_in_words(cycle):
    status = api.panel_status(cycle)
    assert status["valid"] is False
    assert "Technical Oversight Committee: 0 seats, needs 1–2" in status["problems"]
    assert "Axim: 0 seats, needs 2–3" in status["problems"]
    assert "No chair: name one of the seated panelists chair." in status["problems"]


def test_a_full_panel_is_valid_and_a_fourth_axim_seat_is_not(admin_user, cycle):
    seat_full_panel(admin_user, cycle)
    status = api.panel_status(cycle)
    assert (status["valid"], status["problems"], len(status["seats"])) == (True, [], 10)
    for _ in range(2):
        api.seat_panelist(actor=admin_user, cycle=cycle, user=UserFactory(), group="axim")
    assert api.panel_status(cycle)["problems"] == ["Axim: 4 seats, needs 2–3"]


def test_seating_is_audited_and_refuses_bad_input(admin_user, cycle):
    user = UserFactory()
    api.seat_panelist(actor=admin_user, cycle=cycle, user=user, group="toc", tracks=["engineer"])
    assert AuditEvent.objects.filter(verb="panel.seated", to_state=f"{user.username}:toc").exists()
    with pytest.raises(ValidationError) as twice:
        api.seat_panelist(actor=admin_user, cycle=cycle, user=user, group="axim")
    assert "user" in twice.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        api.seat_panelist(
            actor=admin_user, cycle=cycle, user=UserFactory(), group="wizards", tracks=["poetry"]
        )
    assert set(unknown.value.message_dict) == {"group", "tracks"}
    assert PanelSeat.objects.count() == 1


def test_only_admins_seat(chair, cycle):
    with pytest.raises(PermissionDenied):
        api.seat_panelist(actor=chair, cycle=cycle, user=UserFactory(), group="toc")


def make_nomination(cycle, nominee, nominator, state="eligible"):
    return NominationFactory(cycle=cycle, nominee=nominee, nominator=nominator, state=state, statement="x")


def test_each_detected_conflict_source(admin_user, cycle):
    org = OrganizationFactory()
    nominee_person = ContributorFactory(organization=org)
    nominee_user = UserFactory(contributor=nominee_person)
    nominator = UserFactory(contributor=ContributorFactory())
    endorser = UserFactory(contributor=ContributorFactory())
    colleague = UserFactory(contributor=ContributorFactory(organization=org))
    bystander = UserFactory(contributor=ContributorFactory())
    for user, group in (
        (nominee_user, "toc"),
        (nominator, "axim"),
        (endorser, "axim"),
        (colleague, "partners"),
        (bystander, "bizdev"),
    ):
        api.seat_panelist(actor=admin_user, cycle=cycle, user=user, group=group)
    nomination = make_nomination(cycle, nominee_person, nominator)
    EndorsementFactory(nomination=nomination, endorser=endorser, relationship="r", statement="s")
    found = {(c["panelist"].username, c["source"]) for c in api.conflicts_of(cycle)}
    assert found == {
        (nominee_user.username, "nominee"),
        (nominator.username, "nominator"),
        (endorser.username, "endorser"),
        (colleague.username, "organization"),
    }
    assert (bystander.pk, nomination.pk) not in api.conflicted_pairs(cycle)
    assert api.is_conflicted(colleague, nomination)


def test_a_declared_conflict_with_a_contributor_covers_all_their_nominations(admin_user, cycle):
    panelist = UserFactory(contributor=ContributorFactory())
    api.seat_panelist(actor=admin_user, cycle=cycle, user=panelist, group="toc")
    nominee = ContributorFactory()
    first = make_nomination(cycle, nominee, UserFactory())
    second = NominationFactory(
        cycle=cycle, track=program.get_track("advocate"), nominee=nominee, state="eligible"
    )
    api.declare_conflict(actor=panelist, cycle=cycle, contributor=nominee, reason="We co-founded a company.")
    pairs = api.conflicted_pairs(cycle)
    assert {(panelist.pk, first.pk), (panelist.pk, second.pk)} <= pairs


def test_declaring_needs_a_seat_a_target_and_a_reason(admin_user, cycle):
    outsider = UserFactory()
    nomination = make_nomination(cycle, ContributorFactory(), UserFactory())
    with pytest.raises(PermissionDenied):
        api.declare_conflict(actor=outsider, cycle=cycle, nomination=nomination, reason="x")
    api.seat_panelist(actor=admin_user, cycle=cycle, user=outsider, group="toc")
    with pytest.raises(ValidationError) as info:
        api.declare_conflict(actor=outsider, cycle=cycle, reason=" ")
    assert set(info.value.message_dict) == {"nomination", "reason"}


def test_a_detected_conflict_is_only_waived_with_a_reason_and_audited(admin_user, chair, cycle):
    org = OrganizationFactory()
    colleague = UserFactory(contributor=ContributorFactory(organization=org))
    api.seat_panelist(actor=admin_user, cycle=cycle, user=colleague, group="toc")
    nomination = make_nomination(cycle, ContributorFactory(organization=org), UserFactory())
    with pytest.raises(ValidationError):
        api.waive_conflict(
            actor=chair, nomination=nomination, panelist=colleague, source="organization", reason=""
        )
    with pytest.raises(PermissionDenied):
        api.waive_conflict(
            actor=colleague, nomination=nomination, panelist=colleague, source="organization", reason="x"
        )
    api.waive_conflict(
        actor=chair,
        nomination=nomination,
        panelist=colleague,
        source="organization",
        reason="5,000-person university, different faculty.",
    )
    assert (colleague.pk, nomination.pk) not in api.conflicted_pairs(cycle)
    listed = [c for c in api.conflicts_of(cycle) if c["panelist"] == colleague]
    assert listed and listed[0]["waived"] is True
    assert AuditEvent.objects.filter(verb="conflict.waived", reason__startswith="5,000").exists()


def test_the_nominees_own_conflict_is_never_waived(admin_user, chair, cycle):
    """A panelist nominated in the cycle reviews and votes on others, never on their own nomination."""
    nominee = UserFactory(contributor=ContributorFactory())
    api.seat_panelist(actor=admin_user, cycle=cycle, user=nominee, group="toc")
    nomination = make_nomination(cycle, nominee.contributor, UserFactory())
    trail = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        api.waive_conflict(
            actor=chair, nomination=nomination, panelist=nominee, source="nominee", reason="Fine."
        )
    assert refused.value.message_dict["source"] == [
        "Nobody judges their own nomination: the nominee's conflict cannot be waived."
    ]
    assert AuditEvent.objects.count() == trail and not ConflictWaiver.objects.exists()
    [listed] = [c for c in api.conflicts_of(cycle) if c["panelist"] == nominee]
    assert (listed["source"], listed["waivable"]) == ("nominee", False)
    # A waiver written before this rule counts for nothing.
    ConflictWaiverFactory(
        nomination=nomination, panelist=nominee, source="nominee", reason="Old.", waived_by=chair
    )
    assert (nominee.pk, nomination.pk) in api.conflicted_pairs(cycle)


@pytest.fixture
def assignment(admin_user, cycle):
    panelist = UserFactory(username="rev", contributor=ContributorFactory())
    api.seat_panelist(actor=admin_user, cycle=cycle, user=panelist, group="toc")
    nomination = make_nomination(cycle, ContributorFactory(), UserFactory(), state="in_review")
    program.override_phase(actor=admin_user, cycle=cycle, phase="review", reason="test")
    return AssignmentFactory(cycle=program.get_cycle(cycle.slug), nomination=nomination, panelist=panelist)


FULL = {"core_platform": 4, "architecture": 5, "open_source_leadership": 3, "problem_solving": 4}


def test_a_draft_then_a_submitted_review(assignment):
    panelist = assignment.panelist
    draft = api.save_review(
        actor=panelist, assignment=assignment, scores={"core_platform": 4}, comment="halfway"
    )
    assert draft.submitted is None and draft.version == 1
    review = api.save_review(
        actor=panelist, assignment=assignment, scores=FULL, recommendation="yes", submit=True, version=1
    )
    assert review.submitted is not None and review.version == 2
    assert review.scores == FULL


@pytest.mark.parametrize(
    ("scores", "recommendation", "field"),
    [
        ({**FULL, "core_platform": 6}, "yes", "scores.core_platform"),
        ({**FULL, "core_platform": 0}, "yes", "scores.core_platform"),
        ({**FULL, "core_platform": "4"}, "yes", "scores.core_platform"),
        ({**FULL, "charisma": 5}, "yes", "scores.charisma"),
        ({"core_platform": 4}, "yes", "scores"),
        (FULL, "maybe", "recommendation"),
        (FULL, "", "recommendation"),
    ],
)
def test_bad_reviews_are_refused_and_change_nothing(assignment, scores, recommendation, field):
    with pytest.raises(ValidationError) as info:
        api.save_review(
            actor=assignment.panelist,
            assignment=assignment,
            scores=scores,
            recommendation=recommendation,
            submit=True,
        )
    assert field in info.value.message_dict
    assert not Assignment.objects.filter(pk=assignment.pk, review__isnull=False).exists()


def test_reviewing_someone_elses_assignment_or_after_the_phase_is_refused(admin_user, assignment):
    with pytest.raises(PermissionDenied):
        api.save_review(
            actor=UserFactory(), assignment=assignment, scores=FULL, recommendation="yes", submit=True
        )
    program.override_phase(actor=admin_user, cycle=assignment.cycle, phase="deliberation", reason="test")
    assignment = api.get_assignment(assignment.pk)
    with pytest.raises(ValidationError) as info:
        api.save_review(
            actor=assignment.panelist, assignment=assignment, scores=FULL, recommendation="yes", submit=True
        )
    assert "cycle" in info.value.message_dict


def test_two_saves_from_the_same_version_lose_nothing_silently(assignment):
    panelist = assignment.panelist
    api.save_review(actor=panelist, assignment=assignment, scores={"core_platform": 3})
    api.save_review(actor=panelist, assignment=assignment, scores={"core_platform": 4}, version=1)
    with pytest.raises(IntegrityError):
        api.save_review(actor=panelist, assignment=assignment, scores={"core_platform": 5}, version=1)
    assert api.get_assignment(assignment.pk).review.scores == {"core_platform": 4}


# --- REST ----------------------------------------------------------------------------------


def test_seats_and_panel_through_the_api(client_for, admin_user, panelist, member, cycle):
    url = f"/api/v1/cycles/{cycle.slug}/panel/seats/"
    response = client_for(admin_user).post(
        url, {"user": panelist.pk, "group": "toc", "chair": True, "tracks": ["engineer"]}, format="json"
    )
    assert response.status_code == 201
    seat_id = response.json()["id"]
    assert (
        client_for(admin_user).post(url, {"user": panelist.pk, "group": "axim"}, format="json").status_code
        == 400
    )
    assert (
        client_for(admin_user).post(url, {"user": member.pk, "group": "nope"}, format="json").status_code
        == 400
    )
    assert client_for(member).post(url, {"user": member.pk, "group": "toc"}, format="json").status_code == 403
    assert client_for(None).post(url, {"user": member.pk, "group": "toc"}, format="json").status_code == 401
    panel = client_for(panelist).get(f"/api/v1/cycles/{cycle.slug}/panel/").json()
    assert panel["valid"] is False and "Axim: 0 seats, needs 2–3" in panel["problems"]
    assert client_for(member).get(f"/api/v1/cycles/{cycle.slug}/panel/").status_code == 403
    assert client_for(admin_user).delete(f"{url}{seat_id}/").status_code == 204
    assert client_for(admin_user).delete(f"{url}{seat_id}/").status_code == 404


def test_conflicts_through_the_api(client_for, admin_user, chair, member, cycle):
    panelist = UserFactory(contributor=ContributorFactory())
    api.seat_panelist(actor=admin_user, cycle=cycle, user=panelist, group="toc")
    nomination = make_nomination(cycle, ContributorFactory(), panelist)  # the panelist nominated
    url = f"/api/v1/cycles/{cycle.slug}/conflicts/"
    response = client_for(panelist).post(
        url, {"nomination": nomination.pk, "reason": "Former manager."}, format="json"
    )
    assert response.status_code == 201
    assert (
        client_for(panelist).post(url, {"nomination": 999999, "reason": "x"}, format="json").status_code
        == 404
    )
    listed = client_for(chair).get(url).json()
    assert {(c["panelist"], c["nomination"], c["source"]) for c in listed} == {
        (panelist.pk, nomination.pk, "nominator"),
        (panelist.pk, nomination.pk, "declared"),
    }
    assert client_for(member).get(url).status_code == 403
    assert client_for(panelist).get(url).status_code == 403


def test_reviews_through_the_api(client_for, assignment, member):
    url = f"/api/v1/assignments/{assignment.pk}/review/"
    body = {"scores": FULL, "recommendation": "strong_yes", "comment": "Clear impact."}
    assert client_for(member).post(url, body, format="json").status_code == 404
    bad = client_for(assignment.panelist).post(
        url, {**body, "scores": {**FULL, "architecture": 9}}, format="json"
    )
    assert bad.status_code == 400 and "scores.architecture" in bad.json()
    good = client_for(assignment.panelist).post(url, body, format="json")
    assert good.status_code == 200 and good.json()["submitted"]
    stale = client_for(assignment.panelist).post(url, {**body, "version": 0}, format="json")
    assert stale.status_code == 409
    mine = client_for(assignment.panelist).get("/api/v1/assignments/").json()
    assert mine["results"][0]["review"]["recommendation"] == "strong_yes"
