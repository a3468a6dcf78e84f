"""The texts program admins write for the messages: each save a version, audited; a reset brings
the program's text back; nothing invalid is saved, and nothing is sent from a text that became
invalid. The e-mails sent use the text written for the recipient's language only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from distinguished.audit.models import AuditEvent
from distinguished.notifications import api
from distinguished.notifications.models import MessageText
from tests.factories import DraftNominationFactory, MessageTextFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "nomination_submitted"


def save(
    actor,
    language="en",
    subject="Submitted: {nominee}",
    body="Dear all,\n\n{nominee} is in the {cycle}.\n\n{link}",
):
    return api.save_text(actor=actor, name=NAME, language=language, subject=subject, body=body)


def send(nomination, to):
    with transaction.atomic():
        api.notify(to, NAME, {"nomination": nomination, "link": f"/nominations/{nomination.pk}/"})


def test_each_save_is_a_new_version_audited_and_an_unchanged_one_is_not(admin_user):
    first = save(admin_user, body="Dear all,\r\n\r\n{nominee} is in.  \r\n")
    assert (first.version, first.body, first.written_by) == (1, "Dear all,\n\n{nominee} is in.", admin_user)
    assert save(admin_user, body="Dear all,\n\n{nominee} is in.") == first  # the same text: no version
    second = save(admin_user, body="Hello,\n\n{nominee} is in.")
    assert second.version == 2
    events = AuditEvent.objects.filter(verb="message.text_changed").order_by("id")
    assert [(e.from_state, e.to_state, e.data) for e in events] == [
        ("default", "v1", {"message": NAME, "language": "en"}),
        ("v1", "v2", {"message": NAME, "language": "en"}),
    ]
    assert api.text_in(NAME, "en") == ("Submitted: {nominee}", "Hello,\n\n{nominee} is in.")
    with translation.override("fr"):
        assert api.text_in(NAME, "fr") == api.default_text(NAME)  # French: still the program's text
    assert api.newest(NAME, "fr") is None


def test_an_unknown_placeholder_is_refused_by_name_and_nothing_is_saved(admin_user):
    with pytest.raises(ValidationError) as refused:
        save(admin_user, subject="Submitted: {nominee_email}", body="{nominee} {score}")
    assert refused.value.message_dict["subject"][0].startswith("Unknown placeholder {nominee_email}.")
    assert refused.value.message_dict["body"][0].startswith("Unknown placeholder {score}.")
    assert not MessageText.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="message.").exists()


def test_only_program_admins_write_texts_and_only_in_offered_languages(admin_user, chair, member):
    for someone in (chair, member):
        with pytest.raises(PermissionDenied):
            save(someone)
    with pytest.raises(ValidationError) as refused:
        save(admin_user, language="de")
    assert "language" in refused.value.message_dict
    with pytest.raises(LookupError):
        api.save_text(actor=admin_user, name="no_such_message", language="en", subject="x", body="y")
    assert not MessageText.objects.exists()


def test_a_reset_brings_the_program_text_back_as_a_version(admin_user):
    assert api.reset_text(actor=admin_user, name=NAME, language="en") is None  # nothing written yet
    save(admin_user)
    reset = api.reset_text(actor=admin_user, name=NAME, language="en")
    assert (reset.version, reset.is_default) == (2, True)
    assert api.reset_text(actor=admin_user, name=NAME, language="en") == reset  # once is enough
    assert api.text_in(NAME, "en") == api.default_text(NAME)
    event = AuditEvent.objects.get(verb="message.text_reset")
    assert (event.from_state, event.to_state) == ("v1", "default")
    assert [v.version for v in api.versions(NAME, "en")] == [2, 1]


def test_e_mails_use_the_text_written_for_their_reader_language(
    admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = DraftNominationFactory()
    UserFactory(username="lectrice", email="lectrice@example.org", language="fr")
    save(
        admin_user,
        subject="Submitted: {nominee}",
        body="Dear all,\n\n*{nominee}* is in the {cycle}.\n\n{link}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(nomination, ["reader@example.org", "lectrice@example.org"])
    by_to = {tuple(m.to): m for m in mailoutbox}
    english, french = by_to[("reader@example.org",)], by_to[("lectrice@example.org",)]
    assert english.subject == f"Submitted: {nomination.nominee}"
    assert f"*{nomination.nominee}* is in the {nomination.cycle}." in english.body
    html = english.alternatives[0][0]
    assert f"<em>{nomination.nominee}</em>" in html and f"/nominations/{nomination.pk}/</a>" in html
    assert not french.subject.startswith("Submitted:")  # French keeps the program's text


def test_after_a_change_the_next_e_mail_uses_it(admin_user, mailoutbox, django_capture_on_commit_callbacks):
    nomination = DraftNominationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send(nomination, "reader@example.org")
        save(admin_user, subject="Changed: {nominee}")
        send(nomination, "reader@example.org")
        api.reset_text(actor=admin_user, name=NAME, language="en")
        send(nomination, "reader@example.org")
    subjects = [m.subject for m in mailoutbox]
    assert subjects[1] == f"Changed: {nomination.nominee}"
    assert subjects[0] == subjects[2] != subjects[1]


def test_nothing_is_sent_from_a_text_that_became_invalid(
    admin_user, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    """A text saved when its message offered a placeholder the code has since taken away: the
    program's text goes instead, and the log says so."""
    nomination = DraftNominationFactory()
    MessageTextFactory(message=NAME, language="en", version=1, subject="Old {gone}", body="Old {gone}")
    with django_capture_on_commit_callbacks(execute=True):
        send(nomination, "reader@example.org")
    (email,) = mailoutbox
    assert email.subject == api.render(NAME, {"nomination": nomination, "link": "/x/"})["subject"]
    assert "Old" not in email.body
    assert "is not valid; the default was sent" in caplog.text
