"""A nomination's evidence becomes the nominee's contributions (issue 13): self-reported until a
screener confirms them, on the scorecard (page and API) with the verified part beside each value
and each contribution marked; confirming is one audited state change (page and API)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.audit.models import AuditEvent
from distinguished.contributions import api as contributions
from distinguished.contributions.models import Contribution
from distinguished.nominations import api as nominations
from distinguished.review import api as review

from ..factories import (
    AssignmentFactory,
    ContributionFactory,
    ContributorFactory,
    DraftNominationFactory,
    EvidenceFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def submitted(nomination):
    return nominations.submit_nomination(
        actor=nomination.nominator, nomination=nominations.get_nomination(nomination.pk)
    )


@pytest.fixture
def draft():
    nomination = DraftNominationFactory(nominee=ContributorFactory(name="Kai Keyresult"))
    EvidenceFactory(
        nomination=nomination, kind="blog_post", title="Scaling the LMS", url="https://blog.example/lms"
    )
    EvidenceFactory(nomination=nomination, kind="documentation", title="Docs", url="https://docs.example/a")
    return nomination


def evidence_contributions(nominee):
    return Contribution.objects.filter(contributor=nominee, source="nomination").order_by("title")


def test_a_drafts_evidence_stays_on_the_draft(draft):
    assert not evidence_contributions(draft.nominee).exists()


def test_submitting_records_the_evidence_as_the_nominees_self_reported_contributions(draft):
    imported = ContributionFactory(
        contributor=draft.nominee,
        kind="documentation",
        date=TODAY,
        title="Docs (imported)",
        url="https://docs.example/a",
        source="csv",
        external_id="csv:x",
        verified=True,
    )
    submitted(draft)
    recorded = list(evidence_contributions(draft.nominee))
    # The docs page the nominee already has counts once, verified as imported.
    assert [(c.title, c.kind, c.verified, c.recorded_by) for c in recorded] == [
        ("Scaling the LMS", "blog_post", False, draft.nominator)
    ]
    assert Contribution.objects.filter(url="https://docs.example/a").get() == imported
    event = AuditEvent.objects.get(verb="contribution.recorded", object_id=str(recorded[0].pk))
    assert (event.actor, event.to_state, event.data["nomination"]) == (
        draft.nominator,
        "unverified",
        draft.pk,
    )


def test_evidence_added_after_submission_is_recorded_and_removed_evidence_takes_it_along(draft):
    nomination = submitted(draft)
    added = nominations.add_evidence(
        actor=nomination.nominator,
        nomination=nomination,
        kind="talk",
        date=TODAY - dt.timedelta(days=3),
        title="Keynote",
        url="https://talks.example/keynote",
    )
    assert evidence_contributions(nomination.nominee).filter(title="Keynote", verified=False).exists()
    nominations.remove_evidence(actor=nomination.nominator, nomination=nomination, evidence_id=added.pk)
    assert not evidence_contributions(nomination.nominee).filter(title="Keynote").exists()
    assert AuditEvent.objects.filter(verb="contribution.removed").count() == 1

    # A confirmed one is the nominee's verified contribution, whatever the nomination says now.
    blog = evidence_contributions(nomination.nominee).get(title="Scaling the LMS")
    contributions.verify_contribution(actor=UserFactory(roles=["admin"]), contribution_id=blog.pk)
    item = nomination.evidence.get(title="Scaling the LMS")
    nominations.remove_evidence(actor=nomination.nominator, nomination=nomination, evidence_id=item.pk)
    assert Contribution.objects.filter(pk=blog.pk, verified=True).exists()


def test_the_scorecard_shows_evidence_as_self_reported_until_the_chair_confirms_it(client_for, chair, draft):
    nomination = submitted(draft)
    url = f"/api/v1/nominations/{nomination.pk}/scorecard/"
    body = client_for(chair).get(url).json()
    writing = next(kr for kr in body["key_results"] if kr["code"] == "technical_writing")
    assert (writing["value"], writing["verified_value"]) == (2.0, 0.0)
    assert {c["title"]: (c["verified"], c["source"]) for c in writing["contributions"]} == {
        "Scaling the LMS": (False, "nomination"),
        "Docs": (False, "nomination"),
    }

    blog = evidence_contributions(nomination.nominee).get(title="Scaling the LMS")
    response = client_for(chair).post(f"/api/v1/contributions/{blog.pk}/verify/")
    assert response.status_code == 200, response.content
    assert response.json()["verified"] is True
    event = AuditEvent.objects.get(verb="contribution.verified")
    assert (event.actor, event.from_state, event.to_state) == (chair, "self-reported", "verified")

    writing = next(
        kr for kr in client_for(chair).get(url).json()["key_results"] if kr["code"] == "technical_writing"
    )
    assert (writing["value"], writing["verified_value"]) == (2.0, 1.0)
    # Confirming again changes nothing and records nothing.
    assert client_for(chair).post(f"/api/v1/contributions/{blog.pk}/verify/").status_code == 200
    assert AuditEvent.objects.filter(verb="contribution.verified").count() == 1


def test_an_organizations_screener_confirms_its_peoples_contributions(client_for, chair):
    org = OrganizationFactory()
    person = ContributorFactory(organization=org)
    nomination = DraftNominationFactory(nominee=org, track=nominations.program.get_track("partner"))
    EvidenceFactory(nomination=nomination)
    submitted(nomination)
    fix = ContributionFactory(contributor=person, kind="feature_fix", date=TODAY, title="Fix")
    assert client_for(chair).post(f"/api/v1/contributions/{fix.pk}/verify/").status_code == 200


def test_who_may_not_confirm_is_refused_and_nothing_changes(
    client_for, chair, panelist, member, admin_user, draft
):
    nomination = submitted(draft)
    blog = evidence_contributions(nomination.nominee).get(title="Scaling the LMS")
    AssignmentFactory(cycle=nomination.cycle, nomination=nomination, panelist=panelist)
    stranger = ContributionFactory(contributor=member.contributor, kind="talk", date=TODAY, title="Talk")
    refused = [
        (panelist, blog),  # a reviewer reads the scorecard, the screener confirms
        (nomination.nominator, blog),
        (member, stranger),  # nobody confirms their own
        (chair, stranger),  # behind no nomination the chair screens
    ]
    for user, contribution in refused:
        response = client_for(user).post(f"/api/v1/contributions/{contribution.pk}/verify/")
        assert response.status_code == 403, (user, response.content)
        assert "screeners of a nomination" in response.json()["detail"]
    assert client_for(None).post(f"/api/v1/contributions/{blog.pk}/verify/").status_code == 401
    assert client_for(chair).post("/api/v1/contributions/999999/verify/").status_code == 404
    assert not Contribution.objects.filter(verified=True).exists()
    assert not AuditEvent.objects.filter(verb="contribution.verified").exists()
    # A program admin confirms anyone's.
    assert client_for(admin_user).post(f"/api/v1/contributions/{stranger.pk}/verify/").status_code == 200


def test_a_conflicted_chair_does_not_confirm(client_for, admin_user):
    chair = UserFactory(roles=["chair", "panelist"])
    nomination = DraftNominationFactory(nominator=chair)  # a detected conflict: the nominator
    EvidenceFactory(nomination=nomination)
    review.seat_panelist(actor=admin_user, cycle=nomination.cycle, user=chair, group="axim", chair=True)
    submitted(nomination)
    # Screened eligible (the panel's conflicts cover nominations from screening on).
    type(nomination).objects.filter(pk=nomination.pk).update(state="eligible")
    contribution = evidence_contributions(nomination.nominee).get()
    chair = type(chair).objects.get(pk=chair.pk)  # what it may see is cached per request
    assert client_for(chair).post(f"/api/v1/contributions/{contribution.pk}/verify/").status_code == 403
    assert not Contribution.objects.filter(verified=True).exists()


def test_the_nomination_page_marks_each_contribution_and_the_screener_confirms_there(
    client, chair, panelist, draft
):
    nomination = submitted(draft)
    ContributionFactory(
        contributor=nomination.nominee,
        kind="blog_post",
        date=TODAY,
        title="Imported post",
        source="csv",
        external_id="csv:y",
        verified=True,
    )
    blog = evidence_contributions(nomination.nominee).get(title="Scaling the LMS")
    page = f"/nominations/{nomination.pk}/"
    client.force_login(chair)
    text = client.get(page).text
    assert "self-reported" in text and "verified" in text
    assert f'action="/contributions/{blog.pk}/verify/"' in text
    response = client.post(f"/contributions/{blog.pk}/verify/", {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert Contribution.objects.get(pk=blog.pk).verified
    # An outside address is not followed.
    docs = evidence_contributions(nomination.nominee).get(title="Docs")
    response = client.post(f"/contributions/{docs.pk}/verify/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get(f"/contributions/{docs.pk}/verify/").status_code == 405

    AssignmentFactory(cycle=nomination.cycle, nomination=nomination, panelist=panelist)
    client.force_login(panelist)
    text = client.get(page).text
    assert "self-reported" in text and f"/contributions/{docs.pk}/verify/" not in text
    assert client.post(f"/contributions/{blog.pk}/verify/", {"next": page}).status_code == 403


def test_the_scorecard_costs_the_same_queries_for_few_and_many_contributions(
    client_for, chair, draft, django_assert_num_queries
):
    nomination = submitted(draft)
    url = f"/api/v1/nominations/{nomination.pk}/scorecard/"
    client = client_for(chair)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for day in range(40):
        ContributionFactory(
            contributor=nomination.nominee,
            kind=["blog_post", "pull_request", "forum_answer", "mentorship"][day % 4],
            date=TODAY - dt.timedelta(days=day),
            title=f"Thing {day}",
            major=day % 3 == 0,
            verified=day % 2 == 0,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_nomination_page_costs_the_same_queries_for_few_and_many_contributions(
    client, chair, draft, django_assert_num_queries
):
    nomination = submitted(draft)
    page = f"/nominations/{nomination.pk}/"
    client.force_login(chair)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    for day in range(30):
        ContributionFactory(
            contributor=nomination.nominee,
            kind=["blog_post", "documentation", "forum_answer"][day % 3],
            date=TODAY - dt.timedelta(days=day),
            title=f"Thing {day}",
            verified=day % 2 == 0,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        text = client.get(page).text
    assert text.count("Confirm<span") == 17  # the two pieces of evidence and 15 self-reported records
