"""The membership pages: the admins' /memberships/ (record a term, import earlier terms, revoke,
grant lifetime status, the "eligible for lifetime status" marker), the member's /memberships/mine/
(apply for renewal inside the window), and /renewals/ and /renewals/<id>/ for the chair and admins
(decide). Permission refusals, refusals that change nothing, and fixed query counts on the lists."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.audit.models import AuditEvent
from distinguished.membership import api
from distinguished.membership.models import Membership, Renewal
from distinguished.program import api as program

from ..factories import ContributorFactory, RenewalFactory, UserFactory

TODAY = dt.date(2027, 5, 1)  # inside the renewal window of a term from 1 July 2025
START = dt.date(2025, 7, 1)
PAGE = "/memberships/"
MINE = "/memberships/mine/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def snapshot():
    return (
        list(
            Membership.objects.order_by("pk").values_list(
                "pk", "start", "end", "lifetime", "revoked_on", "previous_id"
            )
        ),
        list(Renewal.objects.order_by("pk").values_list("pk", "renew", "reason")),
        AuditEvent.objects.count(),
    )


def record(admin_user, contributor, start, *, track="engineer", previous=None):
    return api.record_term(
        actor=admin_user,
        contributor=contributor,
        track=program.get_track(track),
        start=start,
        previous=previous,
    )


@pytest.fixture
def rita(db):
    person = ContributorFactory(name="Rita Renewer", email="rita@example.org")
    return UserFactory(username="rita", contributor=person)


@pytest.fixture
def term(admin_user, rita):
    """Rita's term from 1 July 2025 to 30 June 2027: its renewal window is open today."""
    return record(admin_user, rita.contributor, START)


@pytest.fixture
def veteran(admin_user):
    """Two chained terms from 1 July 2023: the 4-year milestone is 30 June 2027, so not yet."""
    person = ContributorFactory(name="Vera Veteran")
    first = record(admin_user, person, dt.date(2023, 7, 1))
    return record(admin_user, person, dt.date(2025, 7, 1), previous=first)


@pytest.fixture
def waiting(admin_user):
    """A term whose chain reached 4 years on 30 April 2027: eligible for lifetime status today."""
    person = ContributorFactory(name="Wanda Waiting")
    first = record(admin_user, person, dt.date(2023, 5, 1))
    return record(admin_user, person, dt.date(2025, 5, 1), previous=first)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


# --- /memberships/: permissions and what it shows -----------------------------------------------


def test_the_memberships_page_is_for_program_admins(client, member, chair, panelist):
    assert client.get(PAGE).status_code == 302
    for someone in (member, chair, panelist):
        client.force_login(someone)
        assert client.get(PAGE).status_code == 403
        assert client.post(PAGE, {"action": "record"}).status_code == 403


def test_the_memberships_page_lists_terms_with_status_and_the_lifetime_marker(
    admin_client, term, veteran, waiting
):
    response = admin_client.get(PAGE)
    assert response.status_code == 200
    page = text(response)
    for name in ("Rita Renewer", "Vera Veteran", "Wanda Waiting"):
        assert name in page
    assert page.count("Eligible for lifetime status") == 1
    assert "Milestone reached 30 Apr 2027" in page
    assert page.count('name="action" value="lifetime"') == 1
    assert f'name="membership" value="{waiting.pk}"' in page
    # Vera's second term reaches 4 years on its last day; Rita's first term only if renewed.
    assert "Milestone on 30 Jun 2027<" in page
    assert "Milestone on 30 Jun 2029, if renewed" in page
    assert 'value="record"' in page and 'value="import"' in page
    assert page.count('name="action" value="revoke"') == Membership.objects.count()
    assert "renews an earlier term" in page


def test_the_memberships_page_filters_by_status_track_and_name(admin_client, admin_user, term, waiting):
    record(admin_user, ContributorFactory(name="Alma Advocate"), START, track="advocate")
    assert "Rita Renewer" not in text(admin_client.get(PAGE, {"track": "advocate"}))
    assert "Alma Advocate" in text(admin_client.get(PAGE, {"track": "advocate"}))
    renewed = text(admin_client.get(PAGE, {"status": "renewed"}))
    assert "Wanda Waiting" in renewed and "Rita Renewer" not in renewed
    assert "1 term." in text(admin_client.get(PAGE, {"q": "rita"}))


def test_the_memberships_page_runs_in_fixed_queries(admin_client, admin_user, term):
    with CaptureQueriesContext(connection) as small:
        assert admin_client.get(PAGE).status_code == 200
    for i in range(8):
        person = ContributorFactory(name=f"Member {i}")
        first = record(admin_user, person, dt.date(2023, 7, 1))
        second = record(admin_user, person, dt.date(2025, 7, 1), previous=first)
        if i % 2:
            RenewalFactory(membership=second, statement="More.", applicant=None)
    with CaptureQueriesContext(connection) as large:
        assert "17 terms." in text(admin_client.get(PAGE))
    assert len(small) == len(large), [q["sql"] for q in large.captured_queries]


# --- /memberships/: record a term -----------------------------------------------------------------


def test_recording_a_term_on_the_page(admin_client):
    person = ContributorFactory(name="Earl Early", github="earl")
    response = admin_client.post(
        PAGE,
        {
            "action": "record",
            "contributor": "earl",
            "track": "engineer",
            "start": "2025-07-01",
            "cycle": "2025",
        },
    )
    assert response.status_code == 302
    [term] = Membership.objects.all()
    assert (term.contributor, term.start, term.end, term.cycle.slug) == (
        person,
        START,
        dt.date(2027, 6, 30),
        "2025",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "2025-02-30"}, "Enter a valid date."),
        ({"contributor": "nobody"}, "No contributor has the GitHub login or forum username nobody"),
        ({"track": "wizard"}, "Select a valid choice. wizard is not one of the available choices."),
        ({"start": "2026-01-01"}, "terms on one track cannot overlap."),
        ({"start": "2028-06-01"}, "A term more than a year ahead cannot be recorded."),
        (
            {"start": "2023-07-01", "renews": "on"},
            "Rita Renewer has no Distinguished Engineer term ending on 30 June 2023",
        ),
    ],
)
def test_recording_a_bad_term_on_the_page_says_why_and_changes_nothing(admin_client, term, fields, message):
    before = snapshot()
    body = {
        "action": "record",
        "contributor": "rita@example.org",
        "track": "engineer",
        "start": "2023-07-01",
        **fields,
    }
    response = admin_client.post(PAGE, body)
    assert response.status_code == 400
    assert message in text(response)
    assert snapshot() == before


# --- /memberships/: import ------------------------------------------------------------------------


def csv_file(*rows):
    content = "\n".join(["contributor,track,start,renews", *rows]) + "\n"
    return SimpleUploadedFile("terms.csv", content.encode(), content_type="text/csv")


def test_importing_earlier_terms_on_the_page(admin_client):
    ContributorFactory(name="Ida Import", email="ida@example.org")
    response = admin_client.post(
        PAGE,
        {
            "action": "import",
            "file": csv_file(
                "ida@example.org,engineer,2021-07-01,", "ida@example.org,engineer,2023-07-01,yes"
            ),
        },
        follow=True,
    )
    assert "Imported 2 terms." in text(response)
    assert Membership.objects.filter(previous__isnull=False).count() == 1


def test_a_bad_import_on_the_page_lists_the_rows_and_imports_nothing(admin_client, term):
    ContributorFactory(name="Ida Import", email="ida@example.org")
    before = snapshot()
    response = admin_client.post(
        PAGE,
        {
            "action": "import",
            "file": csv_file(
                "ida@example.org,engineer,2021-07-01,",
                "ida@example.org,engineer,2021-02-30,",
                "rita@example.org,engineer,2026-01-01,",
                "ghost@example.org,engineer,2025-07-01,",
            ),
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "Nothing was imported: the file has 3 problem(s), listed below." in page
    assert '<td class="num">3</td><td>start</td><td>2021-02-30 is not a date</td>' in page
    assert '<td class="num">4</td><td>start</td>' in page and "cannot overlap" in page
    assert (
        '<td class="num">5</td><td>contributor</td><td>no contributor has the e-mail ghost@example.org</td>'
        in page
    )
    assert snapshot() == before
    unreadable = admin_client.post(
        PAGE, {"action": "import", "file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")}
    )
    assert unreadable.status_code == 400 and "the file lacks contributor, track, start" in text(unreadable)
    assert snapshot() == before


# --- /memberships/: revoke and grant lifetime -----------------------------------------------------


def test_revoking_on_the_page_needs_a_reason(admin_client, term, mailoutbox):
    before = snapshot()
    response = admin_client.post(PAGE, {"action": "revoke", "membership": term.pk, f"r{term.pk}-reason": " "})
    assert response.status_code == 400
    assert "Say why the membership is revoked; it is kept in the audit trail." in text(response)
    assert snapshot() == before and mailoutbox == []
    done = admin_client.post(
        PAGE,
        {"action": "revoke", "membership": term.pk, f"r{term.pk}-reason": "Asked to leave."},
        follow=True,
    )
    assert "Revoked: Rita Renewer" in text(done)
    term.refresh_from_db()
    assert (term.revoked_on, term.revoke_reason) == (TODAY, "Asked to leave.")
    again = admin_client.post(
        PAGE, {"action": "revoke", "membership": term.pk, f"r{term.pk}-reason": "Again."}
    )
    assert again.status_code == 400 and "This membership is revoked already." in text(again)


def test_granting_lifetime_on_the_page_before_the_milestone_says_when(admin_client, veteran, term):
    before = snapshot()
    response = admin_client.post(PAGE, {"action": "lifetime", "membership": term.pk})
    assert response.status_code == 400
    assert "The 4-year milestone is reached on 30 June 2029, if every renewal is granted until then." in text(
        response
    )
    assert snapshot() == before


def test_granting_lifetime_on_the_page_once_eligible(admin_client, waiting):
    response = admin_client.post(PAGE, {"action": "lifetime", "membership": waiting.pk}, follow=True)
    assert "Lifetime status granted: Wanda Waiting" in text(response)
    waiting.refresh_from_db()
    assert (waiting.lifetime, waiting.end) == (True, None)
    assert (
        AuditEvent.objects.filter(verb="membership.lifetime_granted", object_id=str(waiting.pk)).count() == 1
    )


def test_an_action_on_an_unknown_membership_is_refused(admin_client, term):
    before = snapshot()
    for action in ("revoke", "lifetime"):
        response = admin_client.post(PAGE, {"action": action, "membership": "999999"})
        assert response.status_code == 400
        assert "That membership does not exist (any more); reload the page." in text(response)
    assert admin_client.post(PAGE, {"action": "explode", "membership": term.pk}).status_code == 400
    assert snapshot() == before


# --- /memberships/mine/ ---------------------------------------------------------------------------


def test_my_membership_needs_sign_in_and_a_profile(client, admin_user):
    assert client.get(MINE).status_code == 302
    client.force_login(admin_user)
    assert "Your account is not linked to a contributor profile" in text(client.get(MINE))


def test_my_membership_offers_the_renewal_form_inside_the_window(client, rita, term):
    client.force_login(rita)
    page = text(client.get(MINE))
    assert "Renewal window" in page and "2 April 2027 – 30 June 2027" in page
    assert f'action="/memberships/{term.pk}/renewal/"' in page
    assert "Send my application" in page
    assert (
        "Eligible on 30 June 2029, after 4 sustained years, if every renewal is granted until then." in page
    )


def test_my_membership_offers_the_credential_to_download_and_share(
    client, rita, admin_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    from distinguished.credentials import api as credentials

    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    credentials.generate_issuer_key()
    with django_capture_on_commit_callbacks(execute=True):  # the credential is signed on commit
        term = record(admin_user, rita.contributor, START)
    client.force_login(rita)
    page = text(client.get(MINE))
    credential = credentials.latest_credential(term.pk)
    assert f'href="/credentials/{credential.uuid}/download/"' in page
    assert "Badge with the credential (SVG)" in page and "Add to LinkedIn profile" in page


def test_applying_on_my_page(client, rita, term, mailoutbox):
    client.force_login(rita)
    path = f"/memberships/{term.pk}/renewal/"
    before = snapshot()
    blank = client.post(path, {f"m{term.pk}-statement": "  "})
    assert blank.status_code == 400
    assert "Write a statement: what you contributed to your track during the term." in text(blank)
    assert snapshot() == before
    sent = client.post(path, {f"m{term.pk}-statement": "Maintained the grading service."}, follow=True)
    assert "Your renewal application is sent" in text(sent)
    assert "pending decision" in text(sent)
    assert "Send my application" not in text(sent)
    [renewal] = Renewal.objects.all()
    assert (renewal.membership_id, renewal.applicant) == (term.pk, rita)
    twice = client.post(path, {f"m{term.pk}-statement": "Again."})
    assert twice.status_code == 409
    assert "the decision is pending" in text(twice)
    assert Renewal.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            dt.date(2026, 1, 1),
            "The renewal window opens on 3 October 2027, 90 days before your term ends on 31 December 2027.",
        ),
        (
            dt.date(2025, 1, 1),
            "The renewal window closed on 31 December 2026, when your term ended; "
            "you may be nominated again in a later cycle.",
        ),
    ],
)
def test_applying_outside_the_window_says_when_and_changes_nothing(client, admin_user, rita, start, message):
    term = record(admin_user, rita.contributor, start)
    client.force_login(rita)
    page = text(client.get(MINE))
    assert "Send my application" not in page
    before = snapshot()
    response = client.post(f"/memberships/{term.pk}/renewal/", {f"m{term.pk}-statement": "Please."})
    assert response.status_code == 400
    assert message in text(response)
    assert snapshot() == before


def test_nobody_applies_for_someone_else(client, member, admin_user, term):
    path = f"/memberships/{term.pk}/renewal/"
    assert client.post(path, {f"m{term.pk}-statement": "Mine now."}).status_code == 302
    for someone in (member, admin_user):
        client.force_login(someone)
        assert client.post(path, {f"m{term.pk}-statement": "Mine now."}).status_code == 403
    client.force_login(member)
    assert client.get(path).status_code == 405
    assert client.post("/memberships/999999/renewal/", {}).status_code == 404
    assert not Renewal.objects.exists()


def test_my_page_shows_when_i_am_eligible_for_lifetime_status(client, waiting):
    user = UserFactory(username="wanda", contributor=waiting.contributor)
    client.force_login(user)
    page = text(client.get(MINE))
    assert "Eligible for lifetime status" in page
    assert "since 30 April 2027, after 4 sustained years; a program admin grants it." in page


def test_my_page_runs_in_fixed_queries(client, admin_user, rita, term):
    client.force_login(rita)
    with CaptureQueriesContext(connection) as small:
        assert client.get(MINE).status_code == 200
    for track in ("advocate", "innovator"):
        first = record(admin_user, rita.contributor, dt.date(2023, 7, 1), track=track)
        second = record(admin_user, rita.contributor, dt.date(2025, 7, 1), track=track, previous=first)
        RenewalFactory(membership=second, statement="More.", applicant=rita)
    with CaptureQueriesContext(connection) as large:
        assert text(client.get(MINE)).count("<section") == 5
    assert len(small) == len(large), [q["sql"] for q in large.captured_queries]


# --- /renewals/ and /renewals/<id>/ ---------------------------------------------------------------


@pytest.fixture
def pending(rita, term):
    return api.apply_for_renewal(
        actor=rita, membership=term, statement="I maintained the **grading** service."
    )


def test_the_renewals_list_is_for_the_chair_and_admins(
    client, member, panelist, rita, chair, admin_user, pending
):
    assert client.get("/renewals/").status_code == 302
    for someone in (member, panelist, rita):
        client.force_login(someone)
        assert client.get("/renewals/").status_code == 403
    for someone in (chair, admin_user):
        client.force_login(someone)
        page = text(client.get("/renewals/"))
        assert f'href="/renewals/{pending.pk}/"' in page and "pending decision" in page
    assert "No renewal application matches the filter." in text(client.get("/renewals/", {"state": "lapsed"}))


def make_applications(admin_user, n):
    for i in range(n):
        person = ContributorFactory(name=f"Applicant {i}")
        user = UserFactory(contributor=person)
        term = record(admin_user, person, START)
        renewal = api.apply_for_renewal(actor=user, membership=term, statement="More.")
        if i % 2:
            api.decide_renewal(actor=admin_user, renewal=renewal, renew=i % 4 == 1, reason="Decided.")


def test_the_renewals_list_runs_in_fixed_queries(client, chair, admin_user, pending):
    client.force_login(chair)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/renewals/").status_code == 200
    make_applications(admin_user, 6)
    with CaptureQueriesContext(connection) as large:
        assert len(re.findall(r'href="/renewals/\d+/"', text(client.get("/renewals/")))) == 7
    assert len(small) == len(large), [q["sql"] for q in large.captured_queries]


def test_the_chair_decides_on_the_renewal_page(client, chair, pending, mailoutbox):
    path = f"/renewals/{pending.pk}/"
    client.force_login(chair)
    page = text(client.get(path))
    assert "<strong>grading</strong>" in page
    assert "Record the decision" in page and "Renewing records a new term from 1 July 2027" in page
    before = snapshot()
    no_reason = client.post(path, {"decision": "lapse", "reason": ""})
    assert no_reason.status_code == 400
    assert "Say why the membership lapses: the member reads the reason in their e-mail." in text(no_reason)
    assert client.post(path, {"decision": "maybe"}).status_code == 400
    assert snapshot() == before
    renewed = client.post(path, {"decision": "renew", "reason": ""}, follow=True)
    assert "Renewed." in text(renewed) and "New term: 1 July 2027 – 30 June 2029." in text(renewed)
    pending.refresh_from_db()
    assert (pending.state, pending.new_term.start) == ("renewed", dt.date(2027, 7, 1))
    again = client.post(path, {"decision": "lapse", "reason": "Changed my mind."})
    assert again.status_code == 409
    pending.refresh_from_db()
    assert pending.state == "renewed"


def test_an_admin_lets_it_lapse_on_the_renewal_page(client, admin_user, pending):
    client.force_login(admin_user)
    response = client.post(
        f"/renewals/{pending.pk}/", {"decision": "lapse", "reason": "Quiet term."}, follow=True
    )
    assert "The term will lapse; the member is told." in text(response)
    assert "Not renewed: the term lapses on 30 June 2027" in text(response)
    pending.refresh_from_db()
    assert (pending.state, pending.reason) == ("lapsed", "Quiet term.")


def test_the_member_sees_their_application_but_does_not_decide(client, rita, member, panelist, pending):
    path = f"/renewals/{pending.pk}/"
    assert client.get(path).status_code == 302
    client.force_login(rita)
    page = text(client.get(path))
    assert "The chair or a program admin decides" in page and "Record the decision" not in page
    before = snapshot()
    assert client.post(path, {"decision": "renew"}).status_code == 403
    for someone in (member, panelist):
        client.force_login(someone)
        assert client.get(path).status_code == 404
        assert client.post(path, {"decision": "renew"}).status_code == 404
    assert client.get("/renewals/999999/").status_code == 404
    assert snapshot() == before


def test_a_renewal_granted_early_shows_when_the_new_term_starts(client, admin_user, rita, pending):
    api.decide_renewal(actor=admin_user, renewal=pending, renew=True, reason="")
    client.force_login(rita)
    page = text(client.get("/memberships/mine/"))
    assert page.count('data-testid="starts-later"') == 1
    assert "(from 1 July 2027, when the term it renews ends)" in page


def test_an_unknown_action_on_the_memberships_page_names_the_buttons(admin_client, term):
    before = snapshot()
    response = admin_client.post("/memberships/", {"action": "bogus", "membership": term.pk})
    assert response.status_code == 400
    assert "Choose one of the page's buttons" in text(response)
    assert snapshot() == before


def test_a_first_term_starting_later_says_when_without_naming_a_renewal(client, admin_user, rita):
    record(admin_user, rita.contributor, dt.date(2027, 7, 1), track="advocate")
    client.force_login(rita)
    page = text(client.get("/memberships/mine/"))
    assert "(from 1 July 2027)" in page and "when the term it renews ends" not in page
