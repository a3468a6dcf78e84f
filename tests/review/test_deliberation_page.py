"""The deliberation page (/cycles/<slug>/deliberation/): the chair runs the meeting from it — ranked
nominations with scorecards, endorsements and reviews, conflicts hidden per viewer, the live tallies
partial — panelists vote from it and the chair records decisions through its form."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from distinguished.nominations.models import Nomination
from distinguished.review import api
from distinguished.review.models import Vote

from .conftest import FEEDBACK, RATIONALE, add_decided_nominations, cast, make_world, set_phase, state_of
from .conftest import fresh_nomination as fresh


@pytest.fixture
def world(db, admin_user):
    return make_world(admin_user)


def page_url(world):
    return reverse("review:deliberation", args=[world.cycle.slug])


def tallies_url(world):
    return reverse("review:tallies", args=[world.cycle.slug])


def vote_url(world, nomination):
    return reverse("review:vote", args=[world.cycle.slug, nomination.pk])


def decide_url(world, nomination):
    return reverse("review:decide", args=[world.cycle.slug, nomination.pk])


def card(html, nomination) -> str:
    """The HTML of one nomination's card on the page."""
    match = re.search(rf'<section class="card" id="nomination-{nomination.pk}".*?</section>', html, re.S)
    assert match, f"no card for nomination {nomination.pk}"
    return match.group(0)


def tally_row(html, nomination) -> dict:
    row = re.search(rf'data-testid="tally-{nomination.pk}">(.*?)</tr>', html, re.S).group(1)
    return {
        key: int(re.search(rf'data-testid="{key}">(\d+)<', row).group(1))
        for key in ("select", "decline", "defer")
    }


def decision_form(nomination, **fields):
    return {f"decision-{nomination.pk}-{name}": value for name, value in fields.items()}


# --- What the page shows -----------------------------------------------------------------------


def test_the_chair_sees_the_ranked_nominations_with_scorecards_endorsements_and_reviews(world, client):
    client.force_login(world.chair)
    response = client.get(page_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    # Ranked: the best normalised score first, the unreviewed last without a rank.
    positions = [html.index(f'id="nomination-{n.pk}"') for n in (world.ana, world.bo, world.cy)]
    assert positions == sorted(positions)
    ana, bo, cy = card(html, world.ana), card(html, world.bo), card(html, world.cy)
    assert "1. <a" in ana and "2. <a" in bo and "No submitted review." in cy
    expected = api.board(world.cycle, viewer=world.chair)["rows"][0]["scorecard"]
    assert expected is not None and expected.total > 0
    assert f"Key results: {expected.met} of {expected.total} met" in ana
    assert all(f'<th scope="row">{kr.label}</th>' in ana for kr in expected.key_results)
    assert "Endorsements (1)" in ana and "ENDORSEMENT-ANA: she reviews every XBlock PR." in ana
    assert "Endorsements (0)" in bo
    assert "REVIEW-ANA-1: outstanding maintainer." in ana and "REVIEW-ANA-2: strong." in ana
    assert "REVIEW-BO-2: thin evidence." in bo and "REVIEW-ANA" not in bo
    # Review scores are summarised by key-area label.
    assert "Core Platform Development: 5" in ana and "Core Platform Development: 2" in bo
    # The tallies partial, polling while votes are open.
    assert 'id="tallies"' in html and f'hx-get="{tallies_url(world)}"' in html
    # The chair records the decisions; a panelist's vote buttons are on every open card.
    assert all("Record decision" in c for c in (ana, bo, cy))
    assert all('name="vote" value="select"' in c for c in (ana, bo, cy))


def test_a_conflict_hides_the_nomination_its_reviews_and_endorsements_from_that_viewer(world, client):
    client.force_login(world.conflicted)
    html = client.get(page_url(world)).content.decode()
    assert 'id="nomination-' + str(world.ana.pk) not in html
    for secret in ("Ana Lima", "REVIEW-ANA-1", "ENDORSEMENT-ANA", f"tally-{world.ana.pk}"):
        assert secret not in html, secret
    assert "REVIEW-BO-1: solid." in card(html, world.bo)
    # The panelist has no decision form.
    assert "Record decision" not in html
    client.force_login(world.panel[5])
    html = client.get(page_url(world)).content.decode()
    assert "ENDORSEMENT-ANA" in html and "REVIEW-ANA-1" in html


def test_the_page_is_for_the_panel_and_admins(world, client, member):
    assert client.get(page_url(world)).status_code == 302  # to sign in
    client.force_login(member)
    assert client.get(page_url(world)).status_code == 403
    assert client.get(tallies_url(world)).status_code == 403
    client.force_login(world.chair)
    assert client.get(reverse("review:deliberation", args=["no-such-cycle"])).status_code == 404


def test_the_tallies_partial_counts_the_votes_and_stops_polling_after_deliberation(world, client):
    cast(world, world.bo, ["select", "select", "decline", "defer"])
    api.cast_vote(actor=world.panel[9], nomination=fresh(world.bo), vote="defer")
    client.force_login(world.panel[9])
    html = client.get(tallies_url(world)).content.decode()
    assert "<html" not in html and 'id="tallies"' in html
    assert f'hx-get="{tallies_url(world)}"' in html and 'hx-trigger="every 5s"' in html
    assert tally_row(html, world.bo) == {"select": 2, "decline": 1, "defer": 2}
    assert f"tally-{world.ana.pk}" not in html  # conflicted
    assert "5 of 5 needed" in html
    set_phase(world, "approval")
    html = client.get(tallies_url(world)).content.decode()
    assert "hx-trigger" not in html and tally_row(html, world.bo) == {"select": 2, "decline": 1, "defer": 2}


def test_the_page_says_when_votes_are_closed(world, client):
    set_phase(world, "approval")
    client.force_login(world.chair)
    html = client.get(page_url(world)).content.decode()
    assert "Votes and decisions are open in the deliberation phase" in html
    assert "Record decision" not in html and 'name="vote"' not in html


def test_the_page_takes_the_same_number_of_queries_for_more_nominations(
    world, client, django_assert_num_queries
):
    client.force_login(world.chair)
    add_decided_nominations(world, 1)
    client.get(page_url(world))
    with CaptureQueriesContext(connection) as small:
        assert client.get(page_url(world)).status_code == 200
    reading = len(small.captured_queries)  # before the next request empties Django's query log
    add_decided_nominations(world, 6)
    client.get(page_url(world))  # the first read after a change recomputes the stored ranking
    with django_assert_num_queries(reading):
        html = client.get(page_url(world)).content.decode()
    assert html.count('<section class="card" id="nomination-') == 10


# --- Votes from the page -----------------------------------------------------------------------


def test_a_panelist_votes_from_the_page(world, client):
    voter = world.panel[5]
    client.force_login(voter)
    response = client.post(vote_url(world, world.bo), {"vote": "decline"})
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(world)}#nomination-{world.bo.pk}"
    assert api.vote_of(voter, world.bo) == "decline"
    html = client.get(page_url(world)).content.decode()
    assert "Your vote on Bo Chen: decline." in html
    assert tally_row(html, world.bo) == {"select": 0, "decline": 1, "defer": 0}
    assert re.search(r'value="decline" aria-pressed="true"', card(html, world.bo))
    # A change of mind.
    client.post(vote_url(world, world.bo), {"vote": "select"})
    assert list(Vote.objects.values_list("vote", flat=True)) == ["select"]


def test_a_bad_vote_from_the_page_is_explained_and_changes_nothing(world, client):
    client.force_login(world.panel[5])
    before = state_of(world.bo)
    response = client.post(vote_url(world, world.bo), {"vote": "maybe"}, follow=True)
    assert (
        "Your vote on Bo Chen was not counted: Vote one of select, decline, defer."
        in response.content.decode()
    )
    assert state_of(world.bo) == before
    set_phase(world, "approval")
    before = state_of(world.bo)
    response = client.post(vote_url(world, world.bo), {"vote": "select"}, follow=True)
    assert "was not counted: Votes are cast in the deliberation phase" in response.content.decode()
    assert state_of(world.bo) == before


def test_a_conflicted_or_unseated_user_cannot_vote_from_the_page(world, client):
    before = state_of(world.ana)
    client.force_login(world.conflicted)
    assert client.post(vote_url(world, world.ana), {"vote": "select"}).status_code == 404
    client.force_login(world.admin)
    assert client.post(vote_url(world, world.ana), {"vote": "select"}).status_code == 403
    assert client.get(vote_url(world, world.ana)).status_code == 405
    assert state_of(world.ana) == before


# --- Decisions from the page -------------------------------------------------------------------


def test_the_chair_records_a_decision_through_the_form(world, client):
    cast(world, world.bo, ["decline"] * 5)
    client.force_login(world.chair)
    response = client.post(
        decide_url(world, world.bo),
        decision_form(world.bo, outcome="declined", rationale=RATIONALE, feedback=FEEDBACK),
    )
    assert response.status_code == 302
    stored = Nomination.objects.get(pk=world.bo.pk)
    assert (stored.state, stored.decision_rationale, stored.decision_feedback) == (
        "declined",
        RATIONALE,
        FEEDBACK,
    )
    html = client.get(page_url(world)).content.decode()
    assert "Decision recorded: Bo Chen declined." in html
    bo = card(html, world.bo)
    assert "Change the decision" in bo and RATIONALE in bo and FEEDBACK in bo
    assert 'name="vote"' not in bo  # votes closed on a decided nomination
    assert re.search(r'value="declined"[^>]*checked', bo)


def test_a_bad_decision_shows_the_errors_on_their_fields_and_changes_nothing(world, client):
    cast(world, world.bo, ["decline"] * 5)
    client.force_login(world.chair)
    before = state_of(world.bo)
    response = client.post(
        decide_url(world, world.bo), decision_form(world.bo, outcome="declined", rationale="", feedback="")
    )
    assert response.status_code == 400
    bo = card(response.content.decode(), world.bo)
    rationale_errors = re.search(
        rf'id="id_decision-{world.bo.pk}-rationale_errors">(.*?)</ul>', bo, re.S
    ).group(1)
    feedback_errors = re.search(
        rf'id="id_decision-{world.bo.pk}-feedback_errors">(.*?)</ul>', bo, re.S
    ).group(1)
    assert "Write the rationale" in rationale_errors
    assert "Write feedback for the nominee" in feedback_errors
    # The chair's choice is kept.
    assert re.search(r'value="declined"[^>]*checked', bo)
    assert state_of(world.bo) == before


def test_below_quorum_the_form_says_how_many_voted_and_how_many_are_needed(world, client):
    cast(world, world.ana, ["select"] * 4)
    client.force_login(world.chair)
    before = state_of(world.ana)
    response = client.post(
        decide_url(world, world.ana), decision_form(world.ana, outcome="selected", rationale=RATIONALE)
    )
    assert response.status_code == 400
    ana = card(response.content.decode(), world.ana)
    top = re.search(r'<ul class="errorlist nonfield[^"]*" role="alert">(.*?)</ul>', ana, re.S).group(1)
    assert "A decision needs 5 of the 9 panelists without a conflict to vote; 4 have voted." in top
    assert RATIONALE in ana  # what the chair wrote stays in the form
    assert state_of(world.ana) == before


def test_an_outcome_outside_the_choices_is_a_field_error(world, client):
    cast(world, world.bo, ["select"] * 5)
    client.force_login(world.chair)
    before = state_of(world.bo)
    response = client.post(
        decide_url(world, world.bo), decision_form(world.bo, outcome="approved", rationale="R")
    )
    assert response.status_code == 400
    assert f'id="id_decision-{world.bo.pk}-outcome_errors"' in card(response.content.decode(), world.bo)
    assert state_of(world.bo) == before


def test_only_the_chair_records_a_decision_from_the_page(world, client):
    cast(world, world.bo, ["select"] * 5)
    before = state_of(world.bo)
    client.force_login(world.panel[5])
    form = decision_form(world.bo, outcome="selected", rationale="R")
    assert client.post(decide_url(world, world.bo), form).status_code == 403
    # Refused before the form is read: a bad outcome from a non-chair is a 403 too.
    assert (
        client.post(decide_url(world, world.bo), decision_form(world.bo, outcome="nope")).status_code == 403
    )
    client.force_login(world.admin)
    assert client.post(decide_url(world, world.bo), form).status_code == 403
    assert state_of(world.bo) == before
