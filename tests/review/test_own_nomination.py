"""Nobody judges their own nomination, seat or no seat. A seated panelist who made a nomination, or
is its nominee, is conflicted with it (a detected conflict). A program admin, or a chair without a
seat on that cycle's panel, has no seat to detect it from: their panel role still never shows
them the panel's work on a nomination they made or are the nominee of — its ranking row and
scores, its reviews, its conflicts — nor lets them screen, vote on or decide it. As its nominator
they still read their nomination as any nominator does."""

import pytest

from distinguished.nominations.models import Nomination
from distinguished.review import api

from ..factories import ContributorFactory, UserFactory


@pytest.fixture
def unseated_chair(db):
    return UserFactory(
        username="past-chair", name="Past Chair", contributor=ContributorFactory(), roles=["chair"]
    )


@pytest.fixture(params=["admin", "chair"])
def runner(request, admin_user, unseated_chair):
    """Someone who runs the cycle without a seat on its panel."""
    return admin_user if request.param == "admin" else unseated_chair


def make_own(late, runner, how: str) -> None:
    if how == "nominator":
        Nomination.objects.filter(pk=late.ben.pk).update(nominator=runner)
    else:
        if runner.contributor_id is None:
            runner.contributor = ContributorFactory()
            runner.save()
        Nomination.objects.filter(pk=late.ben.pk).update(nominee=runner.contributor)


@pytest.mark.parametrize("how", ["nominator", "nominee"])
def test_the_ranking_hides_their_own_nomination(client, late, runner, how):
    make_own(late, runner, how)
    client.force_login(runner)
    page = client.get(f"/cycles/{late.cycle.slug}/ranking/")
    assert page.status_code == 200
    rows = [row["nomination"].pk for row in page.context["rows"]]
    assert late.ada.pk in rows
    assert late.ben.pk not in rows
    assert [row["nomination"].pk for row in api.ranking_seen_by(late.cycle, runner)["rows"]] == [late.ada.pk]


def test_the_conflicts_of_their_own_nomination_are_hidden(client, late, runner):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ben, reason="My cousin.")
    make_own(late, runner, "nominator")
    seen = api.conflicts_seen_by(late.cycle, runner)
    assert late.ben.pk in seen["hidden"]
    assert all(row["nomination"].pk != late.ben.pk for row in seen["rows"])
    assert api.is_conflicted(runner, Nomination.objects.get(pk=late.ben.pk))
    assert not api.is_conflicted(runner, Nomination.objects.get(pk=late.ada.pk))


def test_their_panel_role_does_not_open_it_but_being_its_nominator_does(client_for, late, runner):
    make_own(late, runner, "nominator")
    ben = Nomination.objects.get(pk=late.ben.pk)
    assert not runner.has_perm("nominations.panel_view_nomination", ben)
    assert runner.has_perm("nominations.view_nomination", ben)
    answer = client_for(runner).get(f"/api/v1/nominations/{ben.pk}/")
    assert answer.status_code == 200
    # Scorecards and eligibility are the panel's reading: not theirs on their own nomination.
    assert answer.json().get("eligibility") in (None, {}, [])


def test_a_nomination_of_someone_else_is_theirs_to_judge(client, late, runner):
    client.force_login(runner)
    rows = [row["nomination"].pk for row in client.get(f"/cycles/{late.cycle.slug}/ranking/").context["rows"]]
    assert sorted(rows) == sorted([late.ada.pk, late.ben.pk])


@pytest.mark.parametrize("how", ["nominator", "nominee"])
def test_they_do_not_screen_their_own_nomination(client, late, runner, how):
    from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

    from distinguished.nominations import api as nominations

    Nomination.objects.filter(pk=late.ben.pk).update(state="submitted")
    make_own(late, runner, how)
    ben = nominations.get_nomination(late.ben.pk)
    assert not runner.has_perm("nominations.screen_nomination", ben)
    with pytest.raises((PermissionDenied, ObjectDoesNotExist)):
        nominations.screen(actor=runner, nomination=ben, eligible=True)
    assert Nomination.objects.get(pk=ben.pk).state == "submitted"
