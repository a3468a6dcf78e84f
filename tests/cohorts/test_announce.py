"""The announcement: memberships from the day of the announcement, awarded nominations, one e-mail
per outcome (feedback in, the panel's rationale never), deferred nominations carried to the next
cycle's screening, and never twice."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from distinguished.audit.models import AuditEvent
from distinguished.cohorts import api
from distinguished.cohorts.models import Announcement, Award
from distinguished.membership import api as membership
from distinguished.membership.models import Membership
from distinguished.nominations import api as nominations
from distinguished.nominations.models import Nomination
from distinguished.program import api as program

from ..factories import DraftNominationFactory
from .conftest import ANNOUNCEMENT_DAY, RATIONALE, at, decided, next_cycle

pytestmark = pytest.mark.django_db


def trail() -> int:
    return AuditEvent.objects.aggregate(last=Max("id"))["last"] or 0


@pytest.fixture
def signed(cycle, decided_list, approver):
    api.sign_off_cycle(actor=approver, cycle=cycle)
    return decided_list


def announce(actor, capture=None):
    """Announce the 2025 cohort on 1 July 2025, running the e-mails' on-commit callbacks."""
    with at(ANNOUNCEMENT_DAY):
        cycle = program.get_cycle("2025")
        if capture is None:
            return api.announce_cycle(actor=actor, cycle=cycle)
        with capture(execute=True):
            return api.announce_cycle(actor=actor, cycle=cycle)


def test_announcing_creates_two_year_memberships_from_the_day_and_awards_the_nominations(
    signed, admin_user, django_capture_on_commit_callbacks
):
    announced = announce(admin_user, django_capture_on_commit_callbacks)
    assert announced.date == dt.date(2025, 7, 1)
    terms = {m.contributor.name: m for m in Membership.objects.select_related("contributor", "track")}
    assert set(terms) == {"Ana Lima", "Bo Chen"}
    for term in terms.values():
        assert (term.start, term.end, term.cycle.slug) == (dt.date(2025, 7, 1), dt.date(2027, 6, 30), "2025")
    assert terms["Bo Chen"].track.code == "advocate"
    states = dict(Nomination.objects.filter(cycle__slug="2025").values_list("nominee__name", "state"))
    assert states == {
        "Ana Lima": "awarded",
        "Bo Chen": "awarded",
        "Cy Diallo": "declined",
        "Di Novak": "deferred",
    }
    assert {(a.nomination_id, a.membership_id) for a in Award.objects.all()} == {
        (signed["ana"].pk, terms["Ana Lima"].pk),
        (signed["bo"].pk, terms["Bo Chen"].pk),
    }
    assert [m.pk for m in api.memberships_of(announced)] == [terms["Ana Lima"].pk, terms["Bo Chen"].pk]
    event = AuditEvent.objects.get(verb="cycle.announced")
    assert (event.actor_id, event.from_state, event.to_state) == (admin_user.pk, "approval", "announced")
    assert sorted(event.data["memberships"]) == sorted(m.pk for m in terms.values())
    assert AuditEvent.objects.filter(verb="nomination.awarded").count() == 2
    assert AuditEvent.objects.filter(verb="membership.recorded").count() == 2
    # The dates say “announced” on 1 July: the cycle follows its dates again.
    assert program.get_cycle("2025").phase_override == ""


def test_each_outcome_is_mailed_to_nominee_and_nominator_without_the_rationale(
    signed, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    announce(admin_user, django_capture_on_commit_callbacks)
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    ana, cy, di = signed["ana"], signed["cy"], signed["di"]
    assert set(by_recipient) == {
        "ana.lima@example.org",
        ana.nominator.email,
        "bo.chen@example.org",
        signed["bo"].nominator.email,
        "cy.diallo@example.org",
        cy.nominator.email,
        "di.novak@example.org",
        di.nominator.email,
    }
    for mail in mailoutbox:
        assert len(mail.to) == 1
        assert RATIONALE not in mail.subject + mail.body, mail.subject
    selected = by_recipient["ana.lima@example.org"]
    assert selected.subject.startswith("Congratulations: Ana Lima is an Open edX Distinguished Contributor")
    assert "from 1 July 2025 to 30 June 2027" in selected.body
    assert f"/directory/{ana.nominee_id}/" in selected.body
    assert "Outstanding reviews." in selected.body
    assert "/cycles/2025/announcement/" in selected.body
    nominator = by_recipient[ana.nominator.email]
    assert "Ana Lima is an Open edX Distinguished Contributor" in nominator.subject
    assert "The review panel selected Ana Lima" in nominator.body
    # The nominee's own line (their listing choice) is not the nominator's.
    assert "You may change that" in selected.body and "You may change that" not in nominator.body
    declined = by_recipient["cy.diallo@example.org"]
    assert "did not select it" in declined.body and "Show more mentoring." in declined.body
    deferred = by_recipient["di.novak@example.org"]
    assert "Deferred to the next cycle" in deferred.subject
    assert "Come back with the 2026 release." in deferred.body
    assert "carried to the next cycle's screening" in deferred.body
    # No next cycle yet: it will move when one is set up.
    assert "as soon as the next cycle is set up" in deferred.body
    bo = by_recipient["bo.chen@example.org"]
    # Bo was not asked (a nomination from before the question): not listed, and nothing claims he chose it.
    assert "You are not listed in the public directory; your profile stays private." in bo.body
    assert "on your profile page: http://" in bo.body and "/people/me/" in bo.body
    assert f"/nominations/{signed['bo'].pk}/" in bo.body


def test_a_self_nominee_gets_one_message(
    cycle, chair, approver, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    from ..factories import UserFactory

    nomination = decided(cycle, "Sol Vega", "selected", chair=chair)
    nominator = UserFactory(email="sol@work.example.org", contributor=nomination.nominee)
    Nomination.objects.filter(pk=nomination.pk).update(nominator=nominator, self_nomination=True)
    api.sign_off_cycle(actor=approver, cycle=cycle)
    announce(admin_user, django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["sol.vega@example.org"]]


def test_announcing_before_sign_off_is_refused_and_creates_nothing(
    cycle, decided_list, admin_user, mailoutbox
):
    last = trail()
    with pytest.raises(ValidationError) as refused:
        announce(admin_user)
    assert refused.value.message_dict["state"] == [
        "The final list of 2025 cohort is not signed off yet; the approver signs it off before it is announced."
    ]
    assert not Membership.objects.exists() and not Announcement.objects.exists()
    assert trail() == last and mailoutbox == []


@pytest.mark.parametrize("who", ["approver", "chair", "member"])
def test_only_admins_announce(signed, request, who):
    last = trail()
    with pytest.raises(PermissionDenied, match="Only program admins announce"):
        announce(request.getfixturevalue(who))
    assert not Membership.objects.exists() and trail() == last


def test_announcing_twice_creates_nothing_twice(
    signed, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    announce(admin_user, django_capture_on_commit_callbacks)
    sent, last = len(mailoutbox), trail()
    with pytest.raises(
        api.AlreadyDone, match="was announced on 1 July 2025; announcing again would create nothing"
    ):
        announce(admin_user, django_capture_on_commit_callbacks)
    assert (
        Membership.objects.count() == 2 and Announcement.objects.count() == 1 and Award.objects.count() == 2
    )
    assert len(mailoutbox) == sent and trail() == last
    assert Nomination.objects.filter(carried_from__isnull=False).count() == 0


def test_an_overlapping_term_refuses_the_whole_announcement(signed, admin_user, mailoutbox):
    ana = signed["ana"]
    membership.record_term(
        actor=admin_user, contributor=ana.nominee, track=ana.track, start=dt.date(2025, 1, 1)
    )
    last = trail()
    with pytest.raises(ValidationError) as refused:
        announce(admin_user)
    [message] = refused.value.message_dict["memberships"]
    assert message.startswith(
        "Ana Lima (Distinguished Engineer): Ana Lima is already a Distinguished Engineer from 1 January 2025"
    )
    # Nothing half done: Bo Chen's membership was rolled back with the rest.
    assert Membership.objects.count() == 1 and not Announcement.objects.exists()
    assert set(Nomination.objects.filter(state="approved").values_list("pk", flat=True)) == {
        ana.pk,
        signed["bo"].pk,
    }
    assert trail() == last and mailoutbox == []


def test_rest_announce(signed, client_for, admin_user, approver):
    url = "/api/v1/cycles/2025/announce/"
    with at(ANNOUNCEMENT_DAY):
        assert client_for(None).post(url).status_code == 401
        assert client_for(approver).post(url).status_code == 403
        done = client_for(admin_user).post(url)
        assert done.status_code == 200, done.json()
        memberships = done.json()["memberships"]
        assert [(m["contributor"]["name"], m["track"], m["start"], m["end"]) for m in memberships] == [
            ("Ana Lima", "engineer", "2025-07-01", "2027-06-30"),
            ("Bo Chen", "advocate", "2025-07-01", "2027-06-30"),
        ]
        assert memberships[0]["nomination"] == signed["ana"].pk and memberships[0]["cycle"] == "2025"
        again = client_for(admin_user).post(url)
    assert again.status_code == 409
    assert again.json() == {
        "detail": "2025 cohort was announced on 1 July 2025; announcing again would create nothing."
    }
    assert Membership.objects.count() == 2


def test_rest_announce_before_sign_off_is_a_400(cycle, decided_list, client_for, admin_user):
    answer = client_for(admin_user).post("/api/v1/cycles/2025/announce/")
    assert answer.status_code == 400
    assert "not signed off yet" in answer.json()["state"][0]
    assert client_for(admin_user).post("/api/v1/cycles/nope/announce/").status_code == 404


# --- Carrying deferred nominations ---------------------------------------------------------------


def test_a_deferred_nomination_is_carried_into_the_next_cycles_screening(
    signed, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    following = next_cycle()
    announce(admin_user, django_capture_on_commit_callbacks)
    old = signed["di"]
    carried = Nomination.objects.get(carried_from=old)
    assert (carried.cycle, carried.state, carried.track, carried.nominee, carried.nominator) == (
        following,
        "submitted",
        old.track,
        old.nominee,
        old.nominator,
    )
    assert carried.statement == old.statement and carried.nominee_consent is True and carried.live is True
    assert [(e.title, e.url) for e in carried.evidence.all()] == [
        (e.title, e.url) for e in old.evidence.all()
    ]
    assert sorted((e.endorser_id, e.statement) for e in carried.endorsements.all()) == sorted(
        (e.endorser_id, e.statement) for e in old.endorsements.all()
    )
    assert [n.pk for n, _checks in nominations.screening_queue(following)] == [carried.pk]
    event = AuditEvent.objects.get(verb="nomination.carried")
    assert (event.object_id, event.from_state, event.to_state) == (str(old.pk), "2025", "2026")
    assert AuditEvent.objects.get(verb="cycle.announced").data["carried"] == [carried.pk]
    deferred = next(m for m in mailoutbox if m.to == ["di.novak@example.org"])
    assert "It is now in the screening of the 2026 cohort" in deferred.body
    # The old nomination keeps its outcome.
    old.refresh_from_db()
    assert old.state == "deferred"


def test_deferred_nominations_wait_for_a_next_cycle_and_the_nightly_job_carries_them_once(
    signed, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    announce(admin_user, django_capture_on_commit_callbacks)
    assert not Nomination.objects.filter(carried_from__isnull=False).exists()
    deferred = next(m for m in mailoutbox if m.to == ["di.novak@example.org"])
    assert "as soon as the next cycle is set up; we will write again then." in deferred.body
    assert "It is now in the screening" not in deferred.body
    mailoutbox.clear()
    following = next_cycle()
    with at(ANNOUNCEMENT_DAY + dt.timedelta(days=60)), django_capture_on_commit_callbacks(execute=True):
        assert api.carry_deferred() == 1
        assert api.carry_deferred() == 0
    carried = Nomination.objects.get(carried_from=signed["di"])
    assert carried.cycle == following and carried.state == "submitted"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["di.novak@example.org", signed["di"].nominator.email]
    )
    assert "Carried to the 2026 cohort" in mailoutbox[0].subject
    assert f"/nominations/{carried.pk}/" in mailoutbox[0].body
    assert AuditEvent.objects.filter(verb="nomination.carried").count() == 1


def test_a_next_cycle_whose_screening_is_over_is_skipped(signed, admin_user):
    late = next_cycle("2025b", opens=dt.date(2025, 4, 1))  # screening ended 16 May 2025
    assert late.screening_due < dt.date(2025, 7, 1)
    later = next_cycle("2026")
    announce(admin_user)
    assert Nomination.objects.get(carried_from=signed["di"]).cycle == later


def test_a_nominee_already_nominated_in_the_next_cycle_is_linked_not_copied(signed, admin_user):
    following = next_cycle()
    old = signed["di"]
    existing = DraftNominationFactory(
        cycle=following, track=old.track, nominee=old.nominee, nominator=old.nominator, statement="New."
    )
    announce(admin_user)
    existing.refresh_from_db()
    assert existing.carried_from == old and existing.statement == "New." and existing.evidence.count() == 0
    assert Nomination.objects.filter(cycle=following).count() == 1
    assert AuditEvent.objects.get(verb="nomination.carried").data["linked"] is True
    assert api.carry_deferred(dt.date(2025, 7, 2)) == 0


def test_deferred_nominations_of_unannounced_cycles_are_not_carried(cycle, decided_list):
    next_cycle()
    assert api.carry_deferred(dt.date(2025, 6, 10)) == 0
    assert not Nomination.objects.filter(carried_from__isnull=False).exists()


def test_the_announcement_issues_each_new_member_a_verifiable_credential_once(
    signed, admin_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    from distinguished.credentials import api as credentials
    from distinguished.credentials.models import Credential

    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    credentials.generate_issuer_key()
    announce(admin_user, django_capture_on_commit_callbacks)
    terms = list(Membership.objects.select_related("track"))
    with at(ANNOUNCEMENT_DAY):
        for term in terms:
            document = credentials.latest_credential(term.pk).document
            assert document["validFrom"].startswith("2025-07-01") and document["validUntil"].startswith(
                "2027-06-30"
            )
            assert credentials.verify(document).valid
    with pytest.raises(api.AlreadyDone):
        announce(admin_user, django_capture_on_commit_callbacks)
    assert Credential.objects.count() == len(terms) == 2


# --- audit: REST refusals change nothing; a body is never read, an unknown cycle is a 404 ---------


def announce_state():
    return (
        list(Nomination.objects.order_by("pk").values_list("pk", "state", "carried_from_id")),
        Membership.objects.count(),
        Announcement.objects.count(),
        Award.objects.count(),
        trail(),
    )


def test_rest_announce_before_sign_off_is_a_400_that_creates_nothing(
    cycle, decided_list, client_for, admin_user, mailoutbox
):
    next_cycle()
    before = announce_state()
    with at(ANNOUNCEMENT_DAY):
        response = client_for(admin_user).post("/api/v1/cycles/2025/announce/")
    assert response.status_code == 400
    assert response.json() == {
        "state": [
            "The final list of 2025 cohort is not signed off yet; the approver signs it off before it is announced."
        ]
    }
    assert announce_state() == before and mailoutbox == []


@pytest.mark.parametrize("who", ["approver", "chair", "member", None])
def test_rest_announce_by_anyone_but_an_admin_creates_nothing(signed, client_for, request, who, mailoutbox):
    before = announce_state()
    with at(ANNOUNCEMENT_DAY):
        response = client_for(who and request.getfixturevalue(who)).post("/api/v1/cycles/2025/announce/")
    assert response.status_code == (401 if who is None else 403)
    assert announce_state() == before and mailoutbox == []


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ('{"memberships": [1, 2]}', "application/json"),
        ("", "application/json"),
        ('{"early_reason": "Not needed on the day."}', "application/json"),
    ],
)
def test_rest_announce_on_the_day_needs_no_body_and_ignores_unknown_fields(
    signed, client_for, admin_user, data, content_type
):
    with at(ANNOUNCEMENT_DAY):
        response = client_for(admin_user).post(
            "/api/v1/cycles/2025/announce/", data, content_type=content_type
        )
    assert response.status_code == 200, response.content[:300]
    assert Membership.objects.count() == 2
    assert Announcement.objects.get().early_reason == ""


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[]", "application/json", 400),
        ('{"early_reason": ["a", "list"]}', "application/json", 400),
        ("x" * 100_000, "text/plain", 415),
    ],
)
def test_rest_announce_with_a_bad_body_is_refused_and_changes_nothing(
    signed, client_for, admin_user, mailoutbox, data, content_type, status
):
    before = announce_state()
    with at(ANNOUNCEMENT_DAY):
        response = client_for(admin_user).post(
            "/api/v1/cycles/2025/announce/", data, content_type=content_type
        )
    assert response.status_code == status, response.content[:300]
    assert announce_state() == before and mailoutbox == []


def test_rest_announce_an_unknown_or_odd_cycle_is_a_404(signed, client_for, admin_user):
    before = announce_state()
    for slug in ("nope", "2025x", "x" * 300):
        assert client_for(admin_user).post(f"/api/v1/cycles/{slug}/announce/").status_code == 404
    assert announce_state() == before
