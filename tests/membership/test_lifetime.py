"""Lifetime status and revocation: a 400 that says when the 4-year milestone is reached; granted
after chained terms cover 4 years with every renewal granted; a lapsed renewal breaks the chain;
revocation needs a reason. Each change e-mails the member and writes an audit event; each refusal
changes nothing. Also the statuses of terms from 29 February, and who counts as a member when
nominated again."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from distinguished.audit.models import AuditEvent
from distinguished.core.errors import TransitionError
from distinguished.membership import api, signals
from distinguished.membership.models import Membership
from distinguished.program import api as program

from ..factories import ContributorFactory, UserFactory


@pytest.fixture
def lena(db):
    return ContributorFactory(name="Lena Lifetime", email="lena@example.org", listed_publicly=True)


@pytest.fixture
def lena_user(lena):
    return UserFactory(username="lena", contributor=lena)


def engineer():
    return program.get_track("engineer")


def record(admin_user, contributor, start, previous=None, track="engineer"):
    with time_machine.travel(start):
        return api.record_term(
            actor=admin_user,
            contributor=contributor,
            track=program.get_track(track),
            start=start,
            previous=previous,
        )


@pytest.fixture
def chain(admin_user, lena):
    """Two chained terms: 1 July 2022 to 30 June 2024, then to 30 June 2026 (the 4-year milestone)."""
    first = record(admin_user, lena, dt.date(2022, 7, 1))
    return first, record(admin_user, lena, dt.date(2024, 7, 1), previous=first)


def snapshot():
    return (
        list(
            Membership.objects.order_by("pk").values_list(
                "pk", "end", "lifetime", "revoked_on", "revoke_reason"
            )
        ),
        AuditEvent.objects.count(),
    )


def grant(actor, term, today):
    with time_machine.travel(today):
        return api.grant_lifetime(actor=actor, membership=api.get_membership(term.pk))


def refused_grant(actor, term, today, error=ValidationError):
    before = snapshot()
    with pytest.raises(error) as refused:
        grant(actor, term, today)
    assert snapshot() == before
    return refused.value


# --- before the milestone: a 400 that says when --------------------------------------------------


def test_lifetime_before_the_milestone_says_the_day_it_is_reached(admin_user, chain, mailoutbox):
    _, second = chain
    refused = refused_grant(admin_user, second, dt.date(2026, 6, 29))
    assert refused.message_dict == {"lifetime": ["The 4-year milestone is reached on 30 June 2026."]}
    assert mailoutbox == []


def test_lifetime_on_a_first_term_says_the_milestone_needs_renewals(admin_user, lena):
    term = record(admin_user, lena, dt.date(2025, 7, 1))
    refused = refused_grant(admin_user, term, dt.date(2026, 1, 10))
    assert refused.message_dict == {
        "lifetime": [
            "The 4-year milestone is reached on 30 June 2029, if every renewal is granted until then."
        ]
    }


def test_lifetime_on_a_term_that_ended_unrenewed_says_it_cannot_be_reached(admin_user, lena):
    term = record(admin_user, lena, dt.date(2021, 7, 1))
    refused = refused_grant(admin_user, term, dt.date(2026, 1, 10))
    assert refused.messages == [
        "This term ended on 30 June 2023 without a renewal, short of the 4-year milestone (30 June 2025). "
        "A later term after a new nomination starts a new count."
    ]


def test_lifetime_through_the_api_before_the_milestone_is_a_400_with_the_date(client_for, admin_user, chain):
    _, second = chain
    with time_machine.travel(dt.date(2026, 1, 10)):
        response = client_for(admin_user).post(f"/api/v1/memberships/{second.pk}/lifetime/")
        detail = client_for(None).get(f"/api/v1/memberships/{second.pk}/").json()
    assert response.status_code == 400
    assert response.json() == {"lifetime": ["The 4-year milestone is reached on 30 June 2026."]}
    assert detail["lifetime"] == {
        "eligible": False,
        "state": "later",
        "milestone": "2026-06-30",
        "message": "The 4-year milestone is reached on 30 June 2026.",
    }
    assert (detail["status"], detail["lifetime_milestone"]) == ("active", "2026-06-30")


# --- after the milestone: granted ----------------------------------------------------------------


def test_lifetime_after_four_chained_years_is_granted_mailed_and_audited(
    admin_user, chain, lena_user, mailoutbox, django_capture_on_commit_callbacks
):
    _, second = chain
    heard = []
    signals.lifetime_granted.connect(
        lambda **kw: heard.append(kw["membership"].pk), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            granted = grant(admin_user, second, dt.date(2026, 6, 30))
    finally:
        signals.lifetime_granted.disconnect(dispatch_uid="t")
    assert heard == [second.pk]
    stored = api.get_membership(second.pk)
    assert (stored.lifetime, stored.end, granted.end) == (True, None, None)
    with time_machine.travel(dt.date(2040, 1, 1)):
        assert api.status_of(stored) == "lifetime"
    [event] = AuditEvent.objects.filter(verb="membership.lifetime_granted")
    assert (event.actor_id, event.object_id, event.from_state, event.to_state) == (
        admin_user.pk,
        str(second.pk),
        "expiring",
        "lifetime",
    )
    assert event.data == {"milestone": "2026-06-30", "term_end": "2026-06-30"}
    [message] = mailoutbox
    assert message.to == ["lena@example.org"]
    assert message.subject == "Lifetime status: you are a Distinguished Engineer for life"
    assert "after 4 years of sustained contribution (your terms since 1 July 2022)" in message.body
    assert "/memberships/mine/" in message.body and f"/directory/{second.contributor_id}/" in message.body


def test_lifetime_through_the_api_after_the_milestone(client_for, admin_user, chain, chair):
    _, second = chain
    path = f"/api/v1/memberships/{second.pk}/lifetime/"
    with time_machine.travel(dt.date(2026, 8, 1)):
        eligible = client_for(admin_user).get(f"/api/v1/memberships/{second.pk}/").json()["lifetime"]
        assert (eligible["eligible"], eligible["state"]) == (True, "eligible")
        assert client_for(chair).post(path).status_code == 403
        assert client_for(None).post(path).status_code == 401
        assert client_for(admin_user).post("/api/v1/memberships/999999/lifetime/").status_code == 404
        response = client_for(admin_user).post(path)
        assert response.status_code == 200, response.content
        assert (response.json()["status"], response.json()["end"]) == ("lifetime", None)
        again = client_for(admin_user).post(path)
    assert again.status_code == 400
    assert again.json() == {
        "state": ["This membership is lifetime; lifetime status is granted on the latest term."]
    }
    assert AuditEvent.objects.filter(verb="membership.lifetime_granted").count() == 1


def test_lifetime_through_granted_renewals(admin_user, chair, lena, lena_user):
    first = record(admin_user, lena, dt.date(2023, 7, 1))
    with time_machine.travel(dt.date(2025, 5, 1)):
        renewal = api.apply_for_renewal(
            actor=lena_user, membership=first, statement="Two years of PR reviews."
        )
        renewal = api.decide_renewal(actor=chair, renewal=renewal, renew=True)
    second = renewal.new_term
    assert api.lifetime_milestone(second, years=4) == dt.date(2027, 6, 30)
    refused_grant(admin_user, second, dt.date(2027, 6, 29))
    assert grant(admin_user, second, dt.date(2027, 6, 30)).lifetime


def test_an_earlier_term_or_a_revoked_one_is_not_granted(admin_user, chain):
    first, second = chain
    assert refused_grant(admin_user, first, dt.date(2026, 7, 1), TransitionError).messages == [
        "This membership is renewed; lifetime status is granted on the latest term."
    ]
    with time_machine.travel(dt.date(2026, 7, 1)):
        api.revoke(actor=admin_user, membership=second, reason="Code of conduct.")
    assert refused_grant(admin_user, second, dt.date(2026, 7, 2), TransitionError).messages == [
        "This membership is revoked; lifetime status is granted on the latest term."
    ]


def test_only_program_admins_grant_lifetime(chain, chair, lena_user):
    _, second = chain
    for someone in (chair, lena_user):
        refused_grant(someone, second, dt.date(2026, 7, 1), PermissionDenied)


def test_a_pending_renewal_is_decided_before_lifetime(admin_user, chain, lena_user):
    _, second = chain
    with time_machine.travel(dt.date(2026, 5, 1)):
        api.apply_for_renewal(actor=lena_user, membership=second, statement="Still at it.")
    refused = refused_grant(admin_user, second, dt.date(2026, 6, 30))
    assert "the renewal application of this term is pending: decide it first" in refused.messages[0]


# --- a lapsed renewal breaks the chain -----------------------------------------------------------


@pytest.fixture
def lapsed(admin_user, chair, lena, lena_user):
    """A term from 1 July 2021 whose renewal the chair let lapse."""
    term = record(admin_user, lena, dt.date(2021, 7, 1))
    with time_machine.travel(dt.date(2023, 5, 1)):
        renewal = api.apply_for_renewal(actor=lena_user, membership=term, statement="Less time this year.")
        api.decide_renewal(actor=chair, renewal=renewal, renew=False, reason="No contribution in 2023.")
    return api.get_membership(term.pk)


def test_a_lapsed_term_cannot_be_continued_by_a_recorded_renewal(admin_user, lapsed, lena):
    before = snapshot()
    with time_machine.travel(dt.date(2023, 8, 1)), pytest.raises(ValidationError) as refused:
        api.record_term(
            actor=admin_user, contributor=lena, track=engineer(), start=dt.date(2023, 7, 1), previous=lapsed
        )
    assert refused.value.message_dict == {
        "previous": [
            "The renewal of that term was not granted (it lapsed); a later term is not chained to it."
        ]
    }
    with time_machine.travel(dt.date(2023, 8, 1)), pytest.raises(api.ImportRefused) as imported:
        api.import_terms_csv(
            actor=admin_user,
            file="contributor,track,start,renews\nlena@example.org,engineer,2023-07-01,yes\n",
        )
    assert [(e["row"], e["column"]) for e in imported.value.rows] == [(2, "renews")]
    assert snapshot() == before


def test_a_lapsed_renewal_restarts_the_count_for_lifetime(admin_user, lapsed, lena):
    # Nominated again, the member starts a new term: it is not chained to the lapsed one.
    later = record(admin_user, lena, dt.date(2023, 7, 1))
    assert later.previous is None
    refused = refused_grant(admin_user, later, dt.date(2025, 6, 30))
    assert refused.messages == [
        "The 4-year milestone is reached on 30 June 2027, if every renewal is granted until then."
    ]
    refused = refused_grant(admin_user, lapsed, dt.date(2025, 6, 30))
    assert refused.messages[0].startswith("The renewal of this term was not granted")


def test_the_lapsed_term_itself_is_not_eligible_even_after_its_years(admin_user, chair, chain, lena_user):
    _, second = chain
    with time_machine.travel(dt.date(2026, 5, 1)):
        renewal = api.apply_for_renewal(actor=lena_user, membership=second, statement="Less this year.")
        api.decide_renewal(actor=chair, renewal=renewal, renew=False, reason="Quiet year.")
    refused = refused_grant(admin_user, second, dt.date(2026, 6, 30))
    assert refused.messages == [
        "The renewal of this term was not granted, and lifetime status needs every renewal granted. "
        "A later term after a new nomination starts a new count."
    ]


# --- revocation ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_revocation_without_a_reason_is_refused_and_changes_nothing(admin_user, chain, reason, mailoutbox):
    _, second = chain
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        api.revoke(actor=admin_user, membership=second, reason=reason)
    assert refused.value.message_dict == {
        "reason": ["Say why the membership is revoked; it is kept in the audit trail."]
    }
    assert snapshot() == before and mailoutbox == []


def test_revocation_with_a_reason_is_mailed_and_audited(
    admin_user, chain, mailoutbox, django_capture_on_commit_callbacks
):
    _, second = chain
    heard = []
    signals.revoked.connect(lambda **kw: heard.append(kw["membership"].pk), weak=False, dispatch_uid="t")
    try:
        with time_machine.travel(dt.date(2025, 3, 3)), django_capture_on_commit_callbacks(execute=True):
            api.revoke(actor=admin_user, membership=second, reason="  Breach of the code of conduct.  ")
    finally:
        signals.revoked.disconnect(dispatch_uid="t")
    assert heard == [second.pk]
    stored = api.get_membership(second.pk)
    assert (stored.revoked_on, stored.revoke_reason) == (
        dt.date(2025, 3, 3),
        "Breach of the code of conduct.",
    )
    assert api.status_of(stored, dt.date(2025, 3, 3)) == "revoked"
    [event] = AuditEvent.objects.filter(verb="membership.revoked")
    assert (event.actor_id, event.from_state, event.to_state, event.reason) == (
        admin_user.pk,
        "active",
        "revoked",
        "Breach of the code of conduct.",
    )
    [message] = mailoutbox
    assert message.to == ["lena@example.org"]
    assert message.subject == "Your membership as a Distinguished Engineer is revoked"
    assert "on 3 March 2025" in message.body
    assert "Why: Breach of the code of conduct." in message.body


def test_revocation_through_the_api(client_for, admin_user, chair, chain):
    _, second = chain
    path = f"/api/v1/memberships/{second.pk}/revoke/"
    before = snapshot()
    missing = client_for(admin_user).post(path, {}, format="json")
    assert missing.status_code == 400 and list(missing.json()) == ["reason"]
    blank = client_for(admin_user).post(path, {"reason": " "}, format="json")
    assert blank.json() == {"reason": ["Say why the membership is revoked; it is kept in the audit trail."]}
    assert client_for(chair).post(path, {"reason": "x"}, format="json").status_code == 403
    assert client_for(None).post(path, {"reason": "x"}, format="json").status_code == 401
    assert (
        client_for(admin_user).post("/api/v1/memberships/999999/revoke/", {"reason": "x"}).status_code == 404
    )
    assert snapshot() == before
    revoked = client_for(admin_user).post(path, {"reason": "Asked to leave."}, format="json")
    assert revoked.status_code == 200
    assert (revoked.json()["status"], revoked.json()["lifetime"]["state"]) == ("revoked", "none")


# --- who is a member, for nominations ------------------------------------------------------------


def test_a_lifetime_member_stays_a_member_and_a_past_one_is_not(admin_user, chain):
    _, second = chain
    grant(admin_user, second, dt.date(2026, 6, 30))
    years_later = dt.date(2031, 1, 1)
    assert api.active_membership(second.contributor_id, "engineer", on=years_later) == second
    other = ContributorFactory(name="Otto Other")
    term = record(admin_user, other, dt.date(2021, 7, 1))
    assert api.active_membership(other.pk, "engineer", on=dt.date(2023, 6, 30)) == term
    assert api.active_membership(other.pk, "engineer", on=dt.date(2023, 7, 1)) is None
    assert api.active_memberships(
        {(other.pk, "engineer"), (second.contributor_id, "engineer")}, on=years_later
    ) == {(second.contributor_id, "engineer"): second}


# --- 29 February --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2025-11-30", "active"),
        ("2025-12-01", "expiring"),  # the last 90 days, counting 28 February
        ("2026-02-28", "expiring"),
        ("2026-03-01", "expired"),
    ],
)
def test_a_term_from_29_february_ends_on_28_february(admin_user, lena, today, status):
    term = record(admin_user, lena, dt.date(2024, 2, 29))
    assert term.end == dt.date(2026, 2, 28)
    assert api.renewal_window(term) == (dt.date(2025, 12, 1), dt.date(2026, 2, 28))
    assert api.status_of(term, dt.date.fromisoformat(today)) == status


def test_a_renewal_of_a_29_february_term_starts_on_1_march_and_the_milestone_follows(admin_user, lena):
    first = record(admin_user, lena, dt.date(2024, 2, 29))
    second = record(admin_user, lena, dt.date(2026, 3, 1), previous=first)
    assert second.end == dt.date(2028, 2, 29)
    assert api.lifetime_milestone(second, years=4) == dt.date(2028, 2, 28)
    assert api.status_of(api.get_membership(first.pk), dt.date(2026, 3, 1)) == "renewed"
    assert api.status_of(second, dt.date(2028, 2, 29)) == "expiring"
    assert api.status_of(second, dt.date(2028, 3, 1)) == "expired"
    assert grant(admin_user, second, dt.date(2028, 2, 28)).lifetime


def test_revoking_a_term_closes_its_pending_renewal(admin_user, chain, lena_user):
    _, second = chain
    with time_machine.travel(dt.date(2026, 5, 1)):
        renewal = api.apply_for_renewal(actor=lena_user, membership=second, statement="Still at it.")
        api.revoke(actor=admin_user, membership=api.get_membership(second.pk), reason="Code of conduct.")
    renewal.refresh_from_db()
    assert (renewal.state, renewal.reason, renewal.decided_by) == (
        "lapsed",
        "The membership was revoked: Code of conduct.",
        admin_user,
    )
    [event] = AuditEvent.objects.filter(verb="renewal.lapsed")
    assert (event.object_id, event.from_state, event.to_state) == (str(renewal.pk), "pending", "lapsed")
    assert [r.pk for r in api.renewals().filter(renew__isnull=True)] == []


# --- audit: refusals through the API change nothing; hostile bodies are a 400, never a 500 -------


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (dt.date(2024, 7, 1), "The 4-year milestone is reached on 30 June 2026."),
        (dt.date(2026, 6, 29), "The 4-year milestone is reached on 30 June 2026."),
    ],
)
def test_lifetime_before_the_milestone_through_the_api_changes_nothing(
    client_for, admin_user, chain, mailoutbox, today, message
):
    _, second = chain
    before = snapshot()
    with time_machine.travel(today):
        # A body is not read: whatever is sent, the milestone decides.
        for body in (None, {"lifetime": True}, ["junk"]):
            response = client_for(admin_user).post(
                f"/api/v1/memberships/{second.pk}/lifetime/", body, format="json"
            )
            assert (response.status_code, response.json()) == (400, {"lifetime": [message]})
    assert snapshot() == before and mailoutbox == []


def test_lifetime_by_anyone_but_an_admin_through_the_api_changes_nothing(client_for, chain, chair, lena_user):
    _, second = chain
    before = snapshot()
    with time_machine.travel(dt.date(2026, 7, 1)):
        for who, status in ((chair, 403), (lena_user, 403), (None, 401)):
            response = client_for(who).post(f"/api/v1/memberships/{second.pk}/lifetime/")
            assert response.status_code == status
    assert snapshot() == before


@pytest.mark.parametrize(
    "body",
    [
        {"reason": None},
        {"reason": ["Asked to leave."]},
        {"reason": {"why": "x"}},
        {"reason": "\x00"},
        [],
        "Asked to leave.",
    ],
)
def test_hostile_revocations_are_a_400_and_change_nothing(client_for, admin_user, chain, body, mailoutbox):
    _, second = chain
    before = snapshot()
    response = client_for(admin_user).post(f"/api/v1/memberships/{second.pk}/revoke/", body, format="json")
    assert response.status_code == 400, response.content[:300]
    assert snapshot() == before and mailoutbox == []


def test_a_revocation_body_that_is_not_json_is_a_400(client_for, admin_user, chain):
    _, second = chain
    before = snapshot()
    for data in ("{reason", "reason=x", ""):
        response = client_for(admin_user).post(
            f"/api/v1/memberships/{second.pk}/revoke/", data, content_type="application/json"
        )
        assert response.status_code == 400, (data, response.content[:300])
    assert snapshot() == before


@pytest.mark.parametrize(
    ("today", "status"),
    [
        ("2024-02-29", "active"),
        ("2025-11-30", "active"),
        ("2025-12-01", "expiring"),
        ("2026-02-28", "expiring"),
        ("2026-03-01", "expired"),
    ],
)
def test_the_api_reads_the_status_of_a_29_february_term_on_each_side_of_its_boundaries(
    client_for, admin_user, lena, today, status
):
    term = record(admin_user, lena, dt.date(2024, 2, 29))
    with time_machine.travel(dt.date.fromisoformat(today)):
        detail = client_for(None).get(f"/api/v1/memberships/{term.pk}/").json()
        [listed] = (
            client_for(None).get("/api/v1/directory/", {"q": "Lena", "status": status}).json()["results"]
        )
    assert (detail["start"], detail["end"], detail["status"]) == ("2024-02-29", "2026-02-28", status)
    assert detail["renewal_window"] == {"opens": "2025-12-01", "closes": "2026-02-28"}
    assert (listed["membership"], listed["status"]) == (term.pk, status)
