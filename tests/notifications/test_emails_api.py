"""The REST API of the program's e-mails: the list, one message's text in a language, a new
version (400 names the unknown placeholder and saves nothing), the preview, the reset, the versions."""

import pytest

from distinguished.audit.models import AuditEvent
from distinguished.notifications import api
from distinguished.notifications.models import MessageText

from ..factories import MessageTextFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/emails/nomination_submitted/fr/"


@pytest.fixture
def admin(client_for, admin_user):
    return client_for(admin_user)


def test_the_list_gives_each_message_its_placeholders_and_versions(admin, admin_user):
    api.save_text(
        actor=admin_user, name="nomination_submitted", language="fr", subject="S {nominee}", body="{nominee}"
    )
    answer = {m["name"]: m for m in admin.get("/api/v1/emails/").json()}
    assert set(answer) == {m.name for m in api.declared()}
    submitted = answer["nomination_submitted"]
    assert submitted["rewritten"] == {"en": None, "fr": 1, "es": None, "ar": None}
    assert submitted["not_sent"] == {}
    assert {"name": "nominee", "help": "The nominee’s name"} in submitted["placeholders"]


def test_reading_writing_and_resetting_a_text(admin):
    read = admin.get(URL).json()
    assert read["version"] is None and read["subject"] == read["default"]["subject"]
    written = admin.put(
        URL, {"subject": "Soumise : {nominee}", "body": "Bonjour,\n\n{nominee}\n\n{link}"}, format="json"
    )
    assert written.status_code == 200, written.content
    assert (written.json()["version"], written.json()["subject"]) == (1, "Soumise : {nominee}")
    assert admin.get(URL).json()["body"] == "Bonjour,\n\n{nominee}\n\n{link}"
    reset = admin.post(f"{URL}reset/", format="json")
    assert reset.status_code == 200 and reset.json()["version"] is None
    versions = admin.get(f"{URL}versions/").json()
    assert [(v["version"], v["is_default"], v["written_by"]) for v in versions] == [
        (2, True, "admin-user"),
        (1, False, "admin-user"),
    ]
    assert AuditEvent.objects.filter(verb__in=["message.text_changed", "message.text_reset"]).count() == 2


def test_an_unknown_placeholder_is_a_400_that_names_it_and_saves_nothing(admin):
    refused = admin.put(URL, {"subject": "{nominee_email}", "body": "Bonjour"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["subject"][0].startswith("Unknown placeholder {nominee_email}.")
    missing = admin.put(URL, {"subject": "Hi"}, format="json")
    assert missing.status_code == 400 and "body" in missing.json()
    assert not MessageText.objects.exists()


def test_the_preview_writes_the_sample_in_the_language_and_saves_nothing(admin):
    drawn = admin.post(
        f"{URL}preview/",
        {"subject": "Soumise : {nominee}", "body": "**{nominee}** — {nominations_close}"},
        format="json",
    )
    assert drawn.status_code == 200
    assert drawn.json()["subject"] == "Soumise : Amira Haddad"
    assert "<strong>Amira Haddad</strong> — 15 mai 2027" in drawn.json()["html"]
    refused = admin.post(f"{URL}preview/", {"subject": "x", "body": "{nope}"}, format="json")
    assert refused.status_code == 400 and "{nope}" in refused.json()["body"][0]
    assert not MessageText.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/emails/nope/fr/", "/api/v1/emails/nomination_submitted/xx/"])
def test_an_unknown_message_or_language_is_404(admin, path):
    assert admin.get(path).status_code == 404


def test_a_version_no_longer_valid_is_listed_as_not_sent(admin):
    MessageTextFactory(message="nomination_submitted", language="fr", version=1, subject="{gone}", body="x")
    listed = {m["name"]: m for m in admin.get("/api/v1/emails/").json()}["nomination_submitted"]
    assert (listed["rewritten"]["fr"], listed["not_sent"]) == (None, {"fr": 1})
    read = admin.get(URL).json()
    assert read["version"] == 1 and read["problems"]["subject"][0].startswith("Unknown placeholder {gone}.")
