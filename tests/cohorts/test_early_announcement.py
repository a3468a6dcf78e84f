"""The announcement's day. Announcing before the cycle's announcement date needs a reason (API and
page): without one it is a 400 naming the date and nothing changes; with one the date becomes
today, audited with the reason, and the public text, the terms and the credentials all say today."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from distinguished.audit.models import AuditEvent
from distinguished.cohorts import api
from distinguished.cohorts.models import Announcement
from distinguished.credentials import api as credentials
from distinguished.membership.models import Membership
from distinguished.program import api as program
from distinguished.program.timeline import timeline_errors

from .conftest import ANNOUNCEMENT_DAY, APPROVAL_DAY, at, trail

pytestmark = pytest.mark.django_db

EARLY = dt.date(2025, 6, 10)  # APPROVAL_DAY: three weeks before the conference of 1 July 2025
REASON = "The board asked to welcome the cohort at the June community meetup."
URL = "/api/v1/cycles/2025/announce/"


@pytest.fixture
def issuer_key(db, settings, tmp_path):
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    key, _ = credentials.generate_issuer_key()
    return key


@pytest.fixture
def signed(cycle, decided_list, approver):
    with at(APPROVAL_DAY):
        api.sign_off_cycle(actor=approver, cycle=cycle)
    return decided_list


def state():
    cycle = program.get_cycle("2025")
    return (
        cycle.dates(),
        cycle.phase_override,
        Membership.objects.count(),
        Announcement.objects.count(),
        trail(),
    )


def test_before_the_date_without_a_reason_the_api_answers_400_naming_the_date_and_changes_nothing(
    signed, client_for, admin_user, mailoutbox
):
    before = state()
    for body in ({}, {"early_reason": ""}, {"early_reason": "   \n "}):
        with at(APPROVAL_DAY):
            response = client_for(admin_user).post(URL, body, format="json")
        assert response.status_code == 400, response.content
        [message] = response.json()["early_reason"]
        assert "1 July 2025" in message and "Open edX Conference, Paris" in message
        assert "10 June 2025" in message
        assert state() == before and mailoutbox == []


def test_before_the_date_a_too_long_reason_is_a_400_and_changes_nothing(signed, client_for, admin_user):
    before = state()
    with at(APPROVAL_DAY):
        response = client_for(admin_user).post(URL, {"early_reason": "x" * 5_001}, format="json")
    assert response.status_code == 400
    assert "under 5,000 characters" in response.json()["early_reason"][0]
    assert state() == before


def test_before_the_date_the_function_refuses_on_early_reason(signed, admin_user):
    before = state()
    with at(APPROVAL_DAY), pytest.raises(ValidationError) as caught:
        api.announce_cycle(actor=admin_user, cycle=program.get_cycle("2025"))
    assert list(caught.value.message_dict) == ["early_reason"]
    assert state() == before


def test_with_a_reason_the_date_becomes_today_and_text_terms_and_credentials_say_the_same_day(
    signed, client_for, admin_user, issuer_key, django_capture_on_commit_callbacks, mailoutbox
):
    with at(APPROVAL_DAY), django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(URL, {"early_reason": f"  {REASON}  "}, format="json")
    assert response.status_code == 200, response.content
    cycle = program.get_cycle("2025")
    assert cycle.announcement_date == EARLY
    announced = Announcement.objects.get()
    assert (announced.date, announced.early_reason) == (EARLY, REASON)
    # The terms start that day...
    starts = {term["start"] for term in response.json()["memberships"]}
    assert starts == {"2025-06-10"}
    assert set(Membership.objects.values_list("start", flat=True)) == {EARLY}
    # ...the public text says that day (and not the conference's)...
    text = client_for(None).get("/api/v1/cycles/2025/announcement/").json()
    assert "announced on 10 June 2025, ahead of the Open edX Conference, Paris" in text["markdown"]
    assert "Their membership runs from 10 June 2025 to 9 June 2027." in text["markdown"]
    assert "1 July 2025" not in text["markdown"]
    assert text["date"] == "2025-06-10"
    # ...and so do the credentials.
    for term in Membership.objects.all():
        document = client_for(None).get(f"/api/v1/memberships/{term.pk}/credential/").json()
        assert document["validFrom"].startswith("2025-06-10"), document["validFrom"]
    # The e-mails too.
    awarded = [mail for mail in mailoutbox if mail.subject.startswith("Congratulations:")]
    assert awarded and all("runs from 10 June 2025" in mail.body for mail in awarded)


def test_an_early_announcement_is_audited_with_its_reason_and_keeps_the_timeline_in_order(signed, admin_user):
    planned = program.get_cycle("2025").dates()
    with at(APPROVAL_DAY):
        api.announce_cycle(actor=admin_user, cycle=program.get_cycle("2025"), early_reason=REASON)
    cycle = program.get_cycle("2025")
    moved = AuditEvent.objects.get(verb="cycle.announcement_brought_forward")
    assert (moved.actor_id, moved.reason) == (admin_user.pk, REASON)
    assert (moved.from_state, moved.to_state) == ("2025-07-01", "2025-06-10")
    assert moved.data["changed"]["announcement_date"] == ["2025-07-01", "2025-06-10"]
    announced = AuditEvent.objects.get(verb="cycle.announced")
    assert announced.reason == REASON and announced.data["early"] is True
    # The steps still due after today were done (the list is signed off): their dates move back,
    # in order, so the cycle can still be edited and its phase read from its dates.
    dates = cycle.dates()
    assert dates["approval_due"] <= EARLY and dates["deliberation_due"] < dates["approval_due"]
    assert dates["nominations_open"] == planned["nominations_open"]
    assert timeline_errors(dates) == {}
    with at(APPROVAL_DAY):
        assert cycle.phase == program.Phase.ANNOUNCED


def test_on_the_day_no_reason_is_needed_and_a_reason_given_changes_nothing(signed, admin_user):
    with at(ANNOUNCEMENT_DAY):
        announced = api.announce_cycle(
            actor=admin_user, cycle=program.get_cycle("2025"), early_reason="Why not"
        )
    assert (announced.date, announced.early_reason) == (dt.date(2025, 7, 1), "")
    assert program.get_cycle("2025").announcement_date == dt.date(2025, 7, 1)
    assert not AuditEvent.objects.filter(verb="cycle.announcement_brought_forward").exists()
    text = api.announcement_text(api.announcement_of(program.get_cycle("2025"))).markdown
    assert "recognized at the Open edX Conference, Paris, 1 July 2025" in text


def test_the_page_asks_for_the_reason_before_the_date_and_refuses_without_it(
    signed, client, admin_user, issuer_key
):
    client.force_login(admin_user)
    with at(APPROVAL_DAY):
        page = client.get("/cycles/2025/approval/").content.decode()
        assert "is to be announced on 1 July 2025 at the Open edX Conference, Paris" in page
        assert 'name="announce-early_reason"' in page
        before = state()
        refused = client.post(
            "/cycles/2025/approval/", {"decision": "announce", "announce-early_reason": " "}
        )
        assert refused.status_code == 400
        html = refused.content.decode()
        assert 'id="id_announce-early_reason_errors"' in html and "1 July 2025" in html
        assert "early_reason:" not in html
        assert state() == before
        done = client.post(
            "/cycles/2025/approval/", {"decision": "announce", "announce-early_reason": REASON}
        )
        assert done.status_code == 302
        announced = client.get("/cycles/2025/approval/").content.decode()
    assert f"before its planned date: “{REASON}”" in announced
    assert Announcement.objects.get().date == EARLY
    assert program.get_cycle("2025").announcement_date == EARLY


def test_on_the_day_the_page_has_no_reason_field(signed, client, admin_user):
    with at(ANNOUNCEMENT_DAY):
        client.force_login(admin_user)
        page = client.get("/cycles/2025/approval/").content.decode()
    assert 'value="announce"' in page and 'name="announce-early_reason"' not in page
