"""The ranking of a cycle: numbers from the submitted reviews, conflicts hidden per viewer, the
panel's agreement, the page and the chair's CSV export."""

import pytest

from distinguished.program import api as program
from distinguished.review import api

from ..downloads import csv_rows
from ..factories import AssignmentFactory, ContributorFactory, CycleFactory, NominationFactory, ReviewFactory
from .conftest import seat_full_panel

AREAS = ["core_platform", "architecture", "open_source_leadership", "problem_solving"]


def scores(value):
    return dict.fromkeys(AREAS, value)


@pytest.fixture
def world(db, admin_user):
    cycle = CycleFactory()
    seats = seat_full_panel(admin_user, cycle)
    names = ["Ana", "Bo", "Cy"]
    items = [
        NominationFactory(cycle=cycle, nominee=ContributorFactory(name=name), statement="x") for name in names
    ]
    # Two reviewers each review all three: a lenient one and a harsh one who agree on the order.
    lenient, harsh, split = seats[1].user, seats[2].user, seats[3].user
    for reviewer, values in ((lenient, [5, 4, 3]), (harsh, [3, 2, 1])):
        for nomination, value in zip(items, values, strict=True):
            a = AssignmentFactory(cycle=cycle, nomination=nomination, panelist=reviewer)
            ReviewFactory(assignment=a, scores=scores(value), recommendation="yes")
    ReviewFactory(assignment=AssignmentFactory(cycle=cycle, nomination=items[2], panelist=split), score=5)
    api.declare_conflict(actor=seats[4].user, cycle=cycle, nomination=items[0], reason="Friend.")
    return cycle, seats, items


def test_ranking_numbers_and_order(world, chair):
    cycle, _seats, _items = world
    result = api.ranking(cycle, viewer=chair)
    by_name = {row["nomination"].nominee.name: row["score"] for row in result["rows"]}
    assert by_name["Ana"].mean == 4 and by_name["Ana"].reviews == 2
    assert by_name["Cy"].mean == pytest.approx(3.0) and by_name["Cy"].range == 4
    assert next(row["nomination"].nominee.name for row in result["rows"]) == "Ana"
    assert result["agreement"] is not None


def test_during_review_the_ranking_is_for_those_who_run_the_panel(world, client_for, chair):
    cycle, seats, _items = world
    response = client_for(seats[5].user).get(f"/api/v1/cycles/{cycle.slug}/ranking/")
    assert response.status_code == 403
    assert "from deliberation on" in response.json()["detail"]
    assert client_for(chair).get(f"/api/v1/cycles/{cycle.slug}/ranking/").status_code == 200


def test_a_conflicted_panelist_does_not_see_that_nomination(world, client_for, admin_user):
    cycle, seats, _items = world
    # From deliberation on the whole panel reads the ranking (during review, the chair and admins).
    program.override_phase(actor=admin_user, cycle=cycle, phase="deliberation", reason="Test.")
    conflicted = seats[4].user
    names = [
        row["nominee"]
        for row in client_for(conflicted).get(f"/api/v1/cycles/{cycle.slug}/ranking/").json()["ranking"]
    ]
    assert "Ana" not in names and set(names) == {"Bo", "Cy"}
    names = [
        row["nominee"]
        for row in client_for(seats[5].user).get(f"/api/v1/cycles/{cycle.slug}/ranking/").json()["ranking"]
    ]
    assert set(names) == {"Ana", "Bo", "Cy"}


def test_ranking_is_for_the_panel_only(world, client_for, member):
    cycle, _seats, _items = world
    assert client_for(member).get(f"/api/v1/cycles/{cycle.slug}/ranking/").status_code == 403
    assert client_for(None).get(f"/api/v1/cycles/{cycle.slug}/ranking/").status_code == 401


def test_ranking_page_highlights_disagreement_and_the_chair_exports_csv(world, client, chair):
    cycle, seats, _items = world
    client.force_login(chair)
    html = client.get(f"/cycles/{cycle.slug}/ranking/").content.decode()
    assert "Krippendorff" in html and "discuss" in html
    # The old address of the download sends the chair to the streamed one (ranking/export.csv).
    rows = csv_rows(client.get(f"/cycles/{cycle.slug}/ranking/?format=csv", follow=True))
    assert rows[0][:3] == ["Rank", "Nomination", "Nominee"]
    assert len(rows) == 4
    client.force_login(seats[5].user)
    assert client.get(f"/cycles/{cycle.slug}/ranking/?format=csv", follow=True).status_code == 403
