"""The nominations REST API through real requests: nominate, read, edit, evidence, consent,
endorsement requests, endorsements, submit, withdraw, eligibility and screening.

Each endpoint's good path; who may call it (anonymous, a stranger member, the nominator, the
nominee, an endorser, a panelist, the chair, a program admin); and bad input, which is a clear
400/401/403/404 that changes nothing: no row, no audit event, no e-mail."""

import datetime as dt
import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api
from distinguished.nominations.models import Endorsement, EndorsementRequest, Evidence, Nomination
from distinguished.people.models import Contributor
from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, UserFactory, endorse_as_invited

pytestmark = pytest.mark.django_db

URL = "/api/v1/nominations/"
ROLES = ["anonymous", "stranger", "nominator", "nominee", "endorser", "panelist", "chair", "admin"]
PANEL = {"panelist", "chair", "admin"}


def days_ago(n: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def evidence(**changes) -> dict:
    return {
        "kind": "pull_request",
        "date": days_ago(200),
        "title": "Course outline MFE",
        "url": "https://github.com/openedx/frontend-app-course-authoring/pull/1",
        **changes,
    }


def stored() -> tuple:
    """Every row a nominations request may write, and the audit trail."""
    return (
        sorted(
            Nomination.objects.values_list(
                "id", "state", "statement", "nominee_statement", "nominee_consent", "live", "screening_reason"
            )
        ),
        sorted(Evidence.objects.values_list("id", "nomination_id", "kind", "date", "title", "url")),
        sorted(Endorsement.objects.values_list("id", "nomination_id", "endorser_id", "statement")),
        EndorsementRequest.objects.count(),
        sorted(Contributor.objects.values_list("id", "email")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def unchanged(django_capture_on_commit_callbacks):
    """`with unchanged(): ...` asserts the block writes nothing and sends no e-mail."""

    @contextmanager
    def check():
        before, sent = stored(), len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            yield
        assert stored() == before
        assert len(mail.outbox) == sent

    return check


@pytest.fixture
def sending(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks, so its e-mails are sent."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def cycle(db):
    """Nominations opened a week ago."""
    return CycleFactory(slug="spring")


@pytest.fixture
def closed_cycle(db):
    """Nominations closed a month ago."""
    start = timezone.localdate() - dt.timedelta(days=60)
    return CycleFactory(slug="autumn", nominations_open=start)


@pytest.fixture
def nia(db):
    """The nominee's contributor profile."""
    return ContributorFactory(name="Nia Nominee", email="nia@example.org")


@pytest.fixture
def nominee(nia):
    """The nominee's account."""
    return UserFactory(username="nia", email="nia@example.org", name="Nia Nominee", contributor=nia)


@pytest.fixture
def nominator(member):
    return member


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger", contributor=ContributorFactory(name="Sam Stranger"))


@pytest.fixture
def endorser(db):
    return UserFactory(username="edna", name="Edna Endorser", contributor=ContributorFactory(name="Edna"))


def draft(nominator, nominee_profile, cycle, *, consent=True, statement="Nia rebuilt the outline.", items=1):
    """A nomination made through nominations.api; the nominee consents with the e-mailed token."""
    nomination = api.nominate(
        actor=nominator,
        cycle=cycle,
        track=program.get_track("engineer"),
        nominee=nominee_profile,
        statement=statement,
        evidence=[evidence(title=f"PR {n}") for n in range(items)],
        list_publicly=True if nominator.contributor_id == nominee_profile.pk else None,
    )
    if consent and not nomination.self_nomination:
        token = api.invitation_token(nomination, "consent", nominee_profile.email)
        api.answer_consent(
            actor=AnonymousUser(), nomination=nomination, consent=True, list_publicly=True, token=token
        )
    return api.get_nomination(nomination.pk)


@pytest.fixture
def nomination(nominator, nominee, nia, cycle):
    """A consented draft with a statement and one piece of evidence: ready to submit."""
    return draft(nominator, nia, cycle)


@pytest.fixture
def endorsed(nomination, endorser):
    endorse_as_invited(
        actor=endorser, nomination=nomination, relationship="Reviewed her PRs", statement="Superb."
    )
    return api.get_nomination(nomination.pk)


def submitted(nomination):
    return api.submit_nomination(actor=nomination.nominator, nomination=api.get_nomination(nomination.pk))


def to_screening(cycle, admin_user):
    program.override_phase(actor=admin_user, cycle=cycle, phase="screening", reason="Test: screening now.")


@pytest.fixture
def users(nominator, nominee, endorser, stranger, panelist, chair, admin_user):
    return {
        "anonymous": None,
        "stranger": stranger,
        "nominator": nominator,
        "nominee": nominee,
        "endorser": endorser,
        "panelist": panelist,
        "chair": chair,
        "admin": admin_user,
    }


@pytest.fixture
def call(client_for, users):
    """call(role or user, method, path, body) → response."""

    def make(who, method, path, body=None):
        user = users[who] if isinstance(who, str) else who
        return getattr(client_for(user), method)(path, body, format="json")

    return make


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def local_path(link: str) -> str:
    assert link.startswith(settings.SITE_URL + "/"), link
    return link.removeprefix(settings.SITE_URL)


# --- POST /nominations/ --------------------------------------------------------------------------


def test_nominate_a_peer_makes_a_draft_and_asks_the_nominee_by_email(
    call, nominator, nia, cycle, sending, mailoutbox
):
    body = {
        "cycle": "spring",
        "track": "engineer",
        "nominee": nia.pk,
        "statement": "Nia **rebuilt** the course outline.",
        "evidence": [evidence(), evidence(kind="blog_post", title="Post", url="http://blog.example.org/p")],
    }
    with sending():
        response = call(nominator, "post", URL, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["self_nomination"], data["nominee_consent"]) == ("draft", False, None)
    assert (data["cycle"], data["track"], data["nominee"]["id"]) == ("spring", "engineer", nia.pk)
    assert data["statement"] == body["statement"]
    assert [item["title"] for item in data["evidence"]] == ["Course outline MFE", "Post"]
    assert data["link"] == f"/nominations/{data['id']}/"
    nomination = Nomination.objects.get(pk=data["id"])
    assert nomination.nominator == nominator
    event = AuditEvent.objects.get(verb="nomination.created", object_id=str(nomination.pk))
    assert (event.actor, event.to_state) == (nominator, "draft")
    assert [message.to for message in mailoutbox] == [["nia@example.org"]]


def test_nominate_self_is_consented_at_once_and_sends_no_consent_email(
    call, nominator, cycle, sending, mailoutbox
):
    body = {
        "cycle": "spring",
        "track": "engineer",
        "nominee": nominator.contributor_id,
        "evidence": [],
        "list_publicly": False,
    }
    with sending():
        response = call(nominator, "post", URL, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["state"], data["self_nomination"], data["nominee_consent"]) == ("draft", True, True)
    assert data["list_publicly"] is False
    assert mailoutbox == []


def test_nominate_someone_new_registers_them_in_the_same_step(call, nominator, cycle, sending, mailoutbox):
    body = {
        "cycle": "spring",
        "track": "engineer",
        "nominee_new": {"kind": "person", "name": "Newt Newcomer", "email": "newt@example.org"},
        "statement": "Newt fixed the importer.",
        "evidence": [evidence()],
    }
    with sending():
        response = call(nominator, "post", URL, body)
    assert response.status_code == 201, response.content
    newt = Contributor.objects.get(email="newt@example.org")
    assert response.json()["nominee"] == {"id": newt.pk, "kind": "person", "name": "Newt Newcomer"}
    assert AuditEvent.objects.filter(verb="contributor.created", object_id=str(newt.pk)).exists()
    assert [message.to for message in mailoutbox] == [["newt@example.org"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"cycle": "autumn"}, "cycle"),  # nominations closed
        ({"track": "astronaut"}, "track"),
        ({"evidence": [evidence(date="yesterday")]}, "evidence[0].date"),
        ({"nominee_new": {"kind": "person", "name": "Newt", "email": "not-an-address"}}, "nominee_new.email"),
        ({"nominee_new": {"kind": "robot", "name": "Newt", "email": "newt@example.org"}}, "nominee_new.kind"),
    ],
)
def test_nominate_someone_new_refused_leaves_no_contributor_behind(
    call, nominator, cycle, closed_cycle, unchanged, changes, field
):
    body = {
        "cycle": "spring",
        "track": "engineer",
        "nominee_new": {"kind": "person", "name": "Newt Newcomer", "email": "newt@example.org"},
        "evidence": [evidence()],
        **changes,
    }
    with unchanged():
        response = call(nominator, "post", URL, body)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Contributor.objects.filter(name__startswith="Newt").exists()


def test_nominate_anonymous_is_401(call, nia, cycle, unchanged):
    with unchanged():
        response = call("anonymous", "post", URL, {"cycle": "spring", "track": "engineer", "nominee": nia.pk})
    assert response.status_code == 401


@pytest.mark.parametrize("role", ["stranger", "panelist", "chair", "admin"])
def test_nominate_any_signed_in_user_may_nominate(call, nia, cycle, role):
    body = {"cycle": "spring", "track": "engineer", "nominee": nia.pk, "evidence": [evidence()]}
    assert call(role, "post", URL, body).status_code == 201


def test_nominate_unknown_cycle_is_a_400_on_the_cycle(call, nominator, nia, cycle, unchanged):
    with unchanged():
        response = call(nominator, "post", URL, {"cycle": "2099", "track": "engineer", "nominee": nia.pk})
    assert response.status_code == 400
    assert response.json() == {"cycle": ["No cycle “2099”; GET /api/v1/cycles/ lists the cycles by slug."]}


def test_nominate_unknown_track_is_a_400_naming_the_tracks(call, nominator, nia, cycle, unchanged):
    with unchanged():
        response = call(nominator, "post", URL, {"cycle": "spring", "track": "astronaut", "nominee": nia.pk})
    assert response.status_code == 400
    assert response.json() == {
        "track": ["No track “astronaut”; the tracks are engineer, advocate, innovator, partner."]
    }


def test_nominate_in_a_closed_cycle_is_a_400_saying_when_it_closed(
    call, nominator, nia, closed_cycle, unchanged
):
    with unchanged():
        response = call(nominator, "post", URL, {"cycle": "autumn", "track": "engineer", "nominee": nia.pk})
    assert response.status_code == 400
    assert response.json()["cycle"] == [
        f"Nominations for autumn cohort closed on {program.human(closed_cycle.nominations_close)}."
    ]


def test_nominate_after_an_admin_closed_the_window_is_a_400(
    call, nominator, nia, cycle, admin_user, unchanged
):
    program.override_phase(actor=admin_user, cycle=cycle, phase="screening", reason="Closed early.")
    with unchanged():
        response = call(nominator, "post", URL, {"cycle": "spring", "track": "engineer", "nominee": nia.pk})
    assert response.status_code == 400
    assert "closed" in response.json()["cycle"][0]


def test_nominate_before_the_window_opens_is_a_400(call, nominator, nia, unchanged):
    CycleFactory(slug="later", nominations_open=timezone.localdate() + dt.timedelta(days=10))
    with unchanged():
        response = call(nominator, "post", URL, {"cycle": "later", "track": "engineer", "nominee": nia.pk})
    assert response.status_code == 400
    assert " open on " in response.json()["cycle"][0]


def test_nominate_twice_is_a_400_linking_the_existing_nomination(
    call, stranger, invitee, nomination, unchanged
):
    body = {"cycle": "spring", "track": "engineer", "nominee": nomination.nominee_id}
    with unchanged():
        response = call(invitee, "post", URL, body)
    assert response.status_code == 400
    data = response.json()
    assert data["existing"] == [f"/nominations/{nomination.pk}/"]
    assert "already nominated" in data["nominee"][0]
    assert f"/nominations/{nomination.pk}/" in data["nominee"][0]
    # The link only for a caller who may see the nomination.
    with unchanged():
        response = call(stranger, "post", URL, body)
    assert response.status_code == 400
    data = response.json()
    assert "existing" not in data
    assert "already nominated" in data["nominee"][0]
    assert f"/nominations/{nomination.pk}/" not in data["nominee"][0]


def test_nominate_again_after_a_withdrawal_is_allowed(call, stranger, nomination):
    api.withdraw(actor=nomination.nominator, nomination=nomination)
    body = {"cycle": "spring", "track": "engineer", "nominee": nomination.nominee_id}
    assert call(stranger, "post", URL, body).status_code == 201


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        (evidence(date="2024-13-45"), "date", "is not a date"),
        (evidence(date="last week"), "date", "is not a date"),
        # Two days ahead: still in the future when the suite runs across midnight after import.
        (evidence(date=(timezone.localdate() + dt.timedelta(days=2)).isoformat()), "date", "future"),
        (evidence(url="javascript:alert(1)"), "url", ""),
        (evidence(url="ftp://files.example.org/x"), "url", ""),
        (evidence(url=""), "url", "Give a link"),
        (evidence(kind="rumour"), "kind", "Unknown kind"),
        (evidence(title="  "), "title", "Give a title"),
    ],
)
def test_nominate_with_bad_evidence_is_a_400_on_that_item(
    call, nominator, nia, cycle, unchanged, item, field, message
):
    body = {"cycle": "spring", "track": "engineer", "nominee": nia.pk, "evidence": [evidence(), item]}
    with unchanged():
        response = call(nominator, "post", URL, body)
    assert response.status_code == 400, response.content
    data = response.json()
    assert list(data) == [f"evidence[1].{field}"]
    assert message in data[f"evidence[1].{field}"][0]


def test_nominate_statement_over_20000_characters_is_a_400(call, nominator, nia, cycle, unchanged):
    body = {"cycle": "spring", "track": "engineer", "nominee": nia.pk, "statement": "x" * 20_001}
    with unchanged():
        response = call(nominator, "post", URL, body)
    assert response.status_code == 400
    assert response.json() == {"statement": ["Keep the statement under 20,000 characters (it has 20,001)."]}


def test_nominate_statement_of_exactly_20000_characters_is_fine(call, nominator, nia, cycle):
    body = {"cycle": "spring", "track": "engineer", "nominee": nia.pk, "statement": "x" * 20_000}
    assert call(nominator, "post", URL, body).status_code == 201


def test_nominate_html_and_script_are_stored_and_returned_verbatim(call, nominator, nia, cycle):
    text = '<script>alert("x")</script><img src=x onerror=alert(1)> & **bold**\n\n    code'
    item = evidence(title='<b onclick="alert(1)">PR</b>')
    body = {"cycle": "spring", "track": "engineer", "nominee": nia.pk, "statement": text, "evidence": [item]}
    response = call(nominator, "post", URL, body)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["statement"] == text
    assert data["evidence"][0]["title"] == item["title"]
    assert Nomination.objects.get(pk=data["id"]).statement == text
    assert call(nominator, "get", f"{URL}{data['id']}/").json()["statement"] == text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "nominee"),
        ({"nominee": 999_999}, "nominee"),
        ({"nominee": "Nia"}, "nominee"),
        (
            {"nominee": "{nia}", "nominee_new": {"kind": "person", "name": "N", "email": "n@example.org"}},
            "nominee_new",
        ),
        ({"nominee": "{nia}", "evidence": "a pull request"}, "evidence"),
        ({"nominee": "{nia}", "statement": None}, "statement"),
    ],
)
def test_nominate_malformed_body_is_a_400_on_the_field(call, nominator, nia, cycle, unchanged, body, field):
    body = {key: nia.pk if value == "{nia}" else value for key, value in body.items()}
    with unchanged():
        response = call(nominator, "post", URL, {"cycle": "spring", "track": "engineer", **body})
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_nominate_a_nominee_without_email_is_a_400(call, nominator, cycle, unchanged):
    ghost = ContributorFactory(name="No Mail", email="")
    with unchanged():
        response = call(nominator, "post", URL, {"cycle": "spring", "track": "engineer", "nominee": ghost.pk})
    assert response.status_code == 400
    assert "no e-mail address" in response.json()["nominee"][0]


# --- GET /nominations/ ---------------------------------------------------------------------------


def test_list_shows_each_caller_what_they_may_see(call, endorsed, nominator, stranger, cycle):
    own = draft(stranger, stranger.contributor, cycle)  # the stranger's self-nomination
    expected = {
        "stranger": {own.pk},
        "nominator": {endorsed.pk},
        "nominee": {endorsed.pk},
        "endorser": {endorsed.pk},
        # A panelist sees only what is assigned to them or in deliberation: neither draft.
        "panelist": set(),
        # A draft is its parties', its invited endorsers' and the admins': never the chair's.
        "chair": set(),
        "admin": {endorsed.pk, own.pk},
    }
    for role, ids in expected.items():
        response = call(role, "get", URL)
        assert response.status_code == 200, role
        data = response.json()
        assert {row["id"] for row in data["results"]} == ids, role
        assert data["count"] == len(ids)
    assert call("anonymous", "get", URL).status_code == 401


def test_list_rows_have_the_summary_fields(call, endorsed):
    row = call("nominator", "get", URL).json()["results"][0]
    assert row["id"] == endorsed.pk
    assert row["state"] == "draft"
    assert (row["cycle"], row["track"]) == ("spring", "engineer")
    assert (row["evidence_count"], row["endorsement_count"]) == (1, 1)
    assert "statement" not in row
    assert "endorsements" not in row


def test_list_filters_by_cycle_track_and_state(call, nomination, nominator, closed_cycle, cycle):
    partner = api.nominate(
        actor=nominator,
        cycle=cycle,
        track=program.get_track("advocate"),
        nominee=nominator.contributor,
        evidence=[evidence()],
        statement="Me.",
        list_publicly=True,
    )
    submitted(api.get_nomination(partner.pk))

    def ids(query):
        response = call("admin", "get", URL + query)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {nomination.pk, partner.pk}
    assert ids("?cycle=spring") == {nomination.pk, partner.pk}
    assert ids("?cycle=autumn") == set()
    assert ids("?track=engineer") == {nomination.pk}
    assert ids("?track=advocate") == {partner.pk}
    assert ids("?state=draft") == {nomination.pk}
    assert ids("?state=submitted&track=advocate&cycle=spring") == {partner.pk}


def test_list_unknown_state_filter_is_a_400(call, nomination):
    response = call("admin", "get", URL + "?state=imaginary")
    assert response.status_code == 400
    assert "state" in response.json()


def make_nominations(count: int, nominator, cycle, start: int = 0) -> None:
    """`count` peer nominations, each with evidence, consent and an endorsement."""
    for n in range(start, start + count):
        profile = ContributorFactory(email=f"peer{n}@example.org")
        nomination = draft(nominator, profile, cycle, items=2)
        endorser = UserFactory(contributor=ContributorFactory())
        endorse_as_invited(actor=endorser, nomination=nomination, relationship="Colleague", statement="Yes.")


@pytest.mark.parametrize("role", ["nominator", "admin"])
def test_list_takes_the_same_number_of_queries_for_1_or_10_nominations(
    call, nominator, cycle, role, django_assert_max_num_queries
):
    make_nominations(1, nominator, cycle)
    with CaptureQueriesContext(connection) as one:
        assert call(role, "get", URL).json()["count"] == 1
    make_nominations(9, nominator, cycle, start=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert call(role, "get", URL).json()["count"] == 10


# --- GET /nominations/{id}/ ----------------------------------------------------------------------

DETAIL_STATUS = {
    "anonymous": 401,
    "stranger": 404,
    "nominator": 200,
    "nominee": 200,
    "endorser": 200,
    "panelist": 404,  # a draft is neither assigned to them nor in deliberation
    "chair": 404,  # a draft is not the chair's business until it is submitted
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_detail_is_visible_to_the_parties_and_the_panel_and_a_404_to_others(call, endorsed, role):
    response = call(role, "get", f"{URL}{endorsed.pk}/")
    assert response.status_code == DETAIL_STATUS[role], response.content
    if response.status_code == 404:
        # The same answer as for an id that does not exist.
        assert response.json() == call(role, "get", f"{URL}999999/").json()


def test_detail_of_an_unknown_nomination_is_a_404(call, nomination):
    assert call("admin", "get", f"{URL}999999/").status_code == 404


def test_detail_has_the_nomination_its_evidence_and_consent(call, endorsed, nominee):
    api.update_nomination(actor=nominee, nomination=endorsed, nominee_statement="Thanks!")
    data = call("nominator", "get", f"{URL}{endorsed.pk}/").json()
    assert data["id"] == endorsed.pk
    assert (data["state"], data["nominee_consent"], data["self_nomination"]) == ("draft", True, False)
    assert data["consent_answered"] is not None
    assert (data["statement"], data["nominee_statement"]) == ("Nia rebuilt the outline.", "Thanks!")
    assert data["nominee"] == {"id": endorsed.nominee_id, "kind": "person", "name": "Nia Nominee"}
    assert data["nominator"]["id"] == endorsed.nominator_id
    assert [item["title"] for item in data["evidence"]] == ["PR 0"]


def endorse_twice(nomination):
    """An endorsement the nominee may read and one they may not."""
    open_one = UserFactory(username="olive", name="Olive Open", contributor=ContributorFactory())
    private = UserFactory(username="pete", name="Pete Private", contributor=ContributorFactory())
    endorse_as_invited(
        actor=open_one, nomination=nomination, relationship="Co-maintainer", statement="Open words."
    )
    endorse_as_invited(
        actor=private,
        nomination=nomination,
        relationship="Manager",
        statement="Private words.",
        visible_to_nominee=False,
    )
    return open_one, private


@pytest.mark.parametrize(
    ("role", "statements"),
    [
        ("admin", ["Superb.", "Open words.", "Private words."]),
        ("nominator", ["Superb.", "Open words.", None]),
        ("nominee", ["Superb.", "Open words.", None]),
        ("endorser", ["Superb.", None, None]),
    ],
)
def test_detail_shows_endorsement_statements_only_to_those_who_may_read_them(
    call, endorsed, role, statements
):
    endorse_twice(endorsed)
    for path in (f"{URL}{endorsed.pk}/", f"{URL}{endorsed.pk}/endorsements/"):
        data = call(role, "get", path).json()
        rows = data["endorsements"] if "endorsements" in data else data["results"]
        assert [row["statement"] for row in rows] == statements, path
        # Everyone who sees the nomination sees who endorsed and how they know the nominee.
        assert [row["endorser"]["name"] for row in rows] == ["Edna Endorser", "Olive Open", "Pete Private"]
        assert [row["relationship"] for row in rows] == ["Reviewed her PRs", "Co-maintainer", "Manager"]


@pytest.mark.parametrize("role", ["nominator", "nominee", "endorser", "admin"])
def test_detail_shows_eligibility_checks_only_to_the_chair_and_admins(call, endorsed, role):
    data = call(role, "get", f"{URL}{endorsed.pk}/").json()
    if role in {"chair", "admin"}:
        assert {check["rule"] for check in data["eligibility"]["checks"]} == {
            "window",
            "not_a_member",
            "endorsements",
            "sustained",
            "subject",
        }
        assert data["eligibility"]["eligible"] is False  # not submitted yet
    else:
        assert data["eligibility"] is None


@pytest.mark.parametrize(
    ("role", "reason", "screened_by"),
    [
        ("nominator", "Too few endorsements.", False),
        ("nominee", "Too few endorsements.", False),
        ("endorser", None, False),
        ("chair", "Too few endorsements.", True),
        ("admin", "Too few endorsements.", True),
    ],
)
def test_detail_shows_the_screening_reason_to_the_parties_and_the_details_to_screeners(
    call, endorsed, cycle, admin_user, chair, role, reason, screened_by
):
    submitted(endorsed)
    to_screening(cycle, admin_user)
    api.screen(
        actor=chair,
        nomination=api.get_nomination(endorsed.pk),
        eligible=False,
        reason=reason or "Too few endorsements.",
    )
    data = call(role, "get", f"{URL}{endorsed.pk}/").json()
    assert data["state"] == "ineligible"
    assert data["screening_reason"] == reason
    assert (data["screened_by"] == {"id": chair.pk, "name": chair.display_name}) is screened_by
    assert (data["screened"] is not None) is screened_by


def test_detail_shows_endorsement_requests_to_the_parties_only(call, nomination):
    api.request_endorsements(actor=nomination.nominator, nomination=nomination, emails=["ann@example.org"])
    for role in ("nominator", "nominee"):
        requests = call(role, "get", f"{URL}{nomination.pk}/").json()["endorsement_requests"]
        assert [row["email"] for row in requests] == ["ann@example.org"]
    assert call("admin", "get", f"{URL}{nomination.pk}/").json()["endorsement_requests"] is None
    assert call("chair", "get", f"{URL}{nomination.pk}/").status_code == 404


# --- PATCH /nominations/{id}/ --------------------------------------------------------------------


def test_patch_the_nominator_changes_the_statement(call, nomination, nominator):
    response = call("nominator", "patch", f"{URL}{nomination.pk}/", {"statement": "A better statement."})
    assert response.status_code == 200, response.content
    assert response.json()["statement"] == "A better statement."
    assert Nomination.objects.get(pk=nomination.pk).statement == "A better statement."
    event = AuditEvent.objects.get(verb="nomination.edited")
    assert (event.actor, event.data) == (nominator, {"changed": ["statement"]})


def test_patch_the_nominee_adds_their_own_words(call, nomination):
    response = call("nominee", "patch", f"{URL}{nomination.pk}/", {"nominee_statement": "<i>Thank you</i>"})
    assert response.status_code == 200, response.content
    assert response.json()["nominee_statement"] == "<i>Thank you</i>"


@pytest.mark.parametrize(
    ("role", "body", "status", "field"),
    [
        ("nominator", {"nominee_statement": "I speak for Nia."}, 400, "nominee_statement"),
        ("nominee", {"statement": "Rewritten by me."}, 400, "statement"),
        ("nominator", {"statment": "typo"}, 400, "statment"),
        ("nominator", {"statement": "x" * 20_001}, 400, "statement"),
        ("nominator", {"statement": None}, 400, "statement"),
        ("endorser", {"statement": "Mine now."}, 403, None),
        ("panelist", {"statement": "Mine now."}, 404, None),
        ("chair", {"statement": "Mine now."}, 404, None),
        ("stranger", {"statement": "Mine now."}, 404, None),
        ("anonymous", {"statement": "Mine now."}, 401, None),
    ],
)
def test_patch_refused_changes_nothing(call, endorsed, unchanged, role, body, status, field):
    with unchanged():
        response = call(role, "patch", f"{URL}{endorsed.pk}/", body)
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()


def test_patch_after_the_window_closed_is_a_400(call, nomination, cycle, admin_user, unchanged):
    program.override_phase(actor=admin_user, cycle=cycle, phase="screening", reason="Closed.")
    with unchanged():
        response = call("nominator", "patch", f"{URL}{nomination.pk}/", {"statement": "Late."})
    assert response.status_code == 400
    assert "closed" in response.json()["cycle"][0]


# --- evidence --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["nominator", "nominee"])
def test_add_evidence_201(call, nomination, role):
    response = call(role, "post", f"{URL}{nomination.pk}/evidence/", evidence(title="Second PR"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["title"], data["date"], data["kind"]) == ("Second PR", days_ago(200), "pull_request")
    assert Evidence.objects.filter(nomination=nomination).count() == 2
    assert AuditEvent.objects.filter(verb="nomination.evidence_added").count() == 1


@pytest.mark.parametrize(
    ("item", "field"),
    [
        (evidence(date="2025-02-30"), "date"),
        (evidence(date=(timezone.localdate() + dt.timedelta(days=3)).isoformat()), "date"),
        (evidence(url="javascript:alert(document.cookie)"), "url"),
        (evidence(url="ftp://example.org/file"), "url"),
        (evidence(url="data:text/html,<script>alert(1)</script>"), "url"),
        (evidence(url=""), "url"),
        (evidence(kind=""), "kind"),
        (evidence(title="x" * 301), "title"),
    ],
)
def test_add_bad_evidence_is_a_400_on_the_field(call, nomination, unchanged, item, field):
    with unchanged():
        response = call("nominator", "post", f"{URL}{nomination.pk}/evidence/", item)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("stranger", 404), ("endorser", 403), ("panelist", 404), ("admin", 403)],
)
def test_add_evidence_by_others_is_refused(call, endorsed, unchanged, role, status):
    with unchanged():
        response = call(role, "post", f"{URL}{endorsed.pk}/evidence/", evidence())
    assert response.status_code == status


def test_remove_evidence_204(call, nomination):
    item = nomination.evidence.get()
    response = call("nominee", "delete", f"{URL}{nomination.pk}/evidence/{item.pk}/")
    assert response.status_code == 204
    assert not Evidence.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.get(verb="nomination.evidence_removed").data == {"evidence": item.pk}


def test_remove_evidence_of_another_nomination_is_a_404(call, nomination, nominator, cycle, unchanged):
    other = draft(nominator, nominator.contributor, cycle)
    item = other.evidence.get()
    with unchanged():
        response = call("nominator", "delete", f"{URL}{nomination.pk}/evidence/{item.pk}/")
    assert response.status_code == 404
    with unchanged():
        assert call("nominator", "delete", f"{URL}{nomination.pk}/evidence/999999/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("stranger", 404), ("endorser", 403), ("panelist", 404), ("chair", 404)],
)
def test_remove_evidence_by_others_is_refused(call, endorsed, unchanged, role, status):
    item = endorsed.evidence.get()
    with unchanged():
        response = call(role, "delete", f"{URL}{endorsed.pk}/evidence/{item.pk}/")
    assert response.status_code == status


def test_evidence_of_a_submitted_nomination_after_the_window_is_refused(
    call, nomination, cycle, admin_user, unchanged
):
    submitted(nomination)
    to_screening(cycle, admin_user)
    item = nomination.evidence.get()
    with unchanged():
        assert call("nominator", "post", f"{URL}{nomination.pk}/evidence/", evidence()).status_code == 400
        assert call("nominator", "delete", f"{URL}{nomination.pk}/evidence/{item.pk}/").status_code == 400


# --- consent -------------------------------------------------------------------------------------


@pytest.fixture
def unanswered(nominator, nominee, nia, cycle):
    """A peer nomination the nominee has not answered yet."""
    return draft(nominator, nia, cycle, consent=False)


def test_consent_the_signed_in_nominee_accepts_with_an_addition(call, unanswered, sending, mailoutbox):
    with sending():
        response = call(
            "nominee",
            "post",
            f"{URL}{unanswered.pk}/consent/",
            {"consent": True, "list_publicly": True, "addition": "Honoured."},
        )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["nominee_consent"], data["nominee_statement"], data["state"]) == (True, "Honoured.", "draft")
    assert AuditEvent.objects.filter(verb="nomination.consent_given").count() == 1
    assert [message.to for message in mailoutbox] == [[unanswered.nominator.email]]
    assert local_path(links_in(mailoutbox[0])[0]) == f"/nominations/{unanswered.pk}/"


def test_consent_with_the_emailed_link_works_without_signing_in(
    call, client, nominator, nia, cycle, sending, mailoutbox
):
    with sending():
        created = call(nominator, "post", URL, {"cycle": "spring", "track": "engineer", "nominee": nia.pk})
    pk = created.json()["id"]
    [message] = mailoutbox
    assert message.to == ["nia@example.org"]
    [link] = links_in(message)
    path = local_path(link)
    assert resolve(urlsplit(path).path).view_name == "nominations:consent"
    assert resolve(urlsplit(path).path).kwargs == {"nomination_id": pk}
    assert client.get(path).status_code == 200  # the page opens without signing in
    [token] = parse_qs(urlsplit(path).query)["token"]
    response = call(
        "anonymous", "post", f"{URL}{pk}/consent/", {"consent": True, "list_publicly": True, "token": token}
    )
    assert response.status_code == 200, response.content
    assert response.json()["nominee_consent"] is True
    event = AuditEvent.objects.get(verb="nomination.consent_given")
    assert event.actor is None


def test_consent_declined_withdraws_the_nomination(call, unanswered):
    response = call("nominee", "post", f"{URL}{unanswered.pk}/consent/", {"consent": False})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["nominee_consent"]) == ("withdrawn", False)
    assert Nomination.objects.get(pk=unanswered.pk).live is None


@pytest.mark.parametrize(
    ("role", "body", "status"),
    [
        ("anonymous", {"consent": True, "list_publicly": True}, 401),
        # Without the nominee's link, a caller who may not see the draft learns nothing of it.
        ("anonymous", {"consent": True, "list_publicly": True, "token": "forged"}, 404),
        ("stranger", {"consent": True, "list_publicly": True}, 404),
        ("stranger", {"consent": True, "list_publicly": True, "token": "forged"}, 404),
        ("nominator", {"consent": True, "list_publicly": True}, 403),
        ("admin", {"consent": True, "list_publicly": True}, 403),
        ("nominee", {"consent": "perhaps"}, 400),
        ("nominee", {}, 400),
        ("nominee", {"consent": True, "list_publicly": True, "addition": "x" * 20_001}, 400),
    ],
)
def test_consent_by_someone_else_or_with_bad_input_is_refused(
    call, unanswered, unchanged, role, body, status
):
    with unchanged():
        response = call(role, "post", f"{URL}{unanswered.pk}/consent/", body)
    assert response.status_code == status, response.content


def test_consent_with_a_token_for_another_nomination_is_a_404(call, unanswered, nominator, cycle, unchanged):
    other = draft(nominator, ContributorFactory(email="other@example.org"), cycle, consent=False)
    token = api.invitation_token(other, "consent", "other@example.org")
    with unchanged():
        response = call(
            "anonymous",
            "post",
            f"{URL}{unanswered.pk}/consent/",
            {"consent": True, "list_publicly": True, "token": token},
        )
    assert response.status_code == 404


def test_consent_with_an_endorsement_token_is_a_404(call, unanswered, unchanged):
    token = api.invitation_token(unanswered, "endorse", "ann@example.org")
    with unchanged():
        response = call(
            "anonymous",
            "post",
            f"{URL}{unanswered.pk}/consent/",
            {"consent": True, "list_publicly": True, "token": token},
        )
    assert response.status_code == 404


def test_consent_twice_is_a_400_saying_it_was_answered(call, nomination, unchanged):
    with unchanged():
        response = call("nominee", "post", f"{URL}{nomination.pk}/consent/", {"consent": False})
    assert response.status_code == 400
    assert response.json() == {"state": ["The nominee already accepted this nomination."]}


def test_consent_to_an_unknown_nomination_is_a_404(call, nomination):
    assert (
        call("nominee", "post", f"{URL}999999/consent/", {"consent": True, "list_publicly": True}).status_code
        == 404
    )


# --- endorsement requests ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["nominator", "nominee"])
def test_request_endorsements_emails_each_invitee_a_working_link(
    call, client, stranger, nomination, role, sending, mailoutbox
):
    body = {"emails": ["ann@example.org", "bob@example.org"], "message": "Would you endorse Nia?"}
    with sending():
        response = call(role, "post", f"{URL}{nomination.pk}/endorsement-requests/", body)
    assert response.status_code == 201, response.content
    assert [row["email"] for row in response.json()["requests"]] == ["ann@example.org", "bob@example.org"]
    assert EndorsementRequest.objects.filter(nomination=nomination).count() == 2
    assert sorted(message.to[0] for message in mailoutbox) == ["ann@example.org", "bob@example.org"]
    for message in mailoutbox:
        assert "Would you endorse Nia?" in message.body
        path = local_path(links_in(message)[0])
        match = resolve(urlsplit(path).path)
        assert (match.view_name, match.kwargs) == ("nominations:nomination", {"nomination_id": nomination.pk})
        [token] = parse_qs(urlsplit(path).query)["token"]
        assert api.verify_token(token, nomination, "endorse")
    # An invitee who follows the link, signs in and endorses.
    client.force_login(stranger)
    assert client.get(local_path(links_in(mailoutbox[0])[0])).status_code == 200
    body = {"relationship": "Colleague", "statement": "Yes."}
    assert call(stranger, "post", f"{URL}{nomination.pk}/endorsements/", body).status_code == 201


def test_request_endorsements_message_reaches_the_invitee_as_written(call, nomination, sending, mailoutbox):
    message = 'Tom & Jerry say "endorse her" <3'
    with sending():
        response = call(
            "nominator",
            "post",
            f"{URL}{nomination.pk}/endorsement-requests/",
            {"emails": ["ann@example.org"], "message": message},
        )
    assert response.status_code == 201
    assert message in mailoutbox[0].body


@pytest.mark.parametrize(
    ("role", "body", "status", "field"),
    [
        ("nominator", {"emails": []}, 400, "emails"),
        ("nominator", {"emails": ["not-an-address"]}, 400, "emails"),
        ("nominator", {"emails": "ann@example.org"}, 400, "emails"),
        ("nominator", {"emails": [f"p{n}@example.org" for n in range(11)]}, 400, "emails"),
        ("nominator", {"emails": ["nia@example.org"]}, 400, "emails"),
        ("nominator", {"emails": ["ann@example.org"], "message": "x" * 5_001}, 400, "message"),
        ("endorser", {"emails": ["ann@example.org"]}, 403, None),
        ("panelist", {"emails": ["ann@example.org"]}, 404, None),
        ("admin", {"emails": ["ann@example.org"]}, 403, None),
        ("stranger", {"emails": ["ann@example.org"]}, 404, None),
        ("anonymous", {"emails": ["ann@example.org"]}, 401, None),
    ],
)
def test_request_endorsements_refused_changes_nothing(call, endorsed, unchanged, role, body, status, field):
    with unchanged():
        response = call(role, "post", f"{URL}{endorsed.pk}/endorsement-requests/", body)
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()


# --- endorsements ----------------------------------------------------------------------------------


def invitation_for(nomination, user) -> str:
    """The nominator asks `user` to endorse; the token of the link they are e-mailed."""
    api.request_endorsements(actor=nomination.nominator, nomination=nomination, emails=[user.email])
    return api.invitation_token(nomination, "endorse", user.email)


@pytest.fixture
def invitee(nomination):
    """A member invited to endorse who opened the link with their account."""
    user = UserFactory(username="ivy", name="Ivy Invitee", contributor=ContributorFactory())
    api.accept_invitation(actor=user, nomination=nomination, token=invitation_for(nomination, user))
    return user


def test_endorse_201_and_the_parties_hear_of_it(call, nomination, endorser, sending, mailoutbox):
    body = {
        "relationship": "Reviewed her PRs for two years",
        "statement": "She is <b>great</b>.",
        "token": invitation_for(nomination, endorser),
    }
    with sending():
        response = call(endorser, "post", f"{URL}{nomination.pk}/endorsements/", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["statement"] == "She is <b>great</b>."
    assert (data["endorser"]["id"], data["endorser"]["contributor"]) == (endorser.pk, endorser.contributor_id)
    assert data["visible_to_nominee"] is True
    assert Endorsement.objects.get(nomination=nomination).endorser == endorser
    assert AuditEvent.objects.filter(verb="nomination.endorsed").count() == 1
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [nomination.nominator.email, "nia@example.org"]
    )
    for message in mailoutbox:
        assert local_path(links_in(message)[0]) == f"/nominations/{nomination.pk}/"


def test_endorse_privately(call, nomination, invitee):
    body = {"relationship": "Her manager", "statement": "Private.", "visible_to_nominee": False}
    response = call(invitee, "post", f"{URL}{nomination.pk}/endorsements/", body)
    assert response.status_code == 201
    assert response.json()["statement"] == "Private."  # the endorser reads their own words
    assert Endorsement.objects.get().visible_to_nominee is False


def test_endorse_needs_the_right_to_see_and_never_grants_it(call, nomination, stranger, unchanged):
    """A member who may not see a nomination gets the reader's answer, a 404, and no endorsement."""
    body = {"relationship": "Colleague", "statement": "Yes."}
    not_found = call(stranger, "get", f"{URL}999999/").json()
    with unchanged():
        response = call(stranger, "post", f"{URL}{nomination.pk}/endorsements/", body)
    assert (response.status_code, response.json()) == (404, not_found)
    assert call(stranger, "get", f"{URL}{nomination.pk}/").status_code == 404
    assert call(stranger, "get", f"{URL}{nomination.pk}/endorsements/").status_code == 404
    # A bad body tells them no more: the same 404, before the body is read.
    with unchanged():
        response = call(stranger, "post", f"{URL}{nomination.pk}/endorsements/", {"relationship": ""})
    assert (response.status_code, response.json()) == (404, not_found)
    # A token of another nomination or purpose opens nothing either.
    for token in (api.invitation_token(nomination, "consent", stranger.email), "garbage"):
        with unchanged():
            response = call(stranger, "post", f"{URL}{nomination.pk}/endorsements/", {**body, "token": token})
        assert response.status_code == 404


def test_invited_endorser_opens_the_invitation_then_reads_and_endorses(call, nomination, stranger):
    token = invitation_for(nomination, stranger)
    response = call(stranger, "post", f"{URL}{nomination.pk}/invitation/", {"token": token})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == nomination.pk
    assert AuditEvent.objects.filter(verb="nomination.invitation_accepted").count() == 1
    assert call(stranger, "get", f"{URL}{nomination.pk}/").status_code == 200
    body = {"relationship": "Colleague", "statement": "Yes."}
    assert call(stranger, "post", f"{URL}{nomination.pk}/endorsements/", body).status_code == 201
    # Opening it again changes nothing; another account cannot claim the same invitation.
    assert call(stranger, "post", f"{URL}{nomination.pk}/invitation/", {"token": token}).status_code == 200
    other = UserFactory(contributor=ContributorFactory())
    response = call(other, "post", f"{URL}{nomination.pk}/invitation/", {"token": token})
    assert response.status_code == 403
    assert "another account" in response.json()["detail"]
    assert call(other, "get", f"{URL}{nomination.pk}/").status_code == 404
    assert AuditEvent.objects.filter(verb="nomination.invitation_accepted").count() == 1


@pytest.mark.parametrize("body", [{}, {"token": ""}, {"token": "x" * 1001}, {"token": "garbage"}])
def test_invitation_with_a_bad_token_changes_nothing(call, nomination, stranger, unchanged, body):
    with unchanged():
        response = call(stranger, "post", f"{URL}{nomination.pk}/invitation/", body)
    assert response.status_code in (400, 404)
    assert call(stranger, "get", f"{URL}{nomination.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("role", "body", "status", "field"),
    [
        ("nominee", {"relationship": "Myself", "statement": "I am great."}, 403, None),
        ("nominator", {"relationship": "I nominated her", "statement": "Great."}, 403, None),
        ("endorser", {"relationship": "Again", "statement": "Still great."}, 400, "endorser"),
        ("anonymous", {"relationship": "Fan", "statement": "Great."}, 401, None),
        ("stranger", {"relationship": "Colleague", "statement": "Great."}, 404, None),
        ("chair", {"relationship": "Colleague", "statement": "Great."}, 404, None),
        ("invitee", {"relationship": "", "statement": "Great."}, 400, "relationship"),
        ("invitee", {"relationship": "x" * 201, "statement": "Great."}, 400, "relationship"),
        ("invitee", {"relationship": "Colleague", "statement": "   "}, 400, "statement"),
        ("invitee", {"relationship": "Colleague", "statement": "x" * 5_001}, 400, "statement"),
        ("invitee", {"relationship": "Colleague"}, 400, "statement"),
    ],
)
def test_endorse_refused_changes_nothing(call, endorsed, invitee, unchanged, role, body, status, field):
    who = invitee if role == "invitee" else role
    with unchanged():
        response = call(who, "post", f"{URL}{endorsed.pk}/endorsements/", body)
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()


def test_endorse_without_a_contributor_profile_is_a_400(call, nomination, unchanged):
    no_profile = UserFactory()
    token = invitation_for(nomination, no_profile)
    with unchanged():
        response = call(
            no_profile,
            "post",
            f"{URL}{nomination.pk}/endorsements/",
            {"relationship": "Peer", "statement": "Yes.", "token": token},
        )
    assert response.status_code == 400
    assert "profile" in response.json()["endorser"][0]


def test_endorse_a_submitted_nomination_is_fine_and_a_withdrawn_one_a_400(
    call, nomination, stranger, unchanged
):
    submitted(nomination)
    body = {"relationship": "Colleague", "statement": "Yes."}
    token = invitation_for(nomination, stranger)
    response = call(stranger, "post", f"{URL}{nomination.pk}/endorsements/", {**body, "token": token})
    assert response.status_code == 201
    late = UserFactory(contributor=ContributorFactory())
    late_token = invitation_for(nomination, late)
    api.withdraw(actor=nomination.nominator, nomination=api.get_nomination(nomination.pk))
    with unchanged():
        response = call(late, "post", f"{URL}{nomination.pk}/endorsements/", {**body, "token": late_token})
    assert response.status_code == 400
    assert response.json() == {"state": ["This nomination is withdrawn; it cannot be endorsed now."]}
    # Anyone not invited learns nothing of it, not even that it is withdrawn.
    outsider = UserFactory(contributor=ContributorFactory())
    with unchanged():
        response = call(outsider, "post", f"{URL}{nomination.pk}/endorsements/", body)
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_endorsement_list_is_visible_like_the_nomination(call, endorsed, role):
    response = call(role, "get", f"{URL}{endorsed.pk}/endorsements/")
    assert response.status_code == DETAIL_STATUS[role]
    if response.status_code == 200:
        assert response.json()["count"] == 1


# --- submit ----------------------------------------------------------------------------------------


def test_submit_makes_it_submitted_and_tells_both_parties(call, nomination, sending, mailoutbox):
    with sending():
        response = call("nominator", "post", f"{URL}{nomination.pk}/submit/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == "submitted" and data["submitted"] is not None
    event = AuditEvent.objects.get(verb="nomination.submitted")
    assert (event.from_state, event.to_state) == ("draft", "submitted")
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [nomination.nominator.email, "nia@example.org"]
    )
    for message in mailoutbox:
        assert local_path(links_in(message)[0]) == f"/nominations/{nomination.pk}/"


def test_submit_names_every_unmet_rule(call, nominator, nia, nominee, cycle, unchanged):
    bare = draft(nominator, nia, cycle, consent=False, statement="", items=0)
    with unchanged():
        response = call("nominator", "post", f"{URL}{bare.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {
        "consent": ["Nia Nominee has not accepted the nomination yet."],
        "statement": ["Write the statement: why this nominee, in the track's own terms."],
        "evidence": ["Add at least one piece of evidence with a link."],
    }


def test_submit_with_an_empty_statement_is_a_400(call, nominator, nia, nominee, cycle, unchanged):
    blank = draft(nominator, nia, cycle, statement="   \n ")
    with unchanged():
        response = call("nominator", "post", f"{URL}{blank.pk}/submit/")
    assert response.status_code == 400
    assert list(response.json()) == ["statement"]


def test_submit_twice_is_a_400_naming_the_current_state(call, nomination, unchanged):
    assert call("nominator", "post", f"{URL}{nomination.pk}/submit/").status_code == 200
    with unchanged():
        response = call("nominator", "post", f"{URL}{nomination.pk}/submit/")
    assert response.status_code == 400
    assert response.json() == {"state": ["This nomination is submitted; it cannot be submitted now."]}


def test_submit_after_the_window_closed_is_a_400(call, nomination, cycle, admin_user, unchanged):
    to_screening(cycle, admin_user)
    with unchanged():
        response = call("nominator", "post", f"{URL}{nomination.pk}/submit/")
    assert response.status_code == 400
    assert "closed" in response.json()["cycle"][0]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("stranger", 404),
        ("nominee", 403),
        ("endorser", 403),
        ("panelist", 404),
        ("chair", 404),  # a draft is hidden from the chair
        ("admin", 403),
    ],
)
def test_submit_by_anyone_but_the_nominator_is_refused(call, endorsed, unchanged, role, status):
    with unchanged():
        response = call(role, "post", f"{URL}{endorsed.pk}/submit/")
    assert response.status_code == status


# --- withdraw --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "other"), [("nominator", "nia@example.org"), ("nominee", None)])
def test_withdraw_by_a_party_tells_the_other(call, nomination, role, other, sending, mailoutbox):
    submitted(nomination)
    with sending():
        response = call(role, "post", f"{URL}{nomination.pk}/withdraw/", {"reason": "Next year instead."})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "withdrawn"
    event = AuditEvent.objects.get(verb="nomination.withdrawn")
    assert (event.from_state, event.to_state, event.reason) == (
        "submitted",
        "withdrawn",
        "Next year instead.",
    )
    expected = other or nomination.nominator.email
    assert [message.to for message in mailoutbox] == [[expected]]


def test_withdraw_without_a_reason_is_fine(call, nomination):
    response = call("nominator", "post", f"{URL}{nomination.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["state"] == "withdrawn"


def test_withdraw_after_screening_is_a_400_naming_the_current_state(
    call, nomination, cycle, admin_user, chair, unchanged
):
    submitted(nomination)
    to_screening(cycle, admin_user)
    api.screen(actor=chair, nomination=api.get_nomination(nomination.pk), eligible=True)
    with unchanged():
        response = call(
            "nominator", "post", f"{URL}{nomination.pk}/withdraw/", {"reason": "Changed my mind."}
        )
    assert response.status_code == 400
    assert response.json() == {"state": ["This nomination is eligible; it cannot be withdrawn now."]}


def test_withdraw_twice_is_a_400(call, nomination, unchanged):
    api.withdraw(actor=nomination.nominator, nomination=nomination)
    with unchanged():
        response = call("nominee", "post", f"{URL}{nomination.pk}/withdraw/")
    assert response.status_code == 400
    assert response.json() == {"state": ["This nomination is withdrawn; it cannot be withdrawn now."]}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("stranger", 404),
        ("endorser", 403),
        ("panelist", 404),
        ("chair", 404),  # a draft is hidden from the chair
        ("admin", 403),
    ],
)
def test_withdraw_by_others_is_refused(call, endorsed, unchanged, role, status):
    with unchanged():
        response = call(role, "post", f"{URL}{endorsed.pk}/withdraw/")
    assert response.status_code == status


# --- eligibility -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["chair", "admin"])
def test_eligibility_lists_each_check_with_its_label(call, endorsed, role):
    submitted(endorsed)
    response = call(role, "get", f"{URL}{endorsed.pk}/eligibility/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert [check["rule"] for check in data["checks"]] == [
        "window",
        "not_a_member",
        "endorsements",
        "sustained",
        "subject",
    ]
    for check in data["checks"]:
        assert set(check) == {"rule", "label", "passed", "detail"}
        assert check["label"] and check["detail"]
    assert data["eligible"] is all(check["passed"] for check in data["checks"])
    assert data == api.eligibility_of(api.get_nomination(endorsed.pk))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("stranger", 403),
        ("nominator", 403),
        ("nominee", 403),
        ("endorser", 403),
        ("panelist", 403),
    ],
)
def test_eligibility_is_for_the_chair_and_admins_only(call, endorsed, role, status):
    assert call(role, "get", f"{URL}{endorsed.pk}/eligibility/").status_code == status


def test_eligibility_of_an_unknown_nomination_is_a_404(call, nomination):
    assert call("chair", "get", f"{URL}999999/eligibility/").status_code == 404


# --- screening -------------------------------------------------------------------------------------


@pytest.fixture
def in_screening(nomination, cycle, admin_user):
    submitted(nomination)
    to_screening(cycle, admin_user)
    return api.get_nomination(nomination.pk)


@pytest.mark.parametrize("role", ["chair", "admin"])
def test_screening_eligible(call, in_screening, users, role, sending, mailoutbox):
    with sending():
        response = call(role, "post", f"{URL}{in_screening.pk}/screening/", {"eligible": True, "reason": ""})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == "eligible"
    assert data["screened_by"]["id"] == users[role].pk
    event = AuditEvent.objects.get(verb="nomination.screened")
    assert (event.actor, event.from_state, event.to_state) == (users[role], "submitted", "eligible")
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        [in_screening.nominator.email, "nia@example.org"]
    )


def test_screening_ineligible_sends_the_reason_to_the_nominee(call, in_screening, sending, mailoutbox):
    reason = "Fewer than two endorsements."
    with sending():
        response = call(
            "chair", "post", f"{URL}{in_screening.pk}/screening/", {"eligible": False, "reason": reason}
        )
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["screening_reason"]) == ("ineligible", reason)
    to_nominee = next(message for message in mailoutbox if message.to == ["nia@example.org"])
    assert reason in to_nominee.body
    assert local_path(links_in(to_nominee)[0]) == f"/nominations/{in_screening.pk}/"


def test_screening_may_be_corrected_during_screening(call, in_screening):
    call("chair", "post", f"{URL}{in_screening.pk}/screening/", {"eligible": False, "reason": "Too few."})
    response = call("chair", "post", f"{URL}{in_screening.pk}/screening/", {"eligible": True})
    assert response.status_code == 200
    assert response.json()["state"] == "eligible"


@pytest.mark.parametrize(
    ("role", "body", "status", "field"),
    [
        ("anonymous", {"eligible": True}, 401, None),
        ("stranger", {"eligible": True}, 403, None),
        ("nominator", {"eligible": True}, 403, None),
        ("nominee", {"eligible": True}, 403, None),
        ("panelist", {"eligible": True}, 403, None),
        ("chair", {"eligible": False}, 400, "reason"),
        ("chair", {"eligible": False, "reason": "   "}, 400, "reason"),
        ("chair", {"eligible": "maybe"}, 400, "eligible"),
        ("chair", {}, 400, "eligible"),
    ],
)
def test_screening_refused_changes_nothing(call, in_screening, unchanged, role, body, status, field):
    with unchanged():
        response = call(role, "post", f"{URL}{in_screening.pk}/screening/", body)
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()


def test_screening_outside_the_screening_phase_is_a_400(call, nomination, unchanged):
    submitted(nomination)  # the cycle is still taking nominations
    with unchanged():
        response = call("chair", "post", f"{URL}{nomination.pk}/screening/", {"eligible": True})
    assert response.status_code == 400
    assert response.json()["cycle"] == [
        "spring cohort is in the nominations open phase; screening happens in the screening phase."
    ]


def test_screening_a_draft_is_a_400_naming_the_current_state(call, nomination, cycle, admin_user, unchanged):
    to_screening(cycle, admin_user)
    with unchanged():
        response = call("admin", "post", f"{URL}{nomination.pk}/screening/", {"eligible": True})
    assert response.status_code == 400
    assert response.json() == {"state": ["This nomination is draft; it cannot be screened now."]}


def test_screening_an_unknown_nomination_is_a_404(call, in_screening):
    assert call("chair", "post", f"{URL}999999/screening/", {"eligible": True}).status_code == 404


# --- the schema ------------------------------------------------------------------------------------


def test_every_nominations_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/").content.decode()
    for path in [
        "/api/v1/nominations/:",
        "/api/v1/nominations/{id}/:",
        "/api/v1/nominations/{id}/evidence/:",
        "/api/v1/nominations/{id}/evidence/{evidence_id}/:",
        "/api/v1/nominations/{id}/consent/:",
        "/api/v1/nominations/{id}/endorsement-requests/:",
        "/api/v1/nominations/{id}/endorsements/:",
        "/api/v1/nominations/{id}/submit/:",
        "/api/v1/nominations/{id}/withdraw/:",
        "/api/v1/nominations/{id}/eligibility/:",
        "/api/v1/nominations/{id}/screening/:",
    ]:
        assert path in schema
