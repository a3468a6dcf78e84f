"""Outside the review phase the review form is read-only and says when reviewing opens (or that it
closed); a review sent anyway is refused with those words, no field name in them, nothing saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.program import api as program
from distinguished.review import api
from distinguished.review.models import Review

from ..factories import AssignmentFactory, ContributorFactory, CycleFactory, NominationFactory, UserFactory

pytestmark = pytest.mark.django_db

SCORES = {
    "score_core_platform": "4",
    "score_architecture": "5",
    "score_open_source_leadership": "3",
    "score_problem_solving": "4",
}


@pytest.fixture
def cycle(db):
    """Nominations opened a week ago: screening ends 51 days from now, reviewing opens the day after."""
    return CycleFactory()


@pytest.fixture
def assignment(cycle, admin_user):
    panelist = UserFactory(contributor=ContributorFactory())
    api.seat_panelist(actor=admin_user, cycle=cycle, user=panelist, group="toc")
    nomination = NominationFactory(
        cycle=cycle, nominee=ContributorFactory(name="Rita Reviewed"), statement="She shipped it."
    )
    return AssignmentFactory(nomination=nomination, panelist=panelist)


def opens_on(cycle) -> str:
    return program.human(cycle.screening_due + dt.timedelta(days=1))


def test_before_review_the_page_is_read_only_and_says_when_reviewing_opens(client, cycle, assignment):
    client.force_login(assignment.panelist)
    response = client.get(f"/review/{assignment.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Reviewing for the {cycle} opens on {opens_on(cycle)}" in html
    assert 'name="submit"' not in html and 'name="draft"' not in html
    radio = html.split('name="score_core_platform"')[1].split(">")[0]
    assert "disabled" in radio
    assert "Rita Reviewed" in html and "She shipped it." in html


def test_before_review_a_whole_review_sent_anyway_is_a_400_without_a_field_name_and_saves_nothing(
    client, cycle, assignment
):
    client.force_login(assignment.panelist)
    trail = AuditEvent.objects.count()
    response = client.post(
        f"/review/{assignment.pk}/", {**SCORES, "recommendation": "yes", "comment": "Great.", "submit": "1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"Reviewing for the {cycle} opens on {opens_on(cycle)}" in html
    assert "cycle:" not in html and "scores:" not in html
    assert not Review.objects.exists() and AuditEvent.objects.count() == trail


def test_after_review_the_page_says_reviewing_closed_and_keeps_the_review(
    client, cycle, assignment, admin_user
):
    program.override_phase(actor=admin_user, cycle=cycle, phase="review", reason="test")
    client.force_login(assignment.panelist)
    assert client.post(f"/review/{assignment.pk}/", {**SCORES, "draft": "1"}).status_code == 302
    program.override_phase(actor=admin_user, cycle=cycle, phase="deliberation", reason="test")
    html = client.get(f"/review/{assignment.pk}/").content.decode()
    assert f"Reviewing for the {cycle} closed on {program.human(cycle.review_due)}" in html
    assert "deliberation phase" in html and 'name="draft"' not in html
    response = client.post(f"/review/{assignment.pk}/", {**SCORES, "score_core_platform": "1", "draft": "1"})
    assert response.status_code == 400
    assert Review.objects.get().scores["core_platform"] == 4


def test_in_review_the_form_takes_the_review(client, cycle, assignment, admin_user):
    program.override_phase(actor=admin_user, cycle=cycle, phase="review", reason="test")
    client.force_login(assignment.panelist)
    html = client.get(f"/review/{assignment.pk}/").content.decode()
    assert 'name="submit"' in html and "Reviewing for the" not in html
    response = client.post(f"/review/{assignment.pk}/", {**SCORES, "recommendation": "yes", "submit": "1"})
    assert response.status_code == 302
    assert Review.objects.get().submitted is not None


def test_the_api_refuses_with_the_same_words_on_the_cycle_field(client, cycle, assignment):
    client.force_login(assignment.panelist)
    response = client.post(
        f"/api/v1/assignments/{assignment.pk}/review/",
        {"scores": {"core_platform": 4}, "recommendation": "yes"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "cycle": [
            f"Reviewing for the {cycle} opens on {opens_on(cycle)}; until then you may read the "
            "nomination, and the review form is read-only."
        ]
    }
    assert not Review.objects.exists()


def test_a_phase_held_past_its_dates_says_reviewing_opens_when_screening_ends(cycle, admin_user):
    cycle.screening_due = timezone.localdate() - dt.timedelta(days=1)
    program.override_phase(actor=admin_user, cycle=cycle, phase="screening", reason="test")
    assert "opens when the chair ends screening" in api.review_window_message(cycle)
    assert api.review_window_message(cycle, today=cycle.screening_due) is not None


def test_save_review_outside_the_phase_raises_on_the_cycle(cycle, assignment):
    with pytest.raises(ValidationError) as caught:
        api.save_review(actor=assignment.panelist, assignment=assignment, scores={}, submit=False)
    assert list(caught.value.message_dict) == ["cycle"]
