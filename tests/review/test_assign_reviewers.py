"""Assigning reviewers for a cycle: the solver wired to the panel, conflicts, reviews and states."""

from collections import Counter

import pytest

from distinguished.audit.models import AuditEvent
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Assignment

from ..factories import CycleFactory, DraftReviewFactory, NominationFactory
from .conftest import seat_full_panel


@pytest.fixture
def setup(db, admin_user):
    cycle = CycleFactory()
    seats = seat_full_panel(admin_user, cycle)
    items = [
        NominationFactory(cycle=cycle, track=program.get_track(track), state="eligible", statement="x")
        for track in ["engineer", "advocate", "innovator", "engineer", "advocate", "partner"]
    ]
    program.override_phase(actor=admin_user, cycle=cycle, phase="review", reason="test")
    return program.get_cycle(cycle.slug), seats, items


def test_every_rule_holds_and_nominations_go_into_review(
    setup, chair, mailoutbox, django_capture_on_commit_callbacks
):
    cycle, seats, items = setup
    panelist = seats[3].user
    api.declare_conflict(actor=panelist, cycle=cycle, nomination=items[0], reason="Former colleague.")
    with django_capture_on_commit_callbacks(execute=True):
        result = api.assign_reviewers(actor=chair, cycle=cycle)
    pairs = set(Assignment.objects.values_list("panelist_id", "nomination_id"))
    assert result["assignments"] == len(pairs) == 18
    group_of = {s.user_id: s.group.code for s in seats}
    for n in items:
        reviewers = [p for p, m in pairs if m == n.pk]
        assert len(reviewers) == 3
        assert len({group_of[p] for p in reviewers}) >= 2
    assert (panelist.pk, items[0].pk) not in pairs
    loads = Counter(p for p, _ in pairs)
    assert max(loads.values()) - min(loads.get(s.user_id, 0) for s in seats) <= 1
    assert set(Nomination.objects.values_list("state", flat=True)) == {"in_review"}
    assert AuditEvent.objects.filter(verb="review.assigned").exists()
    assert len(mailoutbox) == len(loads)


def test_rerunning_keeps_written_reviews_and_changes_nothing_else(setup, chair):
    cycle, _seats, _items = setup
    api.assign_reviewers(actor=chair, cycle=cycle)
    first = set(Assignment.objects.values_list("panelist_id", "nomination_id"))
    reviewed = Assignment.objects.first()
    DraftReviewFactory(assignment=reviewed, scores={"core_platform": 3})
    result = api.assign_reviewers(actor=chair, cycle=cycle)
    assert (result["added"], result["removed"]) == (0, 0)
    assert set(Assignment.objects.values_list("panelist_id", "nomination_id")) == first


def test_an_invalid_panel_or_a_bad_k_is_refused(setup, admin_user, chair):
    cycle, seats, _items = setup
    with pytest.raises(Exception) as bad_k:
        api.assign_reviewers(actor=chair, cycle=cycle, reviewers_per_nomination=0)
    assert "reviewers_per_nomination" in bad_k.value.message_dict
    api.unseat(actor=admin_user, seat=seats[0])  # the only TOC seat
    with pytest.raises(Exception) as invalid:
        api.assign_reviewers(actor=chair, cycle=cycle)
    assert "Technical Oversight Committee: 0 seats, needs 1–2" in invalid.value.message_dict["panel"]
    assert not Assignment.objects.exists()


def test_when_no_assignment_fits_the_reason_names_the_nomination(setup, chair):
    cycle, seats, items = setup
    for seat in seats[:8]:
        api.declare_conflict(actor=seat.user, cycle=cycle, nomination=items[2], reason="Conflict.")
    with pytest.raises(api.NoAssignment) as info:
        api.assign_reviewers(actor=chair, cycle=cycle)
    assert any(f"Nomination {items[2].pk}" in reason for reason in info.value.reasons)
    assert not Assignment.objects.exists()


def test_assign_through_the_api(setup, client_for, chair, member):
    cycle, seats, _items = setup
    url = f"/api/v1/cycles/{cycle.slug}/assignments/"
    assert client_for(member).post(url, {}, format="json").status_code == 403
    assert client_for(chair).post(url, {"reviewers_per_nomination": 0}, format="json").status_code == 400
    response = client_for(chair).post(url, {"reviewers_per_nomination": 2}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["assignments"] == 12 and body["gap"] == 0
    assert sum(body["per_reviewer"].values()) == 12
    mine = client_for(seats[0].user).get("/api/v1/assignments/").json()
    assert mine["count"] == body["per_reviewer"][str(seats[0].user_id)]


def test_assign_from_the_panel_page(setup, client, chair):
    cycle, _seats, _items = setup
    client.force_login(chair)
    response = client.post(
        f"/cycles/{cycle.slug}/panel/assign/", {"reviewers_per_nomination": "3"}, follow=True
    )
    assert "18 assignments (18 new, 0 withdrawn)" in response.content.decode()


def test_the_chair_assigns_by_hand_but_never_a_conflicted_or_unseated_panelist(
    setup, chair, client_for, member
):
    cycle, seats, items = setup
    free, conflicted = seats[1].user, seats[2].user
    api.declare_conflict(actor=conflicted, cycle=cycle, nomination=items[0], reason="Cousin.")
    url = f"/api/v1/cycles/{cycle.slug}/assignments/by-hand/"
    response = client_for(chair).post(url, {"nomination": items[0].pk, "panelist": free.pk}, format="json")
    assert response.status_code == 201
    assert Assignment.objects.get(nomination=items[0], panelist=free).by_hand is True
    for panelist, words in (
        (conflicted, "conflict of interest"),
        (member, "has no seat"),
        (free, "already reviews"),
    ):
        refused = client_for(chair).post(
            url, {"nomination": items[0].pk, "panelist": panelist.pk}, format="json"
        )
        assert refused.status_code == 400 and words in str(refused.json())
    # Under another cycle's address the nomination is unknown: a 404, and nothing assigned.
    other = CycleFactory(slug="other-cycle")
    elsewhere = client_for(chair).post(
        f"/api/v1/cycles/{other.slug}/assignments/by-hand/",
        {"nomination": items[1].pk, "panelist": free.pk},
        format="json",
    )
    assert elsewhere.status_code == 404, elsewhere.json()
    assert (
        client_for(free)
        .post(url, {"nomination": items[1].pk, "panelist": free.pk}, format="json")
        .status_code
        == 403
    )
    assert Assignment.objects.count() == 1
