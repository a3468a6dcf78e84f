"""The nominee and the nominator read the panel's decision on the nomination (page and API) from the
announcement on: the outcome, the feedback and when it was decided, never the rationale. Before it
a decided nomination reads to them as in review; everybody else keeps what they saw before."""

import json

import pytest

from distinguished.audit import api as audit
from distinguished.audit.models import AuditEvent
from distinguished.nominations import api as nominations

from ..factories import ContributorFactory, EndorsementRequestFactory, UserFactory
from .conftest import RATIONALE, announce_2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties(decided_list):
    """An account for each nominee; the nominators have theirs."""
    for nomination in decided_list.values():
        UserFactory(contributor=nomination.nominee, email=nomination.nominee.email)
    return decided_list


def nominee_user(nomination):
    return nomination.nominee.user


def read(client_for, user, nomination):
    return client_for(user).get(f"/api/v1/nominations/{nomination.pk}/")


def page(client, user, nomination):
    client.force_login(user)
    return client.get(f"/nominations/{nomination.pk}/")


def test_before_the_announcement_the_parties_read_no_decision_and_an_in_review_state(
    parties, client_for, admin_user, approver
):
    ana = parties["ana"]
    for user in (nominee_user(ana), ana.nominator):
        response = read(client_for, user, ana)
        assert response.status_code == 200
        body = response.json()
        assert body["decision"] is None
        assert body["state"] == "in_review"
        assert "Outstanding reviews." not in response.content.decode()
    # The list says the same, and its state filter does not find the decision out.
    client = client_for(nominee_user(ana))
    assert [row["state"] for row in client.get("/api/v1/nominations/").json()["results"]] == ["in_review"]
    assert client.get("/api/v1/nominations/?state=selected").json()["count"] == 0
    assert client.get("/api/v1/nominations/?state=in_review").json()["count"] == 1
    # Signed off (approved) is still a secret.
    from distinguished.cohorts import api as cohorts

    from .conftest import APPROVAL_DAY, at

    with at(APPROVAL_DAY):
        cohorts.sign_off_cycle(actor=approver, cycle=ana.cycle)
    assert read(client_for, ana.nominator, ana).json()["state"] == "in_review"


def test_before_the_announcement_the_page_and_history_keep_the_decision(parties, client, chair):
    cy = parties["cy"]
    audit.record(actor=chair, verb="nomination.decided", obj=cy, from_state="in_review", to_state="declined")
    response = page(client, nominee_user(cy), cy)
    html = response.content.decode()
    assert 'data-testid="nomination-state">In review<' in html
    assert 'data-testid="decision"' not in html
    assert "Show more mentoring." not in html and "Not selected" not in html
    assert "nomination.decided" not in [event.verb for event in response.context["history"]]
    # The chair, who screened it, reads the history whole.
    assert "nomination.decided" in [event.verb for event in page(client, chair, cy).context["history"]]


def test_after_the_announcement_the_nominee_and_the_nominator_read_outcome_feedback_and_day(
    parties, client_for, admin_user, approver
):
    announce_2025(admin_user, approver)
    expected = {
        "ana": ("selected", "Outstanding reviews.", "awarded"),
        "bo": ("selected", "", "awarded"),
        "cy": ("declined", "Show more mentoring.", "declined"),
        "di": ("deferred", "Come back with the 2026 release.", "deferred"),
    }
    for key, (outcome, feedback, state) in expected.items():
        nomination = parties[key]
        for user in (nominee_user(nomination), nomination.nominator):
            response = read(client_for, user, nomination)
            assert response.status_code == 200
            body = response.json()
            assert body["state"] == state
            assert body["decision"]["outcome"] == outcome
            assert body["decision"]["feedback"] == feedback
            assert body["decision"]["decided"].startswith(nomination.decided.date().isoformat())
            assert set(body["decision"]) == {"outcome", "feedback", "decided"}
            assert RATIONALE not in response.content.decode()
            assert "rationale" not in json.dumps(body)


def test_after_the_announcement_the_page_shows_the_decision_and_never_the_rationale(
    parties, client, admin_user, approver
):
    announce_2025(admin_user, approver)
    cy = parties["cy"]
    html = page(client, nominee_user(cy), cy).content.decode()
    assert 'data-testid="decision-outcome">Not selected this cycle<' in html
    assert "Show more mentoring." in html and "You may be nominated again" in html
    assert RATIONALE not in html
    ana = parties["ana"]
    html = page(client, ana.nominator, ana).content.decode()
    assert 'data-testid="decision-outcome">Selected<' in html
    assert "Ana Lima is an Open edX Distinguished Engineer" in html
    assert "/cycles/2025/announcement/" in html and RATIONALE not in html


def test_others_keep_what_they_saw_no_decision_and_hidden_nominations_stay_hidden(
    parties, client, client_for, admin_user, approver, chair, member
):
    announce_2025(admin_user, approver)
    ana = parties["ana"]
    # The panel and admins read the true state as before, and no `decision` (the final list has it).
    for user in (chair, admin_user, approver):
        body = read(client_for, user, ana).json()
        assert body["state"] == "awarded" and body["decision"] is None
    # Whoever may not see the nomination gets the 404 they got before.
    assert read(client_for, member, ana).status_code == 404
    assert page(client, member, ana).status_code == 404
    assert client_for(None).get(f"/api/v1/nominations/{ana.pk}/").status_code == 401


def test_an_invited_endorser_sees_the_state_but_never_the_decision(parties, client_for, admin_user, approver):
    di = parties["di"]
    endorser = UserFactory(contributor=ContributorFactory())
    # Invited and opened while the nomination was open (endorsing never opens the decision).
    EndorsementRequestFactory(
        nomination=di,
        email=endorser.email,
        requested_by=di.nominator,
        accepted_by=endorser,
        accepted=di.submitted,
    )
    before = read(client_for, endorser, di).json()
    assert (before["state"], before["decision"]) == ("in_review", None)
    announce_2025(admin_user, approver)
    after = read(client_for, endorser, di).json()
    assert (after["state"], after["decision"]) == ("deferred", None)


def test_the_announcement_tells_each_decision_once_audited(parties, admin_user, approver):
    announce_2025(admin_user, approver)
    events = AuditEvent.objects.filter(verb="nomination.decision_announced")
    assert sorted((e.object_id, e.to_state) for e in events) == sorted(
        [
            (str(parties["ana"].pk), "selected"),
            (str(parties["bo"].pk), "selected"),
            (str(parties["cy"].pk), "declined"),
            (str(parties["di"].pk), "deferred"),
        ]
    )
    assert all(e.actor_id == admin_user.pk for e in events)
    cycle = parties["ana"].cycle
    assert nominations.announce_decisions(actor=admin_user, cycle=cycle) == []


def test_the_history_shows_the_decision_once_announced(parties, client, admin_user, approver):
    announce_2025(admin_user, approver)
    cy = parties["cy"]
    audit.record(
        actor=admin_user, verb="nomination.decided", obj=cy, from_state="in_review", to_state="declined"
    )
    response = page(client, cy.nominator, cy)
    verbs = [event.verb for event in response.context["history"]]
    assert "nomination.decided" in verbs and "nomination.decision_announced" in verbs
    assert RATIONALE not in response.content.decode()


DECIDED_WORDS = ("selected", "declined", "deferred", "approved", "signed off")


def test_a_refused_action_does_not_tell_the_decision_before_the_announcement(parties, client_for):
    """Withdrawing, editing, adding evidence, consenting or asking for endorsements on a decided
    nomination is refused; the refusal names the state as the party reads it (in review), never the
    decision the panel has not announced."""
    cy = parties["cy"]  # declined
    attempts = [
        (cy.nominator, "post", f"/api/v1/nominations/{cy.pk}/withdraw/", {"reason": "Changed my mind."}),
        (cy.nominator, "patch", f"/api/v1/nominations/{cy.pk}/", {"statement": "Another statement."}),
        (
            cy.nominator,
            "post",
            f"/api/v1/nominations/{cy.pk}/evidence/",
            {
                "kind": "pull_request",
                "date": "2024-11-02",
                "title": "More",
                "url": "https://example.org/pr/2",
            },
        ),
        (
            nominee_user(cy),
            "post",
            f"/api/v1/nominations/{cy.pk}/consent/",
            {"consent": True, "list_publicly": True},
        ),
        (
            cy.nominator,
            "post",
            f"/api/v1/nominations/{cy.pk}/endorsements/request/",
            {"emails": ["x@example.org"]},
        ),
    ]
    refused = 0
    for user, method, url, body in attempts:
        response = getattr(client_for(user), method)(url, body, format="json")
        assert response.status_code in (400, 403, 404, 405), (url, response.status_code)
        text = response.content.decode().lower()
        for word in DECIDED_WORDS:
            assert word not in text, (url, response.content)
        refused += response.status_code == 400
    assert refused >= 3


def test_the_refusal_names_the_true_state_to_the_panel(parties, chair):
    """The panel reads the decision anyway: its own refusals keep naming it."""
    from distinguished.core.errors import TransitionError
    from distinguished.nominations.enums import State

    with pytest.raises(TransitionError, match="declined"):
        nominations.moves.require_move(parties["cy"], State.WITHDRAWN, reader=chair)
    with pytest.raises(TransitionError, match="in review"):
        nominations.moves.require_move(parties["cy"], State.WITHDRAWN, reader=parties["cy"].nominator)
