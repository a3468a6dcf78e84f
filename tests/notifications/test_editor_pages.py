"""The e-mail editor's pages: the list, one message in one language with its live preview, saving
a version, a refusal that names the unknown placeholder and saves nothing, and the reset."""

import pytest

from distinguished.notifications import api
from distinguished.notifications.models import MessageText

from ..factories import MessageTextFactory

pytestmark = pytest.mark.django_db

PAGE = "/emails/nomination_submitted/en/"


@pytest.fixture
def admin(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_list_names_every_message_and_whether_it_is_rewritten(admin, admin_user):
    api.save_text(
        actor=admin_user,
        name="nomination_submitted",
        language="fr",
        subject="Soumise : {nominee}",
        body="{nominee}",
    )
    page = admin.get("/emails/").content.decode()
    for message in api.declared():
        assert f'href="/emails/{message.name}/en/"' in page
    assert "Rewritten (version 1)" in page


def test_the_editor_starts_from_the_text_sent_now_with_its_preview_and_placeholders(admin):
    page = admin.get(PAGE).content.decode()
    subject, _body = api.default_text("nomination_submitted")
    assert f'value="{subject}"' in page
    assert "Amira Haddad" in page  # the sample nomination's nominee, in the preview
    assert "<code>{nominee}</code>" in page
    assert 'hx-post="/emails/nomination_submitted/en/preview/"' in page


def test_the_editor_in_french_starts_from_the_french_text(admin):
    page = admin.get("/emails/nomination_submitted/fr/").content.decode()
    assert 'lang="fr"' in page
    assert "Amira Haddad" in page


def test_saving_makes_a_version_and_says_so(admin):
    response = admin.post(
        PAGE, {"subject": "In: {nominee}", "body": "Hello,\n\n{nominee}, {track}.\n\n{link}"}
    )
    assert response.status_code == 302 and response.url == PAGE
    page = admin.get(PAGE).content.decode()
    assert "Saved as version 1." in page
    assert "Sent now: version 1" in page
    assert MessageText.objects.get().subject == "In: {nominee}"


def test_an_unknown_placeholder_is_refused_by_name_and_nothing_is_saved(admin):
    response = admin.post(PAGE, {"subject": "In: {nominee}", "body": "Hello {nominee_email}"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown placeholder {nominee_email}." in page
    assert "Hello {nominee_email}" in page  # what was typed stays in the form
    assert not MessageText.objects.exists()


def test_the_preview_button_saves_nothing(admin):
    response = admin.post(PAGE, {"subject": "In: {nominee}", "body": "Hi **{nominee}**", "preview": "1"})
    assert response.status_code == 200
    assert "<strong>Amira Haddad</strong>" in response.content.decode()
    assert not MessageText.objects.exists()


def test_the_live_preview_draws_the_sample_or_names_the_problem(admin):
    url = f"{PAGE}preview/"
    drawn = admin.post(url, {"subject": "In: {nominee}", "body": "Hi *{nominee}*, {link}"}).content.decode()
    assert "In: Amira Haddad" in drawn and "<em>Amira Haddad</em>" in drawn
    refused = admin.post(url, {"subject": "In", "body": "Hi {nominee} {nobody}"}).content.decode()
    assert "Unknown placeholder {nobody}." in refused and 'role="alert"' in refused
    arabic = admin.post(
        "/emails/nomination_submitted/ar/preview/", {"subject": "x", "body": "y"}
    ).content.decode()
    assert 'dir="rtl"' in arabic


def test_a_reset_brings_the_program_text_back(admin, admin_user):
    api.save_text(
        actor=admin_user,
        name="nomination_submitted",
        language="en",
        subject="In: {nominee}",
        body="{nominee}",
    )
    response = admin.post(f"{PAGE}reset/")
    assert response.status_code == 302
    page = admin.get(PAGE).content.decode()
    assert "The program’s default text is sent again." in page
    assert "Sent now: the program’s text." in page
    assert "Reset to the program’s text" in page  # the reset, listed among the versions


def test_starting_from_an_earlier_version(admin, admin_user):
    api.save_text(
        actor=admin_user,
        name="nomination_submitted",
        language="en",
        subject="Old: {nominee}",
        body="{nominee}",
    )
    api.save_text(
        actor=admin_user,
        name="nomination_submitted",
        language="en",
        subject="New: {nominee}",
        body="{nominee}",
    )
    assert 'value="Old: {nominee}"' in admin.get(f"{PAGE}?version=1").content.decode()
    assert admin.get(f"{PAGE}?version=9").status_code == 404


@pytest.mark.parametrize("path", ["/emails/no_such_message/en/", "/emails/nomination_submitted/de/"])
def test_an_unknown_message_or_language_is_404(admin, path):
    assert admin.get(path).status_code == 404


def test_saving_the_same_text_again_makes_no_version_and_says_so(admin):
    text = {"subject": "In: {nominee}", "body": "Hello,\n\n{nominee}"}
    admin.post(PAGE, text)
    admin.get(PAGE)  # reads the first message
    admin.post(PAGE, text)
    assert "Nothing changed: version 1 is this text." in admin.get(PAGE).content.decode()
    assert MessageText.objects.count() == 1


def test_a_version_that_is_no_longer_valid_says_it_is_not_sent(admin):
    """A placeholder the code took away: the list and the editor say the program's text goes."""
    MessageTextFactory(
        message="nomination_submitted", language="en", version=1, subject="Old {gone}", body="x"
    )
    assert "Version 1 is not valid: the program’s text is sent" in admin.get("/emails/").content.decode()
    page = admin.get(PAGE).content.decode()
    assert "Version 1 is not sent" in page and "Unknown placeholder {gone}." in page
    assert 'value="Old {gone}"' in page  # the admin's text, to put right
