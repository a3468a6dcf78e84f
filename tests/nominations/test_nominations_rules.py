"""The rules of nominations/api.py: who may do what, in which phase and state, what bad input is
refused with which message, the audit event of every transition and the e-mail it sends, whose
link is followed with the test client to the page it names."""

import datetime as dt
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.core.errors import TransitionError
from distinguished.nominations import api
from distinguished.nominations.models import Endorsement, EndorsementRequest, Evidence, Nomination
from distinguished.program import api as program

from ..factories import (
    ContributorFactory,
    CycleFactory,
    OrganizationFactory,
    UserFactory,
    endorse_as_invited,
    invite_to_endorse,
)
from .conftest import EVIDENCE, STATEMENT, accepted, consent_token, nominate, submitted

# --- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture
def cycle(db):
    return CycleFactory(name="2027 cohort")


@pytest.fixture
def track(db):
    return program.get_track("engineer")


@pytest.fixture
def nominator(db):
    return UserFactory(username="nora", name="Nora Nominator", contributor=ContributorFactory(name="Nora"))


@pytest.fixture
def nominee(db):
    return ContributorFactory(name="Nia Nominee", email="nia@example.org")


@pytest.fixture
def nominee_user(nominee):
    return UserFactory(username="nia", name="Nia Nominee", email="nia@example.org", contributor=nominee)


@pytest.fixture
def stranger(db):
    return UserFactory(username="sam", name="Sam Stranger", contributor=ContributorFactory(name="Sam"))


def to_screening(cycle, phase="screening"):
    """Hold the cycle in a phase (as an admin does). Nominations read before keep the old phase:
    read them again, as every request does."""
    admin = UserFactory(roles=["admin"])
    program.override_phase(actor=admin, cycle=cycle, phase=phase, reason=f"Test: {phase}")


def events(nomination, verb):
    return list(
        AuditEvent.objects.filter(
            object_type="nominations.nomination", object_id=str(nomination.pk), verb=verb
        )
    )


def link_in(message) -> str:
    """The path of the one link in a plain-text e-mail, checked to start with the site's address."""
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1, message.body
    assert urls[0].startswith(settings.SITE_URL + "/"), urls[0]
    return urls[0].removeprefix(settings.SITE_URL)


def mail_to(mailoutbox, address):
    found = [m for m in mailoutbox if address in m.to]
    assert len(found) == 1, [(m.to, m.subject) for m in mailoutbox]
    return found[0]


def messages_of(error: ValidationError) -> dict:
    return error.message_dict


# --- nominate ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nominate_peer_creates_a_draft_awaiting_consent_with_its_evidence(
    cycle, nominator, nominee, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominate(nominator, nominee, cycle)
    assert (nomination.state, nomination.live, nomination.self_nomination) == ("draft", True, False)
    assert nomination.nominee_consent is None
    assert list(nomination.evidence.values_list("kind", "date", "title", "url", "added_by")) == [
        ("pull_request", dt.date(2025, 1, 10), EVIDENCE["title"], EVIDENCE["url"], nominator.pk)
    ]
    [event] = events(nomination, "nomination.created")
    assert (event.actor_id, event.from_state, event.to_state) == (nominator.pk, "", "draft")
    message = mail_to(mailoutbox, "nia@example.org")
    assert len(mailoutbox) == 1
    assert message.subject == "Nora Nominator nominated you as a Distinguished Engineer"
    path = link_in(message)
    assert path.startswith(reverse("nominations:consent", args=[nomination.pk]) + "?token=")
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["nomination"] == nomination
    assert "You are nominated as a Distinguished Engineer" in response.content.decode()


@pytest.mark.django_db
def test_nominate_self_consents_by_being_made_and_sends_no_mail(cycle, nominator, mailoutbox):
    nomination = nominate(nominator, nominator.contributor, cycle)
    assert nomination.self_nomination is True
    assert nomination.nominee_consent is True
    assert nomination.consent_answered is not None
    assert mailoutbox == []


@pytest.mark.django_db
def test_nominate_refused_when_nominations_closed(nominator, nominee):
    cycle = CycleFactory(
        name="Old cohort", nominations_open=dt.date(2025, 3, 1), nominations_close=dt.date(2025, 4, 15)
    )
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, nominee, cycle)
    assert messages_of(caught.value) == {"cycle": ["Nominations for Old cohort closed on 15 April 2025."]}
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_nominate_refused_before_nominations_open(nominator, nominee):
    opens = timezone.localdate() + dt.timedelta(days=10)
    cycle = CycleFactory(name="Next cohort", nominations_open=opens)
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, nominee, cycle)
    assert messages_of(caught.value)["cycle"] == [
        f"Nominations for Next cohort open on {program.human(opens)}."
    ]


@pytest.mark.django_db
def test_nominate_refused_when_an_admin_moved_the_cycle_to_screening(cycle, nominator, nominee):
    to_screening(cycle)
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, nominee, cycle)
    assert messages_of(caught.value)["cycle"] == [
        f"Nominations for 2027 cohort closed on {program.human(cycle.nominations_close)}."
    ]


@pytest.mark.django_db
def test_nominate_allowed_when_an_admin_holds_a_cycle_open(nominator, nominee, admin_user):
    cycle = CycleFactory(nominations_open=dt.date(2025, 3, 1), nominations_close=dt.date(2025, 4, 15))
    program.override_phase(actor=admin_user, cycle=cycle, phase="nominations_open", reason="Extended")
    assert nominate(nominator, nominee, cycle).state == "draft"


@pytest.mark.django_db
def test_nominate_refused_for_anonymous(cycle, nominee):
    with pytest.raises(PermissionDenied):
        nominate(AnonymousUser(), nominee, cycle)


@pytest.mark.django_db
def test_nominate_unknown_track_or_cycle_is_for_the_caller_to_handle():
    with pytest.raises(ObjectDoesNotExist):
        program.get_track("astronaut")
    with pytest.raises(ObjectDoesNotExist):
        program.get_cycle("no-such-cycle")


@pytest.mark.django_db
def test_nominate_refused_for_a_peer_without_an_e_mail(cycle, nominator):
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, ContributorFactory(name="Quiet", email=""), cycle)
    assert "has no e-mail address" in messages_of(caught.value)["nominee"][0]


@pytest.mark.django_db
def test_nominate_second_live_nomination_refused_with_a_link_to_the_existing_one(
    cycle, nominator, nominee, stranger
):
    first = nominate(nominator, nominee, cycle)
    invited = UserFactory(contributor=ContributorFactory())
    invite_to_endorse(first, invited)
    with pytest.raises(ValidationError) as caught:
        nominate(invited, nominee, cycle, statement="Me too.")
    link = reverse("nominations:nomination", args=[first.pk])
    errors = messages_of(caught.value)
    assert errors["existing"] == [link]
    assert errors["nominee"] == [
        f"Nia Nominee is already nominated for Distinguished Engineer in 2027 cohort. "
        f"Endorse that nomination instead: {link}"
    ]
    # A member who may not see the draft learns whom to ask, never where it is.
    with pytest.raises(ValidationError) as caught:
        nominate(stranger, nominee, cycle, statement="Me too.")
    assert messages_of(caught.value) == {
        "nominee": [
            "Nia Nominee is already nominated for Distinguished Engineer in 2027 cohort. "
            "Ask its nominator to invite you to endorse it."
        ]
    }
    assert Nomination.objects.count() == 1


@pytest.mark.django_db
def test_nominate_same_nominee_on_another_track_or_cycle_is_allowed(cycle, nominator, nominee):
    nominate(nominator, nominee, cycle)
    api.nominate(actor=nominator, cycle=cycle, track=program.get_track("advocate"), nominee=nominee)
    nominate(nominator, nominee, CycleFactory())
    assert Nomination.objects.filter(nominee=nominee, live=True).count() == 3


@pytest.mark.django_db
def test_nominate_again_after_withdrawal_is_allowed(cycle, nominator, nominee, stranger):
    first = nominate(nominator, nominee, cycle)
    api.withdraw(actor=nominator, nomination=first, reason="Wrong track")
    second = nominate(stranger, nominee, cycle)
    assert second.pk != first.pk
    assert list(Nomination.objects.order_by("id").values_list("state", "live")) == [
        ("withdrawn", None),
        ("draft", True),
    ]


@pytest.mark.django_db
def test_nominate_statement_over_20000_characters_refused(cycle, nominator, nominee):
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, nominee, cycle, statement="x" * 20_001)
    assert messages_of(caught.value)["statement"] == [
        "Keep the statement under 20,000 characters (it has 20,001)."
    ]
    assert not Nomination.objects.exists()
    assert len(nominate(nominator, nominee, cycle, statement="x" * 20_000).statement) == 20_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": "2025-02-30"}, "date", "“2025-02-30” is not a date; use YYYY-MM-DD."),
        ({"date": "yesterday"}, "date", "“yesterday” is not a date; use YYYY-MM-DD."),
        ({"date": None}, "date", "“None” is not a date; use YYYY-MM-DD."),
        (
            # Two days ahead: still in the future when the suite runs across midnight after import.
            {"date": str(dt.date.today() + dt.timedelta(days=2))},
            "date",
            "That date is in the future; record what has happened.",
        ),
        ({"url": "javascript:alert(1)"}, "url", "Give an http:// or https:// link."),
        ({"url": "ftp://files.example.org/x"}, "url", "Give an http:// or https:// link."),
        ({"url": "data:text/html,<script>alert(1)</script>"}, "url", "Give an http:// or https:// link."),
        ({"url": ""}, "url", "Give a link to the evidence."),
        (
            {"kind": "bribe"},
            "kind",
            "Unknown kind “bribe”; choose one of the program's contribution kinds.",
        ),
        ({"title": "  "}, "title", "Give a title."),
    ],
)
def test_nominate_bad_evidence_refused_and_nothing_stored(cycle, nominator, nominee, change, field, message):
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, nominee, cycle, evidence=[EVIDENCE, {**EVIDENCE, **change}])
    assert messages_of(caught.value) == {f"evidence[1].{field}": [message]}
    assert not Nomination.objects.exists()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_nominate_evidence_that_is_not_an_object_or_too_many_refused(cycle, nominator, nominee):
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, nominee, cycle, evidence=["https://example.org"])
    assert messages_of(caught.value) == {"evidence[0]": ["Give kind, date, title and url."]}
    with pytest.raises(ValidationError) as caught:
        nominate(nominator, nominee, cycle, evidence=[EVIDENCE] * 51)
    assert messages_of(caught.value) == {"evidence": ["At most 50 evidence items."]}
    assert not Nomination.objects.exists()


@pytest.mark.django_db
def test_nominate_stores_html_in_the_statement_verbatim(cycle, nominator, nominee):
    statement = "<script>alert('x')</script> <img src=x onerror=alert(1)> & <b>bold</b>"
    nomination = nominate(nominator, nominee, cycle, statement=statement)
    nomination.refresh_from_db()
    assert nomination.statement == statement


# --- edit ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_update_nomination_while_open_is_audited(cycle, nominator, nominee, nominee_user):
    nomination = nominate(nominator, nominee, cycle)
    api.update_nomination(actor=nominator, nomination=nomination, statement="A better statement.")
    api.update_nomination(actor=nominee_user, nomination=nomination, nominee_statement="My own words.")
    api.update_nomination(actor=nominator, nomination=nomination, statement="A better statement.")
    nomination.refresh_from_db()
    assert (nomination.statement, nomination.nominee_statement) == ("A better statement.", "My own words.")
    edits = sorted(events(nomination, "nomination.edited"), key=lambda e: e.pk)
    assert [(e.actor_id, e.data) for e in edits] == [
        (nominator.pk, {"changed": ["statement"]}),
        (nominee_user.pk, {"changed": ["nominee_statement"]}),
    ]


@pytest.mark.django_db
def test_update_submitted_nomination_allowed_until_the_window_closes(cycle, nominator, nominee):
    nomination = submitted(nominator, nominee, cycle)
    api.update_nomination(actor=nominator, nomination=nomination, statement="Sharper.")
    to_screening(cycle)
    nomination = api.get_nomination(nomination.pk)
    with pytest.raises(ValidationError) as caught:
        api.update_nomination(actor=nominator, nomination=nomination, statement="Too late.")
    assert messages_of(caught.value) == {
        "cycle": [f"Nominations for 2027 cohort closed on {program.human(cycle.nominations_close)}."]
    }
    nomination.refresh_from_db()
    assert nomination.statement == "Sharper."


@pytest.mark.django_db
def test_update_nomination_after_the_window_closes_refused_naming_the_window(nominator, nominee):
    cycle = CycleFactory(name="Short cohort")
    nomination = nominate(nominator, nominee, cycle)
    with time_machine.travel(cycle.nominations_close + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            api.update_nomination(actor=nominator, nomination=nomination, statement="Late.")
        assert caught.value.message_dict["cycle"] == [
            f"Nominations for Short cohort closed on {program.human(cycle.nominations_close)}."
        ]
        with pytest.raises(ValidationError):
            api.add_evidence(actor=nominator, nomination=nomination, **EVIDENCE)
        with pytest.raises(ValidationError):
            api.remove_evidence(
                actor=nominator, nomination=nomination, evidence_id=nomination.evidence.get().pk
            )
    assert Evidence.objects.count() == 1
    assert not events(nomination, "nomination.edited")


@pytest.mark.django_db
def test_update_nomination_fields_belong_to_nominator_or_nominee(cycle, nominator, nominee, nominee_user):
    nomination = nominate(nominator, nominee, cycle)
    with pytest.raises(ValidationError) as caught:
        api.update_nomination(actor=nominee_user, nomination=nomination, statement="Mine now.")
    assert messages_of(caught.value) == {"statement": ["Only the nominator writes this."]}
    with pytest.raises(ValidationError) as caught:
        api.update_nomination(actor=nominator, nomination=nomination, nominee_statement="For her.")
    assert messages_of(caught.value) == {"nominee_statement": ["Only the nominee writes this."]}
    with pytest.raises(ValidationError) as caught:
        api.update_nomination(actor=nominator, nomination=nomination, state="submitted")
    assert messages_of(caught.value) == {"state": ["Unknown field."]}
    with pytest.raises(ValidationError) as caught:
        api.update_nomination(actor=nominator, nomination=nomination, statement="y" * 20_001)
    assert "under 20,000 characters" in messages_of(caught.value)["statement"][0]
    nomination.refresh_from_db()
    assert nomination.statement == STATEMENT


@pytest.mark.django_db
def test_update_nomination_refused_to_others_and_after_withdrawal(cycle, nominator, nominee, stranger, chair):
    nomination = nominate(nominator, nominee, cycle)
    for actor in (stranger, chair, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            api.update_nomination(actor=actor, nomination=nomination, statement="Hijack.")
        with pytest.raises(PermissionDenied):
            api.add_evidence(actor=actor, nomination=nomination, **EVIDENCE)
    api.withdraw(actor=nominator, nomination=nomination)
    with pytest.raises(TransitionError) as caught:
        api.update_nomination(actor=nominator, nomination=nomination, statement="Back.")
    assert caught.value.message_dict == {"state": ["This nomination is withdrawn; it cannot be changed now."]}


@pytest.mark.django_db
def test_add_and_remove_evidence_audited_and_checked(cycle, nominator, nominee):
    nomination = nominate(nominator, nominee, cycle, evidence=[])
    item = api.add_evidence(actor=nominator, nomination=nomination, **{**EVIDENCE, "title": " PR "})
    assert item.title == "PR"
    with pytest.raises(ValidationError) as caught:
        api.add_evidence(actor=nominator, nomination=nomination, **{**EVIDENCE, "url": "javascript:alert(1)"})
    assert messages_of(caught.value) == {"url": ["Give an http:// or https:// link."]}
    other = nominate(nominator, ContributorFactory(), cycle)
    with pytest.raises(ObjectDoesNotExist):
        api.remove_evidence(actor=nominator, nomination=nomination, evidence_id=other.evidence.get().pk)
    api.remove_evidence(actor=nominator, nomination=nomination, evidence_id=item.pk)
    assert not nomination.evidence.exists()
    assert other.evidence.count() == 1
    assert [e.data for e in events(nomination, "nomination.evidence_added")] == [{"evidence": item.pk}]
    assert [e.data for e in events(nomination, "nomination.evidence_removed")] == [{"evidence": item.pk}]


# --- consent -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_consent_by_the_signed_in_nominee_accepts_and_tells_the_nominator(
    cycle, nominator, nominee, nominee_user, client, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = nominate(nominator, nominee, cycle)
    with django_capture_on_commit_callbacks(execute=True):
        api.answer_consent(
            actor=nominee_user, nomination=nomination, consent=True, list_publicly=True, addition="Thank you!"
        )
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.nominee_statement, nomination.state) == (
        True,
        "Thank you!",
        "draft",
    )
    [event] = events(nomination, "nomination.consent_given")
    assert (event.actor_id, event.from_state, event.to_state) == (nominee_user.pk, "draft", "draft")
    message = mail_to(mailoutbox, nominator.email)
    assert message.subject == "Nia Nominee answered your nomination: accepted"
    assert "Gather endorsements and submit it before" in message.body
    assert "withdrawn" not in message.body
    client.force_login(nominator)
    response = client.get(link_in(message))
    assert response.status_code == 200
    assert response.context["nomination"] == nomination


@pytest.mark.django_db
def test_consent_by_the_e_mailed_token_without_an_account(cycle, nominator, nominee):
    nomination = nominate(nominator, nominee, cycle)
    api.answer_consent(
        actor=AnonymousUser(),
        nomination=nomination,
        consent=True,
        list_publicly=True,
        token=consent_token(nomination),
    )
    nomination.refresh_from_db()
    assert nomination.nominee_consent is True
    [event] = events(nomination, "nomination.consent_given")
    assert event.actor_id is None


@pytest.mark.django_db
def test_consent_by_token_links_the_profile_to_a_signed_in_account_without_one(cycle, nominator, nominee):
    nomination = nominate(nominator, nominee, cycle)
    account = UserFactory(username="nia2", email="nia@example.org")
    api.answer_consent(
        actor=account,
        nomination=nomination,
        consent=True,
        list_publicly=True,
        token=consent_token(nomination),
    )
    account.refresh_from_db()
    assert account.contributor == nominee


@pytest.mark.django_db
def test_consent_refused_to_anyone_else(cycle, nominator, nominee, stranger, chair):
    nomination = nominate(nominator, nominee, cycle)
    with pytest.raises(PermissionDenied):
        api.answer_consent(actor=nominator, nomination=nomination, consent=True, list_publicly=True)
    # Whoever may not see the draft learns nothing of it.
    for actor in (stranger, chair, AnonymousUser()):
        with pytest.raises(ObjectDoesNotExist):
            api.answer_consent(actor=actor, nomination=nomination, consent=True, list_publicly=True)
    nomination.refresh_from_db()
    assert nomination.nominee_consent is None


@pytest.mark.django_db
def test_consent_token_for_another_nomination_or_purpose_rejected(cycle, nominator, nominee, stranger):
    nomination = nominate(nominator, nominee, cycle)
    other = nominate(nominator, ContributorFactory(email="other@example.org"), cycle)
    bad_tokens = [
        consent_token(other),
        api.invitation_token(nomination, "endorse", nominee.email),
        consent_token(nomination)[:-2] + "xx",
        "not-a-token",
    ]
    for token in bad_tokens:
        assert not api.verify_token(token, nomination, "consent")
        with pytest.raises(ObjectDoesNotExist):
            api.answer_consent(
                actor=stranger, nomination=nomination, consent=True, list_publicly=True, token=token
            )
    assert api.verify_token(consent_token(nomination), nomination, "consent")
    nomination.refresh_from_db()
    assert nomination.nominee_consent is None


@pytest.mark.django_db
def test_consent_token_expires_after_60_days(cycle, nominator, nominee):
    nomination = nominate(nominator, nominee, cycle)
    token = consent_token(nomination)
    with time_machine.travel(timezone.now() + dt.timedelta(days=59)):
        assert api.verify_token(token, nomination, "consent")
    with time_machine.travel(timezone.now() + dt.timedelta(days=61)):
        assert not api.verify_token(token, nomination, "consent")


@pytest.mark.django_db
def test_consent_cannot_be_given_twice(cycle, nominator, nominee, nominee_user):
    nomination = nominate(nominator, nominee, cycle)
    api.answer_consent(actor=nominee_user, nomination=nomination, consent=True, list_publicly=True)
    with pytest.raises(TransitionError) as caught:
        api.answer_consent(actor=nominee_user, nomination=nomination, consent=False)
    assert caught.value.message_dict == {"state": ["The nominee already accepted this nomination."]}
    stale = Nomination.objects.get(pk=nomination.pk)
    stale.nominee_consent = None  # a second request that read the row before the first answer
    with pytest.raises(TransitionError):
        api.answer_consent(actor=nominee_user, nomination=stale, consent=False)
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.state) == (True, "draft")


@pytest.mark.django_db
def test_consent_not_asked_of_a_self_nomination(cycle, nominator):
    nomination = nominate(nominator, nominator.contributor, cycle)
    with pytest.raises(TransitionError) as caught:
        api.answer_consent(actor=nominator, nomination=nomination, consent=True, list_publicly=True)
    assert caught.value.message_dict == {"state": ["A self-nomination needs no consent."]}


@pytest.mark.django_db
def test_consent_declined_withdraws_and_frees_the_nominee(
    cycle, nominator, nominee, stranger, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = nominate(nominator, nominee, cycle)
    with django_capture_on_commit_callbacks(execute=True):
        api.answer_consent(
            actor=AnonymousUser(), nomination=nomination, consent=False, token=consent_token(nomination)
        )
    nomination.refresh_from_db()
    assert (nomination.nominee_consent, nomination.state, nomination.live) == (False, "withdrawn", None)
    [event] = events(nomination, "nomination.consent_declined")
    assert (event.from_state, event.to_state) == ("draft", "withdrawn")
    message = mail_to(mailoutbox, nominator.email)
    assert message.subject == "Nia Nominee answered your nomination: declined"
    assert "The nomination is withdrawn." in message.body
    assert "Gather endorsements" not in message.body
    assert nominate(stranger, nominee, cycle).state == "draft"


@pytest.mark.django_db
def test_consent_refused_on_a_withdrawn_nomination_and_with_a_bad_answer(
    cycle, nominator, nominee, nominee_user
):
    nomination = nominate(nominator, nominee, cycle)
    with pytest.raises(ValidationError) as caught:
        api.answer_consent(actor=nominee_user, nomination=nomination, consent="yes")
    assert messages_of(caught.value) == {"consent": ["Answer true (accept) or false (decline)."]}
    with pytest.raises(ValidationError) as caught:
        api.answer_consent(
            actor=nominee_user, nomination=nomination, consent=True, list_publicly=True, addition="z" * 20_001
        )
    assert "addition" in messages_of(caught.value)
    api.withdraw(actor=nominator, nomination=nomination)
    with pytest.raises(TransitionError) as caught:
        api.answer_consent(actor=nominee_user, nomination=nomination, consent=True, list_publicly=True)
    assert caught.value.message_dict == {
        "state": ["This nomination is withdrawn; it cannot be answered now."]
    }


# --- endorsements --------------------------------------------------------------------------


@pytest.mark.django_db
def test_endorse_once_by_a_member_with_a_profile_is_audited_and_mailed(
    cycle, nominator, nominee, nominee_user, stranger, client, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accepted(nominator, nominee, cycle)
    invite_to_endorse(nomination, stranger)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        endorsement = api.endorse(
            actor=stranger,
            nomination=nomination,
            relationship="  Reviewed her PRs  ",
            statement=" Great work. ",
            visible_to_nominee=False,
        )
    assert (endorsement.relationship, endorsement.statement, endorsement.visible_to_nominee) == (
        "Reviewed her PRs",
        "Great work.",
        False,
    )
    [event] = events(nomination, "nomination.endorsed")
    assert (event.actor_id, event.data) == (stranger.pk, {"endorsement": endorsement.pk})
    assert sorted(address for m in mailoutbox for address in m.to) == ["nia@example.org", nominator.email]
    for user in (nominator, nominee_user):
        message = mail_to(mailoutbox, user.email)
        assert message.subject == "Sam Stranger endorsed the nomination of Nia Nominee"
        client.force_login(user)
        assert client.get(link_in(message)).context["nomination"] == nomination
    with pytest.raises(ValidationError) as caught:
        api.endorse(actor=stranger, nomination=nomination, relationship="Again", statement="Again.")
    assert messages_of(caught.value) == {"endorser": ["You have already endorsed this nomination."]}
    assert Endorsement.objects.count() == 1


@pytest.mark.django_db
def test_endorse_refused_to_the_nominee_and_the_nominator(cycle, nominator, nominee, nominee_user):
    nomination = accepted(nominator, nominee, cycle)
    with pytest.raises(PermissionDenied, match="Nominees cannot endorse themselves"):
        api.endorse(actor=nominee_user, nomination=nomination, relationship="Me", statement="Me.")
    with pytest.raises(PermissionDenied, match="nominator cannot endorse"):
        api.endorse(actor=nominator, nomination=nomination, relationship="Friend", statement="Yes.")
    with pytest.raises(PermissionDenied):
        api.endorse(actor=AnonymousUser(), nomination=nomination, relationship="Friend", statement="Yes.")
    assert not Endorsement.objects.exists()


@pytest.mark.django_db
def test_endorse_needs_a_profile_a_relationship_and_a_statement(cycle, nominator, nominee, stranger):
    nomination = accepted(nominator, nominee, cycle)
    no_profile = UserFactory()
    invite_to_endorse(nomination, no_profile)
    invite_to_endorse(nomination, stranger)
    with pytest.raises(ValidationError) as caught:
        api.endorse(actor=no_profile, nomination=nomination, relationship="Colleague", statement="Yes.")
    assert messages_of(caught.value)["endorser"][0].startswith("Create your contributor profile first")
    with pytest.raises(ValidationError) as caught:
        api.endorse(actor=stranger, nomination=nomination, relationship="  ", statement="")
    errors = messages_of(caught.value)
    assert set(errors) == {"relationship", "statement"}
    assert errors["statement"] == ["Write your endorsement."]
    with pytest.raises(ValidationError) as caught:
        api.endorse(actor=stranger, nomination=nomination, relationship="r" * 201, statement="s" * 5001)
    assert set(messages_of(caught.value)) == {"relationship", "statement"}
    assert not Endorsement.objects.exists()


@pytest.mark.django_db
def test_endorse_refused_once_the_nomination_is_withdrawn(cycle, nominator, nominee, stranger):
    nomination = accepted(nominator, nominee, cycle)
    invited = UserFactory(contributor=ContributorFactory())
    invite_to_endorse(nomination, invited)
    api.withdraw(actor=nominator, nomination=nomination)
    with pytest.raises(TransitionError) as caught:
        api.endorse(actor=invited, nomination=nomination, relationship="Colleague", statement="Yes.")
    assert caught.value.message_dict == {
        "state": ["This nomination is withdrawn; it cannot be endorsed now."]
    }
    # Anyone else learns nothing, not even that it is withdrawn.
    with pytest.raises(Nomination.DoesNotExist):
        api.endorse(actor=stranger, nomination=nomination, relationship="Colleague", statement="Yes.")
    assert not Endorsement.objects.exists()


@pytest.mark.django_db
def test_endorse_needs_the_right_to_see_the_nomination_and_never_grants_it(
    cycle, nominator, nominee, stranger, client
):
    nomination = accepted(nominator, nominee, cycle)
    with pytest.raises(Nomination.DoesNotExist):
        api.endorse(actor=stranger, nomination=nomination, relationship="Colleague", statement="Yes.")
    assert not Endorsement.objects.exists()
    assert not stranger.has_perm("nominations.view_nomination", api.get_nomination(nomination.pk))
    assert nomination not in api.nominations_for(stranger)
    client.force_login(stranger)
    assert client.get(reverse("nominations:nomination", args=[nomination.pk])).status_code == 404


@pytest.mark.django_db
def test_request_endorsements_sends_each_invitee_a_working_signed_link(
    cycle, nominator, nominee, stranger, client, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accepted(nominator, nominee, cycle)
    with django_capture_on_commit_callbacks(execute=True):
        requests = api.request_endorsements(
            actor=nominator,
            nomination=nomination,
            emails=[" sam@example.org ", "erin@example.org", "sam@example.org", ""],
            message="Would you?",
        )
    assert [r.email for r in requests] == ["sam@example.org", "erin@example.org"]
    assert EndorsementRequest.objects.count() == 2
    [event] = events(nomination, "nomination.endorsements_requested")
    assert event.data == {"emails": ["sam@example.org", "erin@example.org"]}
    assert len(mailoutbox) == 2
    message = mail_to(mailoutbox, "sam@example.org")
    assert message.subject == "Would you endorse Nia Nominee as a Distinguished Engineer?"
    assert "Would you?" in message.body
    path = link_in(message)
    assert path.startswith(reverse("nominations:nomination", args=[nomination.pk]) + "?token=")
    client.force_login(UserFactory(email="sam@example.org", contributor=ContributorFactory()))
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["can_endorse"] is True
    assert "Endorse Nia Nominee" in response.content.decode()


@pytest.mark.django_db
def test_request_endorsements_by_the_nominee_too(cycle, nominator, nominee, nominee_user):
    nomination = accepted(nominator, nominee, cycle)
    assert (
        len(api.request_endorsements(actor=nominee_user, nomination=nomination, emails=["x@example.org"]))
        == 1
    )


@pytest.mark.django_db
def test_request_endorsements_refused_to_anyone_else(cycle, nominator, nominee, stranger, chair):
    nomination = accepted(nominator, nominee, cycle)
    endorse_as_invited(actor=stranger, nomination=nomination, relationship="Colleague", statement="Yes.")
    for actor in (stranger, chair, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            api.request_endorsements(actor=actor, nomination=nomination, emails=["x@example.org"])
    assert list(EndorsementRequest.objects.values_list("email", flat=True)) == [stranger.email]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("emails", "message"),
    [
        ([], "Give at least one e-mail address."),
        (["  "], "Give at least one e-mail address."),
        (["not-an-address"], "“not-an-address” is not an e-mail address."),
        (["ok@example.org", "a@b@c"], "“a@b@c” is not an e-mail address."),
        ([f"p{i}@example.org" for i in range(11)], "Ask at most 10 people at a time."),
        (["NORA@example.org"], "The nominator and the nominee cannot endorse their own nomination."),
        (["nia@example.org"], "The nominator and the nominee cannot endorse their own nomination."),
    ],
)
def test_request_endorsements_bad_addresses_refused_and_nothing_sent(
    cycle, nominator, nominee, emails, message, mailoutbox, django_capture_on_commit_callbacks
):
    nominator.email = "nora@example.org"
    nominator.save()
    nomination = accepted(nominator, nominee, cycle)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as caught:
        api.request_endorsements(actor=nominator, nomination=nomination, emails=emails)
    assert message in messages_of(caught.value)["emails"]
    assert not EndorsementRequest.objects.exists()
    assert not [m for m in mailoutbox if "endorse" in m.subject]


@pytest.mark.django_db
def test_request_endorsements_ten_at_a_time_allowed(cycle, nominator, nominee):
    nomination = accepted(nominator, nominee, cycle)
    emails = [f"p{i}@example.org" for i in range(10)]
    assert len(api.request_endorsements(actor=nominator, nomination=nomination, emails=emails)) == 10


@pytest.mark.django_db
def test_request_endorsements_asks_each_address_once_whatever_its_case(
    cycle, nominator, nominee, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accepted(nominator, nominee, cycle)
    emails = ["Sam@Example.org", "sam@example.org", "SAM@EXAMPLE.ORG"] + [
        f"p{i}@example.org" for i in range(9)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        requests = api.request_endorsements(actor=nominator, nomination=nomination, emails=emails)
    assert [r.email for r in requests][:2] == ["Sam@Example.org", "p0@example.org"]
    assert len(requests) == 10
    assert len([m for m in mailoutbox if "endorse" in m.subject]) == 10


@pytest.mark.django_db
def test_request_endorsements_names_every_problem_at_once(cycle, nominator, nominee):
    nomination = accepted(nominator, nominee, cycle)
    emails = [f"p{i}@example.org" for i in range(11)] + ["nope"]
    with pytest.raises(ValidationError) as caught:
        api.request_endorsements(actor=nominator, nomination=nomination, emails=emails)
    assert messages_of(caught.value)["emails"] == [
        "Ask at most 10 people at a time.",
        "“nope” is not an e-mail address.",
    ]


# --- submit --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_submit_moves_draft_to_submitted_audited_and_mailed(
    cycle, nominator, nominee, nominee_user, client, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = accepted(nominator, nominee, cycle)
    with django_capture_on_commit_callbacks(execute=True):
        api.submit_nomination(actor=nominator, nomination=nomination)
    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    assert nomination.submitted is not None
    [event] = events(nomination, "nomination.submitted")
    assert (event.actor_id, event.from_state, event.to_state) == (nominator.pk, "draft", "submitted")
    assert sorted(address for m in mailoutbox for address in m.to) == ["nia@example.org", nominator.email]
    for user in (nominator, nominee_user):
        message = mail_to(mailoutbox, user.email)
        assert message.subject == "Nomination submitted: Nia Nominee, Distinguished Engineer"
        client.force_login(user)
        response = client.get(link_in(message))
        assert response.status_code == 200
        assert response.context["nomination"] == nomination


@pytest.mark.django_db
def test_submit_names_every_unmet_rule(cycle, nominator, nominee):
    nomination = nominate(nominator, nominee, cycle, statement="  ", evidence=[])
    to_screening(cycle)
    with pytest.raises(ValidationError) as caught:
        api.submit_nomination(actor=nominator, nomination=api.get_nomination(nomination.pk))
    errors = messages_of(caught.value)
    assert errors == {
        "cycle": [f"Nominations for 2027 cohort closed on {program.human(cycle.nominations_close)}."],
        "consent": ["Nia Nominee has not accepted the nomination yet."],
        "statement": ["Write the statement: why this nominee, in the track's own terms."],
        "evidence": ["Add at least one piece of evidence with a link."],
    }
    nomination.refresh_from_db()
    assert nomination.state == "draft"
    assert not events(nomination, "nomination.submitted")


@pytest.mark.django_db
def test_submit_refused_after_the_nominee_declined(cycle, nominator, nominee):
    nomination = nominate(nominator, nominee, cycle)
    api.answer_consent(
        actor=AnonymousUser(), nomination=nomination, consent=False, token=consent_token(nomination)
    )
    with pytest.raises(TransitionError) as caught:
        api.submit_nomination(actor=nominator, nomination=nomination)
    assert caught.value.message_dict == {
        "state": ["This nomination is withdrawn; it cannot be submitted now."]
    }


@pytest.mark.django_db
def test_submit_only_by_the_nominator_and_only_once(cycle, nominator, nominee, nominee_user, chair):
    nomination = accepted(nominator, nominee, cycle)
    for actor in (nominee_user, chair, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            api.submit_nomination(actor=actor, nomination=nomination)
    api.submit_nomination(actor=nominator, nomination=nomination)
    with pytest.raises(TransitionError) as caught:
        api.submit_nomination(actor=nominator, nomination=nomination)
    assert caught.value.message_dict == {
        "state": ["This nomination is submitted; it cannot be submitted now."]
    }
    stale = Nomination.objects.get(pk=nomination.pk)
    stale.state = "draft"  # a second request that read the row before the first submission
    with pytest.raises(TransitionError):
        api.submit_nomination(actor=nominator, nomination=stale)
    assert len(events(nomination, "nomination.submitted")) == 1


@pytest.mark.django_db
def test_submit_self_nomination_needs_no_consent(cycle, nominator):
    nomination = nominate(nominator, nominator.contributor, cycle)
    assert api.submit_nomination(actor=nominator, nomination=nomination).state == "submitted"


# --- withdraw ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["nominator", "nominee"])
def test_withdraw_by_nominator_or_nominee_is_audited_and_tells_the_other(
    who, cycle, nominator, nominee, nominee_user, client, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = submitted(nominator, nominee, cycle)
    actor, other = (nominator, nominee_user) if who == "nominator" else (nominee_user, nominator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.withdraw(actor=actor, nomination=nomination, reason="Next year.")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.live) == ("withdrawn", None)
    [event] = events(nomination, "nomination.withdrawn")
    assert (event.actor_id, event.from_state, event.to_state, event.reason) == (
        actor.pk,
        "submitted",
        "withdrawn",
        "Next year.",
    )
    assert [m.to for m in mailoutbox] == [[other.email]]
    message = mailoutbox[0]
    assert message.subject == "Nomination withdrawn: Nia Nominee, Distinguished Engineer"
    assert "Reason: Next year." in message.body
    client.force_login(other)
    assert client.get(link_in(message)).context["nomination"] == nomination


@pytest.mark.django_db
def test_withdraw_refused_to_anyone_else(cycle, nominator, nominee, stranger, chair, admin_user):
    nomination = accepted(nominator, nominee, cycle)
    endorse_as_invited(actor=stranger, nomination=nomination, relationship="Colleague", statement="Yes.")
    for actor in (stranger, chair, admin_user, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            api.withdraw(actor=actor, nomination=api.get_nomination(nomination.pk))
    nomination.refresh_from_db()
    assert nomination.state == "draft"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["eligible", "ineligible", "in_review", "selected", "withdrawn"])
def test_withdraw_only_from_draft_or_submitted(state, cycle, nominator, nominee):
    nomination = accepted(nominator, nominee, cycle)
    Nomination.objects.filter(pk=nomination.pk).update(state=state)
    nomination.refresh_from_db()
    # The nominator reads an untold decision as in review, in the refusal too.
    label = "in review" if state == "selected" else nomination.get_state_display().lower()
    with pytest.raises(TransitionError) as caught:
        api.withdraw(actor=nominator, nomination=nomination)
    assert caught.value.message_dict == {
        "state": [f"This nomination is {label}; it cannot be withdrawn now."]
    }
    nomination.refresh_from_db()
    assert nomination.state == state


# --- screening -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("screener", ["chair", "admin_user"])
def test_screen_eligible_by_chair_or_admin_in_screening_audited_and_mailed(
    screener,
    request,
    cycle,
    nominator,
    nominee,
    nominee_user,
    client,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    actor = request.getfixturevalue(screener)
    nomination = submitted(nominator, nominee, cycle)
    to_screening(cycle)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.screen(actor=actor, nomination=api.get_nomination(nomination.pk), eligible=True)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.screened_by, nomination.screening_reason) == ("eligible", actor, "")
    [event] = events(nomination, "nomination.screened")
    assert (event.actor_id, event.from_state, event.to_state) == (actor.pk, "submitted", "eligible")
    assert sorted(address for m in mailoutbox for address in m.to) == ["nia@example.org", nominator.email]
    for user in (nominator, nominee_user):
        message = mail_to(mailoutbox, user.email)
        assert message.subject == "Eligible: the nomination of Nia Nominee as a Distinguished Engineer"
        assert "It goes on to the panel's impact evaluation." in message.body
        assert "nominated again" not in message.body
        client.force_login(user)
        assert client.get(link_in(message)).context["nomination"] == nomination


@pytest.mark.django_db
def test_screen_ineligible_needs_a_reason_which_reaches_the_nominee(
    cycle, nominator, nominee, chair, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = submitted(nominator, nominee, cycle)
    to_screening(cycle)
    nomination = api.get_nomination(nomination.pk)
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            api.screen(actor=chair, nomination=nomination, eligible=False, reason=reason)
        assert messages_of(caught.value) == {
            "reason": ["Say why the nomination is ineligible; the nominee reads it."]
        }
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        api.screen(actor=chair, nomination=nomination, eligible=False, reason=" Only 1 endorsement. ")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.screening_reason) == ("ineligible", "Only 1 endorsement.")
    [event] = events(nomination, "nomination.screened")
    assert (event.from_state, event.to_state, event.reason) == (
        "submitted",
        "ineligible",
        "Only 1 endorsement.",
    )
    message = mail_to(mailoutbox, "nia@example.org")
    assert message.subject.startswith("Not eligible:")
    assert "The panel's reason: Only 1 endorsement." in message.body
    assert "You may be nominated again in a later cycle." in message.body
    assert "impact evaluation" not in message.body


@pytest.mark.django_db
def test_screen_decision_can_be_corrected_during_screening(cycle, nominator, nominee, chair):
    nomination = submitted(nominator, nominee, cycle)
    to_screening(cycle)
    nomination = api.get_nomination(nomination.pk)
    api.screen(actor=chair, nomination=nomination, eligible=False, reason="Too few endorsements.")
    api.screen(actor=chair, nomination=nomination, eligible=True)
    nomination.refresh_from_db()
    assert (nomination.state, nomination.screening_reason) == ("eligible", "")
    assert [
        (e.from_state, e.to_state)
        for e in sorted(events(nomination, "nomination.screened"), key=lambda e: e.pk)
    ] == [
        ("submitted", "ineligible"),
        ("ineligible", "eligible"),
    ]


@pytest.mark.django_db
def test_screen_refused_to_panelists_nominators_and_members(cycle, nominator, nominee, panelist, stranger):
    nomination = submitted(nominator, nominee, cycle)
    to_screening(cycle)
    with pytest.raises(PermissionDenied):
        api.screen(actor=nominator, nomination=nomination, eligible=True)
    # Those who may not see it learn nothing more than that there is no such nomination.
    for actor in (panelist, stranger, AnonymousUser()):
        with pytest.raises(ObjectDoesNotExist):
            api.screen(actor=actor, nomination=nomination, eligible=True)
    nomination.refresh_from_db()
    assert nomination.state == "submitted"


@pytest.mark.django_db
def test_screen_only_in_the_screening_phase(cycle, nominator, nominee, chair):
    nomination = submitted(nominator, nominee, cycle)
    with pytest.raises(ValidationError) as caught:
        api.screen(actor=chair, nomination=nomination, eligible=True)
    assert messages_of(caught.value) == {
        "cycle": ["2027 cohort is in the nominations open phase; screening happens in the screening phase."]
    }
    to_screening(cycle, "review")
    with pytest.raises(ValidationError) as caught:
        api.screen(actor=chair, nomination=api.get_nomination(nomination.pk), eligible=True)
    assert "in the review phase" in messages_of(caught.value)["cycle"][0]
    nomination.refresh_from_db()
    assert nomination.state == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "withdrawn", "in_review"])
def test_screen_only_from_submitted_or_a_screening_decision(
    state, cycle, nominator, nominee, chair, admin_user
):
    nomination = accepted(nominator, nominee, cycle)
    submitted_at = None if state != "in_review" else timezone.now()
    Nomination.objects.filter(pk=nomination.pk).update(state=state, submitted=submitted_at)
    nomination.refresh_from_db()
    to_screening(cycle)
    with pytest.raises(TransitionError) as caught:
        api.screen(actor=admin_user, nomination=nomination, eligible=True)
    label = nomination.get_state_display().lower()
    assert caught.value.message_dict == {"state": [f"This nomination is {label}; it cannot be screened now."]}
    if submitted_at is None:
        # A nomination never submitted is no business of the chair's: it does not exist for them.
        with pytest.raises(Nomination.DoesNotExist):
            api.screen(actor=chair, nomination=nomination, eligible=True)


# --- the mails say names as they are typed ---------------------------------------------------


@pytest.mark.django_db
def test_mails_are_plain_text_without_html_escapes(
    cycle, nominator, mailoutbox, django_capture_on_commit_callbacks
):
    org = OrganizationFactory(name="Smith & Jones")
    nominee = ContributorFactory(name="Seán O'Brien", email="sean@example.org", organization=org)
    nominator.name = 'Nora "N" <Nominator>'
    nominator.save()
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominate(nominator, nominee, cycle)
        api.request_endorsements(
            actor=nominator,
            nomination=nomination,
            emails=["e@example.org"],
            message="Tom & Jerry's <b>view</b>",
        )
    consent, request_mail = mail_to(mailoutbox, "sean@example.org"), mail_to(mailoutbox, "e@example.org")
    assert consent.subject == """Nora "N" <Nominator> nominated you as a Distinguished Engineer"""
    assert "Hello Seán O'Brien," in consent.body
    assert request_mail.subject == "Would you endorse Seán O'Brien as a Distinguished Engineer?"
    assert "Tom & Jerry's <b>view</b>" in request_mail.body
    for message in (consent, request_mail):
        assert "&#x27;" not in message.body + message.subject
        assert "&amp;" not in message.body + message.subject
        assert "&quot;" not in message.body + message.subject
        assert "&lt;" not in message.body + message.subject
