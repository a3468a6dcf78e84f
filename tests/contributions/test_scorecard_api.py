"""The scorecard of a nomination: for the review panel, through the API and on the page."""

import datetime as dt

import pytest

from distinguished.nominations import api as nominations
from distinguished.program import api as program

from ..factories import AssignmentFactory, ContributionFactory, ContributorFactory, CycleFactory, UserFactory


@pytest.fixture
def nomination(db):
    cycle = CycleFactory()
    person = ContributorFactory(name="Kai Keyresult")
    nominator = UserFactory(contributor=person)
    today = dt.date.today()
    for days in (10, 40, 70):
        ContributionFactory(
            contributor=person,
            kind="pull_request",
            date=today - dt.timedelta(days=days),
            title=f"PR {days}",
            url=f"https://github.com/openedx/edx-platform/pull/{days}",
            major=True,
        )
    nomination = nominations.nominate(
        actor=nominator,
        cycle=cycle,
        track=program.get_track("engineer"),
        nominee=person,
        statement="x",
        evidence=[{"kind": "pull_request", "date": today, "title": "PR", "url": "https://example.org/pr"}],
        list_publicly=True,
    )
    # Submitted: a draft is no business of the panel's.
    return nominations.submit_nomination(
        actor=nominator, nomination=nominations.get_nomination(nomination.pk)
    )


def test_the_chair_admins_and_assigned_panelists_read_the_scorecard(
    client_for, chair, admin_user, panelist, nomination
):
    # A panelist reads the scorecards of the nominations assigned to them, and no others.
    assert client_for(panelist).get(f"/api/v1/nominations/{nomination.pk}/scorecard/").status_code == 404
    AssignmentFactory(cycle=nomination.cycle, nomination=nomination, panelist=panelist)
    panelist = type(panelist).objects.get(pk=panelist.pk)
    for user in (chair, admin_user, panelist):
        response = client_for(user).get(f"/api/v1/nominations/{nomination.pk}/scorecard/")
        assert response.status_code == 200
        body = response.json()
        major = next(kr for kr in body["key_results"] if kr["code"] == "major_prs")
        assert (major["value"], major["target"], major["met"]) == (3.0, 6.0, False)
        assert [c["title"] for c in major["contributions"]] == ["PR 10", "PR 40", "PR 70"]
        assert (body["met"], body["total"]) == (0, 5)


def test_others_do_not_read_the_scorecard(client_for, member, nomination):
    assert client_for(None).get(f"/api/v1/nominations/{nomination.pk}/scorecard/").status_code == 401
    assert client_for(member).get(f"/api/v1/nominations/{nomination.pk}/scorecard/").status_code == 403
    assert (
        client_for(nomination.nominator).get(f"/api/v1/nominations/{nomination.pk}/scorecard/").status_code
        == 403
    )


def test_unknown_nomination_scorecard_is_404(client_for, chair):
    assert client_for(chair).get("/api/v1/nominations/999999/scorecard/").status_code == 404


def test_scorecard_shows_on_the_nomination_page_for_the_panel_only(client, chair, nomination):
    client.force_login(chair)
    html = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert "Key results" in html and "Major pull requests to core repositories" in html
    client.force_login(nomination.nominator)
    html = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert "Major pull requests to core repositories" not in html
