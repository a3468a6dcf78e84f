"""Renewal: the member applies inside the window, the key-results engine evaluates the term, the
chair or an admin renews (a new chained term) or lets it lapse with a reason; e-mails, audit,
refusals that change nothing, and the REST API."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from distinguished.audit.models import AuditEvent
from distinguished.contributions import api as contributions
from distinguished.core.errors import TransitionError
from distinguished.membership import api, signals
from distinguished.membership.models import Membership, Renewal
from distinguished.nominations import api as nominations
from distinguished.nominations import eligibility
from distinguished.nominations.models import Nomination
from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, OrganizationFactory, UserFactory

START = dt.date(2025, 7, 1)
END = dt.date(2027, 6, 30)
OPENS = dt.date(2027, 4, 2)  # the term's last 90 days
INSIDE = dt.date(2027, 5, 1)


@pytest.fixture
def person(db):
    return ContributorFactory(name="Rita Renewer", email="rita@example.org", listed_publicly=True)


@pytest.fixture
def rita(person):
    return UserFactory(username="rita", email="rita-account@example.org", contributor=person)


@pytest.fixture
def term(admin_user, person):
    with time_machine.travel(START):
        return api.record_term(
            actor=admin_user, contributor=person, track=program.get_track("engineer"), start=START
        )


def apply(actor, term, statement="I merged the new grading backend and mentored two developers."):
    return api.apply_for_renewal(actor=actor, membership=api.get_membership(term.pk), statement=statement)


def events(verb):
    return list(AuditEvent.objects.filter(verb=verb))


def mail_to(mailoutbox, address):
    found = [m for m in mailoutbox if address in m.to]
    assert len(found) == 1, [(m.to, m.subject) for m in mailoutbox]
    return found[0]


# --- applying ------------------------------------------------------------------------------------


def test_apply_inside_the_window_records_the_application_and_tells_the_deciders_and_the_member(
    term, rita, chair, admin_user, panelist, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(INSIDE), django_capture_on_commit_callbacks(execute=True):
        renewal = apply(rita, term)
    assert (renewal.state, renewal.applicant, renewal.membership) == ("pending", rita, term)
    [event] = events("renewal.applied")
    assert (event.actor_id, event.from_state, event.to_state) == (rita.pk, "expiring", "pending")
    to_chair = mail_to(mailoutbox, chair.email)
    assert to_chair.subject == "Renewal application: Rita Renewer, Distinguished Engineer"
    assert f"/renewals/{renewal.pk}/" in to_chair.body
    assert "a new term from 1 July 2027" in to_chair.body
    mail_to(mailoutbox, admin_user.email)
    confirmation = mail_to(mailoutbox, "rita@example.org")
    assert confirmation.subject == "We received your renewal application (Distinguished Engineer)"
    assert "/memberships/mine/" in confirmation.body
    assert not [m for m in mailoutbox if panelist.email in m.to]
    assert len(mailoutbox) == 3


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (
            OPENS - dt.timedelta(days=1),
            "The renewal window opens on 2 April 2027, 90 days before your term ends on 30 June 2027.",
        ),
        (
            END + dt.timedelta(days=1),
            "The renewal window closed on 30 June 2027, when your term ended; "
            "you may be nominated again in a later cycle.",
        ),
    ],
)
def test_apply_outside_the_window_is_refused_and_says_when(term, rita, mailoutbox, today, message):
    with time_machine.travel(today), pytest.raises(ValidationError) as refused:
        apply(rita, term)
    assert refused.value.messages == [message]
    assert not Renewal.objects.exists()
    assert events("renewal.applied") == []
    assert mailoutbox == []


@pytest.mark.parametrize("today", [OPENS, END])
def test_apply_on_the_first_and_the_last_day_of_the_window(term, rita, today):
    with time_machine.travel(today):
        assert apply(rita, term).state == "pending"


def test_apply_by_someone_else_is_refused(term, member, admin_user, chair):
    with time_machine.travel(INSIDE):
        for someone in (member, admin_user, chair):
            with pytest.raises(PermissionDenied):
                apply(someone, term)
    assert not Renewal.objects.exists()
    assert events("renewal.applied") == []


def test_apply_twice_is_a_conflict_naming_the_first_application(term, rita, mailoutbox):
    with time_machine.travel(INSIDE):
        apply(rita, term)
        with pytest.raises(api.AlreadyDone) as twice:
            apply(rita, term, statement="Again.")
    assert twice.value.messages == ["You applied to renew this term on 1 May 2027; the decision is pending."]
    assert Renewal.objects.count() == 1
    assert len(events("renewal.applied")) == 1


def test_apply_without_a_statement_names_the_field(term, rita):
    with time_machine.travel(INSIDE), pytest.raises(ValidationError) as refused:
        apply(rita, term, statement="  ")
    assert list(refused.value.message_dict) == ["statement"]
    assert not Renewal.objects.exists()


@pytest.mark.parametrize("state", ["revoked", "lifetime", "renewed"])
def test_apply_on_a_term_that_cannot_be_renewed_is_refused(term, rita, admin_user, state):
    if state == "revoked":
        api.revoke(actor=admin_user, membership=term, reason="Code of conduct.")
    elif state == "lifetime":
        Membership.objects.filter(pk=term.pk).update(lifetime=True, status="lifetime")
    else:
        with time_machine.travel(INSIDE):
            api.record_term(
                actor=admin_user,
                contributor=term.contributor,
                track=term.track,
                start=END + dt.timedelta(days=1),
                previous=term,
            )
    with time_machine.travel(INSIDE), pytest.raises(TransitionError) as refused:
        apply(rita, term)
    assert refused.value.messages == [f"This membership is {state}; there is no term to renew."]
    assert not Renewal.objects.exists()


def test_an_organization_applies_through_its_linked_account(admin_user):
    org = OrganizationFactory(name="Acme Learning", email="hello@acme.example")
    account = UserFactory(username="acme", contributor=org)
    employee = UserFactory(username="acme-employee", contributor=ContributorFactory(organization=org))
    with time_machine.travel(START):
        term = api.record_term(
            actor=admin_user, contributor=org, track=program.get_track("partner"), start=START
        )
    with time_machine.travel(INSIDE):
        with pytest.raises(PermissionDenied):
            apply(employee, term)
        assert apply(account, term).applicant == account


# --- evaluating ----------------------------------------------------------------------------------


def test_the_evaluation_counts_the_term_against_the_track(term, rita, admin_user, person):
    with time_machine.travel(INSIDE):
        for date, gain in [(dt.date(2026, 3, 1), "15"), (dt.date(2025, 6, 30), "50")]:
            contributions.record_contribution(
                actor=admin_user,
                contributor=person,
                kind="performance_improvement",
                date=date,
                title="Faster grading",
                quantity=gain,
            )
        renewal = apply(rita, term)
        evaluation = api.renewal_evaluation(renewal)
    data = evaluation.as_dict()
    assert data["window"] == {"start": "2025-07-01", "end": "2027-05-01"}
    assert (data["met"], data["total"], data["met_key_results"]) == (1, 5, ["performance_gain"])
    [gain] = [kr for kr in data["scorecard"]["key_results"] if kr["code"] == "performance_gain"]
    # The contribution of the day before the term does not count.
    assert (gain["value"], [c["date"] for c in gain["contributions"]]) == (15.0, ["2026-03-01"])


# --- deciding ------------------------------------------------------------------------------------


@pytest.fixture
def pending(term, rita):
    with time_machine.travel(INSIDE):
        return apply(rita, term)


def test_the_chair_renews_a_new_term_chained_to_the_old_one(
    pending, chair, mailoutbox, django_capture_on_commit_callbacks
):
    recorded = []
    signals.term_recorded.connect(
        lambda **kw: recorded.append(kw["membership"]), weak=False, dispatch_uid="t"
    )
    try:
        with time_machine.travel(dt.date(2027, 5, 10)), django_capture_on_commit_callbacks(execute=True):
            renewal = api.decide_renewal(
                actor=chair, renewal=api.get_renewal(pending.pk), renew=True, reason=""
            )
    finally:
        signals.term_recorded.disconnect(dispatch_uid="t")
    new = renewal.new_term
    assert (new.start, new.end, new.previous_id, new.track.code) == (
        dt.date(2027, 7, 1),
        dt.date(2029, 6, 30),
        pending.membership_id,
        "engineer",
    )
    assert recorded == [new]
    assert (renewal.state, renewal.decided_by) == ("renewed", chair)
    with time_machine.travel(dt.date(2027, 5, 10)):
        assert api.status_of(api.get_membership(pending.membership_id)) == "renewed"
    [event] = events("renewal.granted")
    assert (event.actor_id, event.from_state, event.to_state) == (chair.pk, "pending", "renewed")
    message = mail_to(mailoutbox, "rita@example.org")
    assert message.subject == "Your membership as a Distinguished Engineer is renewed"
    assert "from 1 July 2027 to 30 June 2029" in message.body
    assert len(mailoutbox) == 1


def test_an_admin_lets_a_term_lapse_with_a_reason_and_the_member_reads_it(
    pending, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.date(2027, 5, 10)), django_capture_on_commit_callbacks(execute=True):
        renewal = api.decide_renewal(
            actor=admin_user, renewal=pending, renew=False, reason="No contribution since 2026."
        )
    assert (renewal.state, renewal.new_term, renewal.reason) == (
        "lapsed",
        None,
        "No contribution since 2026.",
    )
    assert Membership.objects.count() == 1
    [event] = events("renewal.lapsed")
    assert (event.to_state, event.reason) == ("lapsed", "No contribution since 2026.")
    message = mail_to(mailoutbox, "rita@example.org")
    assert message.subject == "Your membership as a Distinguished Engineer is not renewed"
    assert "Why: No contribution since 2026." in message.body
    assert "active until it ends on 30 June 2027" in message.body
    term = api.get_membership(pending.membership_id)
    assert api.status_of(term, END) == "expiring"
    assert api.status_of(term, END + dt.timedelta(days=1)) == "expired"


def test_a_lapse_without_a_reason_is_refused_and_says_so(pending, chair, mailoutbox):
    with time_machine.travel(INSIDE), pytest.raises(ValidationError) as refused:
        api.decide_renewal(actor=chair, renewal=pending, renew=False, reason=" ")
    assert refused.value.message_dict == {
        "reason": ["Say why the membership lapses: the member reads the reason in their e-mail."]
    }
    pending.refresh_from_db()
    assert (pending.state, pending.decided) == ("pending", None)
    assert events("renewal.lapsed") == [] and mailoutbox == []


def test_a_panelist_or_the_member_cannot_decide(pending, panelist, rita):
    for someone in (panelist, rita):
        with time_machine.travel(INSIDE), pytest.raises(PermissionDenied):
            api.decide_renewal(actor=someone, renewal=pending, renew=True)
    pending.refresh_from_db()
    assert pending.state == "pending"
    assert Membership.objects.count() == 1


def test_a_chair_cannot_decide_their_own_renewal(admin_user):
    chair_person = ContributorFactory(name="Carla Chair")
    own_chair = UserFactory(username="carla", roles=["chair"], contributor=chair_person)
    with time_machine.travel(START):
        term = api.record_term(
            actor=admin_user, contributor=chair_person, track=program.get_track("engineer"), start=START
        )
    with time_machine.travel(INSIDE):
        renewal = apply(own_chair, term)
        with pytest.raises(PermissionDenied):
            api.decide_renewal(actor=own_chair, renewal=renewal, renew=True)


def test_deciding_twice_is_a_conflict(pending, chair, admin_user):
    with time_machine.travel(INSIDE):
        api.decide_renewal(actor=chair, renewal=pending, renew=True)
        with pytest.raises(api.AlreadyDone) as twice:
            api.decide_renewal(actor=admin_user, renewal=api.get_renewal(pending.pk), renew=False, reason="x")
    assert "This renewal was decided on 1 May 2027" in twice.value.messages[0]
    assert Membership.objects.count() == 2
    assert events("renewal.lapsed") == []


def test_a_lapsed_member_can_be_nominated_again_after_the_term(pending, chair, rita):
    with time_machine.travel(INSIDE):
        api.decide_renewal(actor=chair, renewal=pending, renew=False, reason="Quiet term.")
    with time_machine.travel(dt.date(2027, 9, 5)):
        cycle = CycleFactory(name="2028 cohort")
        nomination = nominations.nominate(
            actor=rita,
            cycle=cycle,
            track=program.get_track("engineer"),
            nominee=rita.contributor,
            list_publicly=True,
        )
    fetched = eligibility.prefetch(Nomination.objects.filter(pk=nomination.pk))

    def not_a_member(on):
        [check] = [
            c for c in eligibility.checks_for(fetched, today=on)[nomination.pk] if c.rule == "not_a_member"
        ]
        return check

    assert not not_a_member(END).passed
    after = not_a_member(dt.date(2027, 9, 5))
    assert after.passed, after.detail


# --- REST ----------------------------------------------------------------------------------------


def test_renewal_through_the_api(client_for, term, rita, member, panelist, chair, admin_user):
    path = f"/api/v1/memberships/{term.pk}/renewal/"
    body = {"statement": "Two major PRs and a mentee."}
    with time_machine.travel(OPENS - dt.timedelta(days=1)):
        early = client_for(rita).post(path, body, format="json")
    assert early.status_code == 400
    assert early.json() == {
        "detail": "The renewal window opens on 2 April 2027, 90 days before your term ends on 30 June 2027."
    }
    with time_machine.travel(INSIDE):
        assert client_for(None).post(path, body, format="json").status_code == 401
        assert client_for(member).post(path, body, format="json").status_code == 403
        assert (
            client_for(rita).post("/api/v1/memberships/999999/renewal/", body, format="json").status_code
            == 404
        )
        created = client_for(rita).post(path, body, format="json")
        assert created.status_code == 201, created.content
        data = created.json()
        assert (data["state"], data["membership"], data["statement"], data["track"]) == (
            "pending",
            term.pk,
            body["statement"],
            "engineer",
        )
        again = client_for(rita).post(path, body, format="json")
        assert again.status_code == 409
        assert "decision is pending" in again.json()["state"][0]
        renewal = f"/api/v1/renewals/{data['id']}/"
        assert client_for(None).get(renewal).status_code == 401
        assert client_for(member).get(renewal).status_code == 404
        assert client_for(panelist).get(renewal).status_code == 404
        own = client_for(rita).get(renewal).json()
        assert own["evaluation"]["total"] == 5
        detail = client_for(chair).get(renewal).json()
        assert detail["evaluation"]["window"] == {"opens": "2025-07-01", "closes": "2027-05-01"}
        assert detail["evaluation"]["cycle"] == "2025"
        decision = renewal + "decision/"
        assert client_for(panelist).post(decision, {"renew": True}, format="json").status_code == 403
        assert client_for(rita).post(decision, {"renew": True}, format="json").status_code == 403
        assert client_for(None).post(decision, {"renew": True}, format="json").status_code == 401
        no_reason = client_for(chair).post(decision, {"renew": False}, format="json")
        assert no_reason.status_code == 400 and "reason" in no_reason.json()
        assert client_for(chair).post(decision, {}, format="json").status_code == 400
        renewed = client_for(chair).post(decision, {"renew": True, "reason": ""}, format="json")
        assert renewed.status_code == 200, renewed.content
        assert renewed.json()["state"] == "renewed"
        assert renewed.json()["new_term"]["start"] == "2027-07-01"
        twice = client_for(admin_user).post(decision, {"renew": False, "reason": "x"}, format="json")
        assert twice.status_code == 409
        assert (
            client_for(chair)
            .post("/api/v1/renewals/999999/decision/", {"renew": True}, format="json")
            .status_code
            == 404
        )
        mine = client_for(rita).get(f"/api/v1/memberships/{term.pk}/").json()
        assert (mine["status"], mine["renewal"]["state"]) == ("renewed", "renewed")
        assert client_for(None).get(f"/api/v1/memberships/{term.pk}/").json()["renewal"] is None


def make_pending(admin_user, n):
    """n members whose terms end on END, each with an application."""
    made = []
    for i in range(n):
        person = ContributorFactory(name=f"Member {i}")
        user = UserFactory(contributor=person)
        with time_machine.travel(START):
            term = api.record_term(
                actor=admin_user, contributor=person, track=program.get_track("engineer"), start=START
            )
        with time_machine.travel(INSIDE):
            made.append(apply(user, term))
    return made


def test_the_renewals_list_is_for_deciders_pending_first_in_fixed_queries(
    client_for, admin_user, chair, panelist, member, django_assert_num_queries
):
    first, second = make_pending(admin_user, 2)
    with time_machine.travel(INSIDE):
        api.decide_renewal(actor=admin_user, renewal=first, renew=False, reason="Quiet.")
    assert client_for(None).get("/api/v1/renewals/").status_code == 401
    assert client_for(member).get("/api/v1/renewals/").status_code == 403
    assert client_for(panelist).get("/api/v1/renewals/").status_code == 403
    data = client_for(chair).get("/api/v1/renewals/").json()
    assert [(r["id"], r["state"]) for r in data["results"]] == [(second.pk, "pending"), (first.pk, "lapsed")]
    assert [r["id"] for r in client_for(chair).get("/api/v1/renewals/?state=lapsed").json()["results"]] == [
        first.pk
    ]
    assert client_for(chair).get("/api/v1/renewals/?state=maybe").status_code == 400
    client = client_for(chair)
    with django_assert_num_queries(2) as few:
        client.get("/api/v1/renewals/")
    make_pending(admin_user, 5)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/api/v1/renewals/").json()["count"] == 7


def test_the_memberships_list_shows_a_member_their_own_and_admins_every_term_in_fixed_queries(
    client_for, admin_user, term, rita, member, django_assert_num_queries
):
    assert client_for(None).get("/api/v1/memberships/").status_code == 401
    assert client_for(member).get("/api/v1/memberships/").json()["count"] == 0
    own = client_for(rita).get("/api/v1/memberships/").json()["results"]
    assert [(m["id"], m["contributor"]["name"]) for m in own] == [(term.pk, "Rita Renewer")]
    assert (
        client_for(rita).get(f"/api/v1/memberships/?contributor={member.contributor_id}").json()["count"] == 0
    )
    assert client_for(admin_user).get("/api/v1/memberships/?status=sleeping").status_code == 400
    client = client_for(admin_user)
    with time_machine.travel(INSIDE):
        assert client.get("/api/v1/memberships/?status=expiring").json()["count"] == 1
        assert client.get("/api/v1/memberships/?status=active").json()["count"] == 0
        with django_assert_num_queries(4) as few:
            client.get("/api/v1/memberships/")
        make_pending(admin_user, 4)
        with django_assert_num_queries(len(few.captured_queries)):
            data = client.get("/api/v1/memberships/").json()
    assert data["count"] == 5
    assert {m["renewal_window"]["opens"] for m in data["results"]} == {"2027-04-02"}


# --- audit: refusals through the API change nothing; hostile bodies are a 400, never a 500 -------


def renewal_state():
    """Everything a refused application or decision must leave alone."""
    return (
        list(Renewal.objects.order_by("pk").values_list("pk", "renew", "reason", "decided", "new_term_id")),
        list(Membership.objects.order_by("pk").values_list("pk", "start", "end", "previous_id")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (
            OPENS - dt.timedelta(days=1),
            "The renewal window opens on 2 April 2027, 90 days before your term ends on 30 June 2027.",
        ),
        (
            START,
            "The renewal window opens on 2 April 2027, 90 days before your term ends on 30 June 2027.",
        ),
        (
            END + dt.timedelta(days=1),
            "The renewal window closed on 30 June 2027, when your term ended; "
            "you may be nominated again in a later cycle.",
        ),
    ],
)
def test_renewal_outside_its_window_through_the_api_is_a_400_that_changes_nothing(
    client_for, term, rita, mailoutbox, today, message
):
    before = renewal_state()
    with time_machine.travel(today):
        response = client_for(rita).post(
            f"/api/v1/memberships/{term.pk}/renewal/", {"statement": "Two major PRs."}, format="json"
        )
    assert (response.status_code, response.json()) == (400, {"detail": message})
    assert renewal_state() == before and mailoutbox == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        "a statement",
        {"statement": None},
        {"statement": ["I did things."]},
        {"statement": {"text": "I did things."}},
        {"statement": "  "},
        {"statement": "x" * 20_001},
        {"statement": "nul\x00byte"},
    ],
)
def test_hostile_renewal_applications_are_a_400_and_change_nothing(client_for, term, rita, body):
    before = renewal_state()
    with time_machine.travel(INSIDE):
        response = client_for(rita).post(f"/api/v1/memberships/{term.pk}/renewal/", body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert renewal_state() == before


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        "yes",
        {"renew": None},
        {"renew": "maybe"},
        {"renew": ["true"]},
        {"renew": {"value": True}},
        {"renew": 2},
        {"renew": False},
        {"renew": False, "reason": None},
        {"renew": False, "reason": ["Quiet."]},
        {"renew": False, "reason": "   "},
        {"renew": True, "reason": {"why": "x"}},
    ],
)
def test_hostile_renewal_decisions_are_a_400_and_change_nothing(client_for, pending, chair, body):
    before = renewal_state()
    with time_machine.travel(INSIDE):
        response = client_for(chair).post(f"/api/v1/renewals/{pending.pk}/decision/", body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert response.json()
    assert renewal_state() == before


def test_renewal_refusals_by_caller_and_id_through_the_api_change_nothing(
    client_for, pending, term, rita, panelist, member, mailoutbox
):
    before = renewal_state()
    decision = f"/api/v1/renewals/{pending.pk}/decision/"
    with time_machine.travel(INSIDE):
        for who, status in ((panelist, 403), (rita, 403), (member, 403), (None, 401)):
            assert client_for(who).post(decision, {"renew": True}, format="json").status_code == status
        # An unknown id is a 404 whatever the body.
        for body in ({"renew": True}, {"renew": "maybe"}, {}):
            assert (
                client_for(rita).post("/api/v1/memberships/999999/renewal/", body, format="json").status_code
                == 404
            )
        assert (
            client_for(member).post(f"/api/v1/memberships/{term.pk}/renewal/", {}, format="json").status_code
            == 403
        )
    assert renewal_state() == before and mailoutbox == []


def test_a_renewal_decision_body_that_is_not_json_is_a_400(client_for, pending, chair):
    before = renewal_state()
    with time_machine.travel(INSIDE):
        for data in ("{renew: true", "", "\xff"):
            response = client_for(chair).post(
                f"/api/v1/renewals/{pending.pk}/decision/", data, content_type="application/json"
            )
            assert response.status_code == 400, (data, response.content[:300])
    assert renewal_state() == before
