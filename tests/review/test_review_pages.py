"""The review panel pages: the panel, declaring and waiving conflicts, a panelist's reviews."""

import pytest
from rest_framework.test import APIClient

from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import ConflictWaiver, PanelSeat

from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    CycleFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture
def cycle(db):
    return CycleFactory()


def test_panel_page_for_the_panel_and_admins_only(client, cycle, admin_user, chair, member):
    url = f"/cycles/{cycle.slug}/panel/"
    client.force_login(member)
    assert client.get(url).status_code == 403
    for user in (chair, admin_user):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Technical Oversight Committee: 0 seats, needs 1–2" in html


def test_admin_seats_from_the_page_and_errors_change_nothing(client, cycle, admin_user):
    user = UserFactory()
    client.force_login(admin_user)
    url = f"/cycles/{cycle.slug}/panel/"
    response = client.post(
        url,
        {"seat": "1", "user": user.username.upper(), "group": "toc", "chair": "on", "tracks": ["engineer"]},
    )
    assert response.status_code == 302
    seat = PanelSeat.objects.get(user=user)
    assert (seat.group.code, seat.chair, seat.tracks) == ("toc", True, ["engineer"])
    response = client.post(url, {"seat": "1", "user": user.email, "group": "axim"})
    assert response.status_code == 400
    assert "already has a seat" in response.content.decode()
    # An account is named, never chosen from a list of every account.
    response = client.post(url, {"seat": "1", "user": "nobody-by-that-name", "group": "axim"})
    assert response.status_code == 400
    assert "No account has the username or e-mail address “nobody-by-that-name”." in response.content.decode()
    assert '<input type="text" name="user"' in response.content.decode()
    assert PanelSeat.objects.count() == 1


def test_a_panelist_declares_and_the_chair_waives(client, cycle, admin_user, chair):
    org = OrganizationFactory()
    panelist = UserFactory(contributor=ContributorFactory(organization=org))
    api.seat_panelist(actor=admin_user, cycle=cycle, user=panelist, group="toc")
    nomination = NominationFactory(
        cycle=cycle, nominee=ContributorFactory(organization=org), state="eligible", statement="x"
    )
    client.force_login(panelist)
    response = client.post(
        f"/cycles/{cycle.slug}/panel/",
        {"conflict": "1", "nomination": str(nomination.pk), "reason": "Friend."},
    )
    assert response.status_code == 302
    client.force_login(chair)
    html = client.get(f"/cycles/{cycle.slug}/panel/").content.decode()
    assert "organization" in html and "Friend." in html
    client.post(
        f"/cycles/{cycle.slug}/panel/waivers/",
        {
            "nomination": nomination.pk,
            "panelist": panelist.pk,
            "source": "organization",
            "reason": "Large university.",
        },
    )
    sources = {
        c["source"] for c in api.conflicts_of(cycle, include_waived=False) if c["panelist"] == panelist
    }
    assert sources == {"declared"}
    # Waiving the same conflict again is a field error on the page and a 400 in the API, never a 500.
    again = {
        "nomination": nomination.pk,
        "panelist": panelist.pk,
        "source": "organization",
        "reason": "Again.",
    }
    response = client.post(f"/cycles/{cycle.slug}/panel/waivers/", again)
    assert response.status_code in (302, 400)
    assert ConflictWaiver.objects.count() == 1
    client_api = APIClient()
    client_api.force_authenticate(chair)
    response = client_api.post(f"/api/v1/cycles/{cycle.slug}/conflicts/waivers/", again, format="json")
    assert response.status_code == 400
    assert "already waived" in response.json()["source"][0]
    assert ConflictWaiver.objects.count() == 1


def test_a_panelist_drafts_then_submits_a_review_on_the_page(client, cycle, admin_user):
    panelist = UserFactory(contributor=ContributorFactory())
    api.seat_panelist(actor=admin_user, cycle=cycle, user=panelist, group="toc")
    nomination = NominationFactory(
        cycle=cycle, nominee=ContributorFactory(name="Rita Reviewed"), statement="She **shipped** it."
    )
    program.override_phase(actor=admin_user, cycle=cycle, phase="review", reason="test")
    assignment = AssignmentFactory(nomination=nomination, panelist=panelist)
    client.force_login(panelist)
    html = client.get("/review/").content.decode()
    assert "Rita Reviewed" in html and "to do" in html
    url = f"/review/{assignment.pk}/"
    page = client.get(url).content.decode()
    assert (
        "Core Platform Development" in page
        and "<strong>shipped</strong>" in page
        and "Major pull requests" in page
    )
    response = client.post(url, {"score_core_platform": "4", "draft": "1"})
    assert response.status_code == 302
    response = client.post(
        url, {"score_core_platform": "4", "recommendation": "yes", "version": "1", "submit": "1"}
    )
    assert response.status_code == 400
    assert "Score every key area before submitting" in response.content.decode()
    scores = {
        "score_core_platform": "4",
        "score_architecture": "5",
        "score_open_source_leadership": "3",
        "score_problem_solving": "4",
    }
    response = client.post(url, {**scores, "recommendation": "yes", "version": "1", "submit": "1"})
    assert response.status_code == 302
    assert api.get_assignment(assignment.pk).review.submitted is not None
    stale = client.post(url, {**scores, "recommendation": "no", "version": "1", "submit": "1"})
    assert stale.status_code == 409


def test_someone_elses_review_page_is_404(client, cycle, admin_user, member):
    panelist = UserFactory()
    assignment = AssignmentFactory(nomination=NominationFactory(cycle=cycle), panelist=panelist)
    client.force_login(member)
    assert client.get(f"/review/{assignment.pk}/").status_code == 404
