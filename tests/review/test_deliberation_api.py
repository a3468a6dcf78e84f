"""The deliberation endpoints: POST /api/v1/nominations/{id}/votes/, POST
/api/v1/nominations/{id}/decision/ and GET /api/v1/cycles/{slug}/deliberation/ — their answers,
their 400/401/403/404 codes (API.md) and nothing changed when they refuse."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.nominations.models import Nomination
from distinguished.review import api
from distinguished.review.models import Vote

from .conftest import (
    FEEDBACK,
    RATIONALE,
    add_decided_nominations,
    cast,
    in_review,
    make_world,
    set_phase,
    state_of,
)
from .conftest import fresh_nomination as fresh

HIDDEN = "No such nomination, or you may not see it (a conflict of interest hides a nomination from you)."


@pytest.fixture
def world(db, admin_user):
    return make_world(admin_user)


def votes_url(nomination_or_id):
    return f"/api/v1/nominations/{getattr(nomination_or_id, 'pk', nomination_or_id)}/votes/"


def decision_url(nomination_or_id):
    return f"/api/v1/nominations/{getattr(nomination_or_id, 'pk', nomination_or_id)}/decision/"


def board_url(cycle_or_slug):
    return f"/api/v1/cycles/{getattr(cycle_or_slug, 'slug', cycle_or_slug)}/deliberation/"


# --- POST /nominations/{id}/votes/ -------------------------------------------------------------


def test_a_panelist_votes_and_reads_the_tally_and_quorum(world, client_for):
    cast(world, world.bo, ["select", "decline"])
    voter = world.panel[3]
    response = client_for(voter).post(votes_url(world.bo), {"vote": "defer"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json() == {
        "nomination": world.bo.pk,
        "vote": "defer",
        "tally": {"select": 1, "decline": 1, "defer": 1},
        "quorum": {"needed": 5, "voted": 3, "eligible": 10, "met": False},
    }
    assert api.vote_of(voter, world.bo) == "defer"


def test_voting_again_changes_the_vote(world, client_for):
    voter = client_for(world.panel[3])
    assert voter.post(votes_url(world.bo), {"vote": "select"}, format="json").status_code == 201
    response = voter.post(votes_url(world.bo), {"vote": "decline"}, format="json")
    assert response.status_code == 200
    assert response.json()["tally"] == {"select": 0, "decline": 1, "defer": 0}
    assert list(Vote.objects.values_list("vote", flat=True)) == ["decline"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"vote": "yes"}, "vote"),
        ({"vote": "SELECT"}, "vote"),
        ({"vote": ""}, "vote"),
        ({"vote": None}, "vote"),
        ({"vote": ["select"]}, "vote"),
        ({}, "vote"),
        (["select"], "non_field_errors"),
    ],
)
def test_a_vote_outside_the_choices_is_a_400_on_its_field(world, client_for, body, field):
    before = state_of(world.bo)
    response = client_for(world.panel[3]).post(votes_url(world.bo), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert state_of(world.bo) == before


def test_a_vote_outside_the_choices_names_the_choices(world, client_for):
    response = client_for(world.panel[3]).post(votes_url(world.bo), {"vote": "abstain"}, format="json")
    assert response.json() == {"vote": ["Vote one of select, decline, defer."]}


def test_a_vote_outside_deliberation_is_a_400(world, client_for):
    set_phase(world, "approval")
    before = state_of(world.bo)
    response = client_for(world.panel[3]).post(votes_url(world.bo), {"vote": "select"}, format="json")
    assert response.status_code == 400
    assert response.json()["cycle"][0].startswith("Votes are cast in the deliberation phase;")
    assert state_of(world.bo) == before


def test_a_vote_on_a_decided_nomination_is_a_400(world, client_for):
    cast(world, world.bo, ["select"] * 5)
    api.record_decision(actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale="R")
    before = state_of(world.bo)
    response = client_for(world.panel[7]).post(votes_url(world.bo), {"vote": "decline"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["state"]
    assert state_of(world.bo) == before


def test_a_conflicted_panelist_does_not_find_the_nomination_to_vote_on(world, client_for):
    before = state_of(world.ana)
    response = client_for(world.conflicted).post(votes_url(world.ana), {"vote": "select"}, format="json")
    assert (response.status_code, response.json()) == (404, {"detail": HIDDEN})
    assert state_of(world.ana) == before


def test_a_conflicted_panelist_who_sees_the_nomination_is_a_403(world, client_for):
    """The nominator sees their nomination; on the panel their conflict refuses the vote."""
    nominator = world.panel[4]
    nominated = in_review(world.cycle, "Di Novak", nominator=nominator)
    before = state_of(nominated)
    response = client_for(nominator).post(votes_url(nominated), {"vote": "select"}, format="json")
    assert response.status_code == 403
    assert "conflict of interest" in response.json()["detail"]
    assert state_of(nominated) == before


def test_an_unseated_user_who_sees_the_nomination_is_a_403_before_the_body_is_read(world, client_for):
    before = state_of(world.bo)
    for body in ({"vote": "select"}, {}):
        response = client_for(world.admin).post(votes_url(world.bo), body, format="json")
        assert response.status_code == 403
        assert "seated" in response.json()["detail"]
    assert state_of(world.bo) == before


def test_votes_need_a_visible_nomination_and_a_signed_in_caller(world, client_for, member):
    before = state_of(world.bo)
    assert (
        client_for(world.panel[3]).post(votes_url(999999), {"vote": "select"}, format="json").status_code
        == 404
    )
    # A member who is not on the panel cannot tell the nomination exists.
    response = client_for(member).post(votes_url(world.bo), {"vote": "select"}, format="json")
    assert (response.status_code, response.json()) == (404, {"detail": HIDDEN})
    assert client_for(None).post(votes_url(world.bo), {"vote": "select"}, format="json").status_code == 401
    assert state_of(world.bo) == before


# --- POST /nominations/{id}/decision/ ----------------------------------------------------------


def test_the_chair_records_a_decision(world, client_for):
    cast(world, world.bo, ["decline"] * 5)
    response = client_for(world.chair).post(
        decision_url(world.bo),
        {"outcome": "declined", "rationale": RATIONALE, "feedback": FEEDBACK},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    stored = Nomination.objects.get(pk=world.bo.pk)
    assert body["nomination"] == world.bo.pk and body["state"] == "declined"
    assert body["decision"] == {
        "outcome": "declined",
        "decided": body["decision"]["decided"],
        "decided_by": world.chair.pk,
        "rationale": RATIONALE,
        "feedback": FEEDBACK,
    }
    assert body["decision"]["decided"] == stored.decided.isoformat().replace("+00:00", "Z")
    assert body["quorum"] == {"needed": 5, "voted": 5, "eligible": 10, "met": True}
    assert stored.state == "declined"


def test_a_decision_below_quorum_is_a_400_saying_how_many_voted_and_how_many_are_needed(world, client_for):
    cast(world, world.ana, ["select"] * 4)
    before = state_of(world.ana)
    response = client_for(world.chair).post(
        decision_url(world.ana), {"outcome": "selected", "rationale": RATIONALE}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "votes": ["A decision needs 5 of the 9 panelists without a conflict to vote; 4 have voted."]
    }
    assert state_of(world.ana) == before


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"outcome": "selected", "rationale": ""}, {"rationale"}),
        ({"outcome": "declined", "rationale": "R"}, {"feedback"}),
        ({"outcome": "deferred", "rationale": "R", "feedback": "  "}, {"feedback"}),
        ({"outcome": "approved", "rationale": "R"}, {"outcome"}),
        ({"outcome": "declined", "rationale": ""}, {"rationale", "feedback"}),
        ({"rationale": "R"}, {"outcome"}),
        ({"outcome": "selected"}, {"rationale"}),
        ({"outcome": "selected", "rationale": None}, {"rationale"}),
    ],
)
def test_a_bad_decision_is_a_400_on_its_fields(world, client_for, body, fields):
    cast(world, world.bo, ["select"] * 5)
    before = state_of(world.bo)
    response = client_for(world.chair).post(decision_url(world.bo), body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert state_of(world.bo) == before


@pytest.mark.parametrize("who", ["seated panelist", "program admin", "nominator"])
def test_a_decision_by_anyone_but_the_chair_is_a_403_before_the_body_is_read(world, client_for, who):
    cast(world, world.bo, ["select"] * 5)
    actor = {
        "seated panelist": world.panel[3],
        "program admin": world.admin,
        "nominator": fresh(world.bo).nominator,
    }[who]
    before = state_of(world.bo)
    for body in ({"outcome": "selected", "rationale": "R"}, {}):
        response = client_for(actor).post(decision_url(world.bo), body, format="json")
        assert response.status_code == 403, who
        assert response.json() == {"detail": f"Only the chair of the {world.cycle} panel records decisions."}
    assert state_of(world.bo) == before


def test_a_decision_outside_deliberation_is_a_400(world, client_for):
    cast(world, world.bo, ["select"] * 5)
    set_phase(world, "approval")
    before = state_of(world.bo)
    response = client_for(world.chair).post(
        decision_url(world.bo), {"outcome": "selected", "rationale": "R"}, format="json"
    )
    assert response.status_code == 400 and "cycle" in response.json()
    assert state_of(world.bo) == before


def test_a_decision_needs_a_visible_nomination_and_a_signed_in_caller(world, client_for, member):
    api.declare_conflict(actor=world.chair, cycle=world.cycle, nomination=world.bo, reason="My student.")
    cast(world, world.bo, ["select"] * 9)
    before = state_of(world.bo)
    body = {"outcome": "selected", "rationale": "R"}
    assert client_for(world.chair).post(decision_url(world.bo), body, format="json").status_code == 404
    assert client_for(world.chair).post(decision_url(999999), body, format="json").status_code == 404
    assert client_for(member).post(decision_url(world.bo), body, format="json").status_code == 404
    assert client_for(None).post(decision_url(world.bo), body, format="json").status_code == 401
    assert state_of(world.bo) == before


def test_the_chair_changes_a_decision(world, client_for):
    cast(world, world.bo, ["select"] * 5)
    chair = client_for(world.chair)
    chair.post(decision_url(world.bo), {"outcome": "selected", "rationale": "First."}, format="json")
    response = chair.post(
        decision_url(world.bo),
        {"outcome": "deferred", "rationale": "Second.", "feedback": FEEDBACK},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["decision"]["rationale"]) == ("deferred", "Second.")


# --- GET /cycles/{slug}/deliberation/ ----------------------------------------------------------


def test_the_board_lists_the_ranked_nominations_with_tallies_and_decisions(world, client_for):
    cast(world, world.bo, ["select"] * 5)
    api.record_decision(
        actor=world.chair, nomination=fresh(world.bo), outcome="selected", rationale=RATIONALE
    )
    api.cast_vote(actor=world.chair, nomination=fresh(world.ana), vote="defer")
    response = client_for(world.chair).get(board_url(world.cycle))
    assert response.status_code == 200
    body = response.json()
    assert (body["cycle"], body["phase"], body["voting"], body["quorum"]) == (
        world.cycle.slug,
        "deliberation",
        True,
        0.5,
    )
    rows = {row["nominee"]: row for row in body["nominations"]}
    assert [row["nominee"] for row in body["nominations"]] == ["Ana Lima", "Bo Chen", "Cy Diallo"]
    assert [row["rank"] for row in body["nominations"]] == [1, 2, None]
    ana, bo, cy = rows["Ana Lima"], rows["Bo Chen"], rows["Cy Diallo"]
    assert (ana["my_vote"], ana["tally"], ana["decision"], ana["endorsements"]) == (
        "defer",
        {"select": 0, "decline": 0, "defer": 1},
        None,
        1,
    )
    assert ana["quorum"] == {"needed": 5, "voted": 1, "eligible": 9, "met": False}
    assert ana["reviews"] == 2 and ana["mean"] == pytest.approx(4.5)
    assert ana["key_results_total"] is not None
    assert 0 <= ana["key_results_verified_met"] <= ana["key_results_met"]
    assert (bo["state"], bo["decision"]["outcome"], bo["decision"]["rationale"]) == (
        "selected",
        "selected",
        RATIONALE,
    )
    assert (cy["rank"], cy["reviews"], cy["mean"]) == (None, 0, None)


def test_the_board_leaves_out_what_the_caller_is_conflicted_with(world, client_for):
    names = [
        row["nominee"]
        for row in client_for(world.conflicted).get(board_url(world.cycle)).json()["nominations"]
    ]
    assert names == ["Bo Chen", "Cy Diallo"]


def test_the_board_is_for_the_panel_and_admins(world, client_for, member):
    assert client_for(member).get(board_url(world.cycle)).status_code == 403
    assert client_for(None).get(board_url(world.cycle)).status_code == 401
    assert client_for(world.chair).get(board_url("no-such-cycle")).status_code == 404
    assert client_for(world.admin).get(board_url(world.cycle)).status_code == 200


@pytest.mark.parametrize("viewer", ["chair", "panelist", "admin"])
def test_the_board_takes_the_same_number_of_queries_for_more_nominations(
    world, client_for, django_assert_num_queries, viewer
):
    user = {"chair": world.chair, "panelist": world.panel[5], "admin": world.admin}[viewer]
    client = client_for(user)
    add_decided_nominations(world, 1)
    response = client.get(board_url(world.cycle))  # warm caches that do not depend on the size
    with CaptureQueriesContext(connection) as small:
        response = client.get(board_url(world.cycle))
    assert len(response.json()["nominations"]) == 4
    reading = len(small.captured_queries)  # before the next request empties Django's query log
    add_decided_nominations(world, 6)
    client.get(board_url(world.cycle))  # the first read after a change recomputes the stored ranking
    with django_assert_num_queries(reading):
        response = client.get(board_url(world.cycle))
    assert len(response.json()["nominations"]) == 10


# --- audit: hostile bodies and ids are a 400 or 404, never a 500, and change nothing -------------


@pytest.mark.parametrize(
    "body",
    [
        {"vote": {"choice": "select"}},
        {"vote": 1},
        {"vote": True},
        {"vote": "select" * 10_000},
        {"vote": "select\x00"},
        "select",
    ],
)
def test_hostile_votes_are_a_400_and_change_nothing(world, client_for, body):
    before = state_of(world.bo)
    response = client_for(world.panel[3]).post(votes_url(world.bo), body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert state_of(world.bo) == before


@pytest.mark.parametrize(
    "body",
    [
        {"outcome": ["selected"], "rationale": "R"},
        {"outcome": {"value": "selected"}, "rationale": "R"},
        {"outcome": None, "rationale": "R"},
        {"outcome": "selected", "rationale": ["R"]},
        {"outcome": "selected", "rationale": {"text": "R"}},
        {"outcome": "declined", "rationale": "R", "feedback": None},
        {"outcome": "declined", "rationale": "R", "feedback": ["F"]},
        {"outcome": "selected", "rationale": "R\x00"},
        {"outcome": "selected" * 10_000, "rationale": "R"},
        [],
        "selected",
    ],
)
def test_hostile_decisions_are_a_400_and_change_nothing(world, client_for, body):
    cast(world, world.bo, ["select"] * 5)
    before = state_of(world.bo)
    response = client_for(world.chair).post(decision_url(world.bo), body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()
    assert state_of(world.bo) == before


@pytest.mark.parametrize("url", [votes_url, decision_url])
def test_bodies_that_are_not_json_are_a_400_and_change_nothing(world, client_for, url):
    cast(world, world.bo, ["select"] * 5)
    before = state_of(world.bo)
    for data in ("{vote: select", "", "\xff\xfe"):
        response = client_for(world.chair).post(url(world.bo), data, content_type="application/json")
        assert response.status_code == 400, (data, response.content[:300])
    assert state_of(world.bo) == before


@pytest.mark.parametrize("url", [votes_url, decision_url])
def test_out_of_range_and_unknown_nomination_ids_are_a_404(world, client_for, url):
    before = state_of()
    for pk in (10**20, 0, 999999):
        response = client_for(world.chair).post(url(pk), {"vote": "select"}, format="json")
        assert (response.status_code, response.json()) == (404, {"detail": HIDDEN}), pk
    assert client_for(world.chair).get(board_url("x" * 300)).status_code == 404
    assert state_of() == before
