"""The audit trail as a download: `/audit/export.csv|xlsx` and `GET /api/v1/audit/export.csv|xlsx`,
program admins only, with the page's (and the list's) filters; states named as the page names them;
a fixed number of queries whatever the number of events."""

import datetime as dt
import html
import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distinguished.audit import api

from ..downloads import content, csv_rows, records, xlsx_rows
from ..factories import CycleFactory, DraftNominationFactory, MembershipFactory

HEADER = ["When", "Who", "Event", "Object type", "Object id", "Object", "From", "To", "Reason", "Details"]
WEB = "/audit/export.{}"
API = "/api/v1/audit/export.{}"


def ours(rows) -> list[dict]:
    """The rows of the trail fixture's events (migrate records the program's loading too)."""
    return [row for row in records(rows) if str(row["When"]).startswith("2026-03-01")]


@pytest.fixture
def trail(admin_user):
    """One event of each kind the page names in its words, a minute apart, oldest first."""
    cycle = CycleFactory(name="Cycle of 2031")
    membership = MembershipFactory()
    nomination = DraftNominationFactory(cycle=cycle)
    moments = iter(dt.datetime(2026, 3, 1, 9, minute, tzinfo=dt.UTC) for minute in range(10))

    def record(**fields):
        with time_machine.travel(next(moments), tick=False):
            return api.record(**fields)

    return [
        record(
            actor=admin_user, verb="cycle.phase_overridden", obj=cycle, from_state="setup", to_state="review"
        ),
        record(actor=admin_user, verb="panel.seated", obj=cycle, to_state="pat:toc", reason="Copied."),
        record(
            actor=admin_user,
            verb="membership.revoked",
            obj=membership,
            from_state="active",
            to_state="revoked",
            reason="=Broke the code of conduct.",
        ),
        record(
            actor=None, verb="nomination.submitted", obj=nomination, from_state="draft", to_state="submitted"
        ),
        record(
            actor=admin_user,
            verb="membership.lifetime_granted",
            obj=membership,
            from_state="expiring",
            to_state="lifetime",
            data={"milestone": "2027-06-30", "term_end": None},
        ),
    ]


def test_an_admin_downloads_the_trail_newest_first_in_the_page_words(client, admin_user, trail):
    client.force_login(admin_user)
    rows = csv_rows(client.get(WEB.format("csv")))
    assert rows[0] == HEADER
    found = ours(rows)
    assert [row["Event"] for row in found] == [event.verb for event in reversed(trail)]
    lifetime, submitted, revoked, seated, phase = found
    assert lifetime == {
        "When": "2026-03-01 09:04:00",
        "Who": "admin-user",
        "Event": "membership.lifetime_granted",
        "Object type": "membership.membership",
        "Object id": str(trail[4].object_id),
        "Object": trail[4].object_repr,
        "From": "Renewal window open",
        "To": "Lifetime",
        "Reason": "",
        "Details": '{"milestone": "2027-06-30", "term_end": null}',
    }
    assert (submitted["Who"], submitted["From"], submitted["To"]) == ("system", "Draft", "Submitted")
    assert (revoked["From"], revoked["To"]) == ("Active", "Revoked")
    assert revoked["Reason"] == "'=Broke the code of conduct."  # text, never a formula
    assert (seated["To"], seated["Reason"]) == ("pat (Technical Oversight Committee)", "Copied.")
    assert (phase["From"], phase["To"], phase["Object"]) == ("Setup", "Review", "Cycle of 2031")
    # The page shows the same words.
    page = html.unescape(client.get("/audit/").content.decode())
    for row in found:
        for words in (row["From"], row["To"]):
            assert words in page


def test_the_xlsx_download_has_the_same_rows_with_typed_cells(client, admin_user, trail):
    client.force_login(admin_user)
    rows = xlsx_rows(client.get(WEB.format("xlsx")))
    assert rows[0] == HEADER
    found = ours(rows)
    assert len(found) == 5
    assert found[0]["When"] == dt.datetime(2026, 3, 1, 9, 4)
    assert json.loads(found[0]["Details"]) == {"milestone": "2027-06-30", "term_end": None}
    assert found[2]["Reason"] == "=Broke the code of conduct."
    assert found[1]["Who"] == "system"


def test_the_page_filters_apply(client, admin_user, trail):
    client.force_login(admin_user)

    def events(query):
        return [row["Event"] for row in ours(csv_rows(client.get(WEB.format("csv"), query)))]

    assert events({"object_type": "program.cycle"}) == ["panel.seated", "cycle.phase_overridden"]
    assert events({"verb": " membership.revoked "}) == ["membership.revoked"]  # trimmed, as the page does
    membership = trail[2]
    assert events({"object_type": membership.object_type, "object_id": membership.object_id}) == [
        "membership.lifetime_granted",
        "membership.revoked",
    ]
    assert events({"verb": "no.such.event"}) == []


def test_the_page_links_its_downloads_with_its_filters(client, admin_user, trail):
    client.force_login(admin_user)
    page = client.get("/audit/", {"object_type": "program.cycle", "verb": ""}).content.decode()
    assert 'href="/audit/export.csv?object_type=program.cycle"' in page
    assert 'href="/audit/export.xlsx?object_type=program.cycle"' in page


def test_the_trail_is_for_program_admins_only(client, client_for, trail, member, chair, approver, superuser):
    for file_format in ("csv", "xlsx"):
        response = client.get(WEB.format(file_format))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
        assert client_for(None).get(API.format(file_format)).status_code == 401
        for someone in (member, chair, approver):
            client.force_login(someone)
            assert client.get(WEB.format(file_format)).status_code == 403
            response = client_for(someone).get(API.format(file_format))
            assert response.status_code == 403 and "detail" in response.json()
        client.logout()
    assert len(ours(csv_rows(client_for(superuser).get(API.format("csv"))))) == 5


def test_the_api_download_takes_the_list_filters(client_for, admin_user, trail):
    client = client_for(admin_user)
    assert len(ours(csv_rows(client.get(API.format("csv"))))) == 5
    found = records(xlsx_rows(client.get(API.format("xlsx"), {"verb": "panel.seated"})))
    assert [(row["Event"], row["To"]) for row in found] == [
        ("panel.seated", "pat (Technical Oversight Committee)")
    ]
    response = client.get(API.format("csv"), {"format": "json"}, HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content(response)


def test_the_download_runs_in_the_same_queries_for_5_and_50_events(client, admin_user, trail):
    client.force_login(admin_user)

    def queries(file_format) -> int:
        with CaptureQueriesContext(connection) as captured:
            content(client.get(WEB.format(file_format)))
        return len(captured)

    few = {file_format: queries(file_format) for file_format in ("csv", "xlsx")}
    cycle = CycleFactory()
    for n in range(45):
        api.record(actor=admin_user, verb="panel.seated", obj=cycle, to_state=f"panelist{n}:axim")
    assert {file_format: queries(file_format) for file_format in ("csv", "xlsx")} == few
