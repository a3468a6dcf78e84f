"""A conflicted panel member cannot see that nomination anywhere: pages, API, ranking, exports,
screening — while an unconflicted one can, and people still see their own nominations."""

import pytest

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Assignment, Review

from ..downloads import content
from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    CycleFactory,
    EndorsementFactory,
    NominationFactory,
    ReviewFactory,
    UserFactory,
    UserRoleFactory,
)
from .conftest import seat_full_panel


@pytest.fixture
def world(db, admin_user):
    cycle = CycleFactory()
    seats = seat_full_panel(admin_user, cycle)
    chair = seats[0].user  # the first seat is the chair
    UserRoleFactory(user=chair, role="chair")
    conflicted, clear = seats[1].user, seats[2].user
    for user in (conflicted, clear):
        UserRoleFactory(user=user, role="panelist")
    hidden = NominationFactory(
        cycle=cycle, nominee=ContributorFactory(name="Hidden Nominee"), statement="secret"
    )
    visible = NominationFactory(
        cycle=cycle, nominee=ContributorFactory(name="Visible Nominee"), statement="open"
    )
    EndorsementFactory(nomination=hidden, relationship="r", statement="s")
    reviewer = seats[3].user
    for nomination in (hidden, visible):
        a = AssignmentFactory(cycle=cycle, nomination=nomination, panelist=reviewer)
        ReviewFactory(assignment=a, scores={"core_platform": 4}, recommendation="yes")
    api.declare_conflict(actor=conflicted, cycle=cycle, nomination=hidden, reason="My brother.")
    api.declare_conflict(actor=chair, cycle=cycle, nomination=hidden, reason="Former employee.")
    # In deliberation every panelist reads the nominations in review (but for their conflicts).
    program.override_phase(actor=admin_user, cycle=cycle, phase="deliberation", reason="t")
    cycle.refresh_from_db()
    return {
        "cycle": cycle,
        "hidden": hidden,
        "visible": visible,
        "conflicted": conflicted,
        "clear": clear,
        "chair": chair,
    }


def fresh(user):
    """The user as a new request would load it (no cached roles or conflicts)."""
    return type(user).objects.get(pk=user.pk)


def test_every_place_hides_the_nomination_from_a_conflicted_panelist(world, client, client_for):
    cycle, hidden, visible = world["cycle"], world["hidden"], world["visible"]
    for who in ("conflicted", "chair"):
        user = fresh(world[who])
        client.force_login(user)
        api_client = client_for(user)
        assert client.get(f"/nominations/{hidden.pk}/").status_code == 404, who
        assert client.get(f"/nominations/{visible.pk}/").status_code == 200, who
        listed = {row["id"] for row in api_client.get("/api/v1/nominations/").json()["results"]}
        assert hidden.pk not in listed and visible.pk in listed, who
        assert api_client.get(f"/api/v1/nominations/{hidden.pk}/").status_code == 404, who
        assert api_client.get(f"/api/v1/nominations/{hidden.pk}/endorsements/").status_code == 404, who
        assert api_client.get(f"/api/v1/nominations/{hidden.pk}/scorecard/").status_code in (403, 404), who
        ranking = api_client.get(f"/api/v1/cycles/{cycle.slug}/ranking/").json()["ranking"]
        assert [row["nominee"] for row in ranking] == ["Visible Nominee"], who
        page = client.get(f"/cycles/{cycle.slug}/ranking/").content.decode()
        assert "Hidden Nominee" not in page and "Visible Nominee" in page, who
    chair = fresh(world["chair"])
    client.force_login(chair)
    assert fresh(world["chair"]).has_perm("nominations.screen_nomination", hidden) is False
    assert client_for(chair).get(f"/api/v1/nominations/{hidden.pk}/eligibility/").status_code == 404
    csv = content(client.get(f"/cycles/{cycle.slug}/ranking/?format=csv", follow=True)).decode()
    assert "Hidden Nominee" not in csv
    program.override_phase(actor=UserFactory(roles=["admin"]), cycle=cycle, phase="screening", reason="t")
    Nomination.objects.filter(pk__in=[hidden.pk, visible.pk]).update(state="submitted")
    queue = client.get(f"/cycles/{cycle.slug}/screening/").content.decode()
    assert "Hidden Nominee" not in queue and "Visible Nominee" in queue


def test_an_unconflicted_panelist_sees_both(world, client_for):
    user = fresh(world["clear"])
    api_client = client_for(user)
    assert api_client.get(f"/api/v1/nominations/{world['hidden'].pk}/").status_code == 200
    ranking = api_client.get(f"/api/v1/cycles/{world['cycle'].slug}/ranking/").json()["ranking"]
    assert {row["nominee"] for row in ranking} == {"Hidden Nominee", "Visible Nominee"}


def test_a_conflicted_panelist_still_sees_their_own_nomination(world, client):
    nominator = fresh(world["conflicted"])
    own = NominationFactory(cycle=world["cycle"], track=program.get_track("advocate"), nominator=nominator)
    client.force_login(nominator)
    assert client.get(f"/nominations/{own.pk}/").status_code == 200


def test_a_conflicted_panelist_is_never_assigned(world, admin_user):
    program.override_phase(actor=admin_user, cycle=world["cycle"], phase="review", reason="t")
    cycle = program.get_cycle(world["cycle"].slug)
    Review.objects.all().delete()
    Assignment.objects.all().delete()
    api.assign_reviewers(actor=admin_user, cycle=cycle)
    pairs = set(Assignment.objects.values_list("panelist_id", "nomination_id"))
    assert (world["conflicted"].pk, world["hidden"].pk) not in pairs
    assert (world["chair"].pk, world["hidden"].pk) not in pairs
