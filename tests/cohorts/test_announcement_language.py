"""The language of an announcement (issue 17): the admin who announces the cohort chooses it, a
program admin may change it afterwards (audited), and the public text — its page, its JSON and its
feed entry — is written in it whatever the reader's language; the page around it stays the reader's."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from distinguished.audit.models import AuditEvent
from distinguished.cohorts import api
from distinguished.cohorts.announcement import build
from distinguished.cohorts.models import Announcement
from distinguished.program import api as program

from .conftest import ANNOUNCEMENT_DAY, APPROVAL_DAY, at

pytestmark = pytest.mark.django_db

URL = "/api/v1/cycles/2025/announcement/"


def announce(admin_user, approver, **given):
    with at(APPROVAL_DAY):
        api.sign_off_cycle(actor=approver, cycle=program.get_cycle("2025"))
    with at(ANNOUNCEMENT_DAY):
        return api.announce_cycle(actor=admin_user, cycle=program.get_cycle("2025"), **given)


def french(text: str) -> str:
    with translation.override("fr"):
        return program.in_language(text)


def test_the_admin_announces_in_the_language_they_choose_and_everyone_reads_it_so(
    cycle, decided_list, admin_user, approver, client
):
    announced = announce(admin_user, approver, language="fr")
    assert Announcement.objects.get().language == "fr"
    text = api.announcement_text(announced)
    with translation.override("fr"):
        assert text.markdown == build(announced).markdown  # written in French
    assert "welcomes" not in text.markdown
    assert f"## {french('Distinguished Engineer')}" in text.markdown
    # An English reader's page: its own words around the text, the text in French, marked so.
    page = client.get("/cycles/2025/announcement/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="announcement" lang="fr" dir="ltr"' in page
    assert "Share this announcement" in page
    assert client.get(URL).json()["language"] == "fr"
    feed = client.get("/announcements.atom", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "welcomes" not in feed and "new Distinguished Contributors</title>" not in feed  # its title too
    assert AuditEvent.objects.get(verb="cycle.announced").data["language"] == "fr"


def test_without_a_choice_the_announcement_is_in_the_sites_language_whoever_reads_it(
    cycle, decided_list, admin_user, approver, client
):
    announce(admin_user, approver)
    assert Announcement.objects.get().language == "en"
    answer = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert answer["language"] == "en" and "welcomes 2 new Distinguished Contributors" in answer["markdown"]


def test_a_language_the_site_does_not_offer_is_refused_and_nothing_is_announced(
    cycle, decided_list, admin_user, approver
):
    with pytest.raises(ValidationError) as refused:
        announce(admin_user, approver, language="de")
    assert "language" in refused.value.message_dict
    assert not Announcement.objects.exists()


def test_an_admin_changes_the_language_afterwards_audited_through_the_api(
    cycle, decided_list, admin_user, approver, client_for, chair
):
    announce(admin_user, approver)
    admin = client_for(admin_user)
    changed = admin.patch(URL, {"language": "ar"}, format="json")
    assert changed.status_code == 200 and changed.json()["language"] == "ar"
    assert "welcomes" not in changed.json()["markdown"]
    event = AuditEvent.objects.get(verb="announcement.language_chosen")
    assert (event.from_state, event.to_state) == ("en", "ar")
    assert admin.patch(URL, {"language": "xx"}, format="json").status_code == 400
    assert client_for(chair).patch(URL, {"language": "fr"}, format="json").status_code == 403
    assert Announcement.objects.get().language == "ar"
    with pytest.raises(PermissionDenied):
        api.choose_announcement_language(actor=chair, announcement=Announcement.objects.get(), language="fr")


def test_an_admin_changes_the_language_on_the_approval_page(
    cycle, decided_list, admin_user, approver, client
):
    announce(admin_user, approver)
    client.force_login(admin_user)
    page = client.get("/cycles/2025/approval/").content.decode()
    assert "Language of the announcement" in page
    response = client.post("/cycles/2025/announcement/language/", {"language": "es"})
    assert response.status_code == 302
    assert (
        "The announcement is now written in Español." in client.get("/cycles/2025/approval/").content.decode()
    )
    assert Announcement.objects.get().language == "es"
    client.post("/cycles/2025/announcement/language/", {"language": "nope"})
    assert Announcement.objects.get().language == "es"
    assert AuditEvent.objects.filter(verb="announcement.language_chosen").count() == 1


def test_the_announce_form_offers_the_language(cycle, decided_list, admin_user, approver, client):
    with at(APPROVAL_DAY):
        api.sign_off_cycle(actor=approver, cycle=program.get_cycle("2025"))
    with at(ANNOUNCEMENT_DAY):
        client.force_login(admin_user)  # a session of that day (the clock is moved)
        page = client.get("/cycles/2025/approval/").content.decode()
        assert 'name="announce-language"' in page
        response = client.post("/cycles/2025/approval/", {"decision": "announce", "announce-language": "fr"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Announcement.objects.get().language == "fr"
