"""One whole path through nominations.api: nominate → consent → endorse → submit → screen."""

import datetime as dt

import pytest
from django.core import mail

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api
from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, OrganizationFactory, UserFactory, endorse_as_invited


@pytest.mark.django_db
def test_peer_nomination_from_draft_to_eligible(admin_user, chair, django_capture_on_commit_callbacks):
    cycle = CycleFactory()
    track = program.get_track("engineer")
    org = OrganizationFactory(name="Nominee Org")
    nominee = ContributorFactory(name="Nia Nominee", email="nia@example.org", organization=org)
    nominator = UserFactory(contributor=ContributorFactory(organization=org))
    with django_capture_on_commit_callbacks(execute=True):
        nomination = api.nominate(
            actor=nominator,
            cycle=cycle,
            track=track,
            nominee=nominee,
            statement="Nia **rebuilt** the course outline.",
            evidence=[
                {
                    "kind": "pull_request",
                    "date": "2025-01-10",
                    "title": "Outline MFE",
                    "url": "https://github.com/openedx/x/pull/1",
                },
                {
                    "kind": "blog_post",
                    "date": str(dt.date.today() - dt.timedelta(days=3)),
                    "title": "Post",
                    "url": "https://blog.example.org/p",
                },
            ],
        )
    assert nomination.state == "draft" and nomination.nominee_consent is None
    consent_mail = mail.outbox[-1]
    assert consent_mail.to == ["nia@example.org"]
    token = consent_mail.body.split("token=")[1].split()[0]
    nia = UserFactory(username="nia", email="nia@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        api.answer_consent(
            actor=nia,
            nomination=nomination,
            consent=True,
            list_publicly=True,
            token=token,
            addition="Thank you!",
        )
    nia.refresh_from_db()
    assert nia.contributor == nominee
    for name, profile_org in (("e1", None), ("e2", org)):
        endorser = UserFactory(username=name, contributor=ContributorFactory(organization=profile_org))
        with django_capture_on_commit_callbacks(execute=True):
            endorse_as_invited(
                actor=endorser, nomination=nomination, relationship="Colleague", statement="Great."
            )
    with django_capture_on_commit_callbacks(execute=True):
        api.submit_nomination(actor=nominator, nomination=api.get_nomination(nomination.pk))
    program.override_phase(actor=admin_user, cycle=cycle, phase="screening", reason="test")
    nomination = api.get_nomination(nomination.pk)
    result = api.eligibility_of(nomination)
    assert {c["rule"]: c["passed"] for c in result["checks"]} == {
        "window": True,
        "not_a_member": True,
        "endorsements": True,
        "sustained": True,
        "subject": True,
    }, result
    with django_capture_on_commit_callbacks(execute=True):
        api.screen(actor=chair, nomination=nomination, eligible=True)
    assert api.get_nomination(nomination.pk).state == "eligible"
    verbs = list(
        AuditEvent.objects.filter(object_type="nominations.nomination").values_list("verb", flat=True)
    )
    assert set(verbs) >= {
        "nomination.created",
        "nomination.consent_given",
        "nomination.endorsed",
        "nomination.submitted",
        "nomination.screened",
    }


@pytest.mark.django_db
def test_nominator_and_nominee_follow_the_history_others_do_not(client, member):
    cycle = CycleFactory()
    nomination = api.nominate(
        actor=member,
        cycle=cycle,
        track=program.get_track("engineer"),
        nominee=member.contributor,
        statement="x",
        list_publicly=True,
    )
    client.force_login(member)
    html = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert "History" in html and "nomination.created" in html
    endorser = UserFactory(contributor=ContributorFactory())
    endorse_as_invited(actor=endorser, nomination=nomination, relationship="Peer", statement="Yes.")
    client.force_login(endorser)
    html = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert "nomination.created" not in html
