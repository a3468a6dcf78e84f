"""E-mails go out in the language each recipient chose (issue 17): one e-mail per language, rendered
with that language active (its words and its dates), the site's default for an address no account
chose one for."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation

from distinguished.notifications import api as notifications
from tests.factories import CycleFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=False)


def send_review_assigned(user, cycle, to):
    with transaction.atomic():
        notifications.notify(to, "review_assigned", {"user": user, "cycle": cycle, "count": 2})


def test_each_recipient_reads_the_language_they_chose(mailoutbox, django_capture_on_commit_callbacks):
    cycle = CycleFactory(review_due=dt.date(2027, 4, 15))
    french = UserFactory(username="fr-reader", email="Lecteur@Example.org", language="fr")
    spanish = UserFactory(username="es-reader", email="lector@example.org", language="es")
    UserFactory(username="en-reader", email="reader@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        send_review_assigned(
            french,
            cycle,
            ["lecteur@example.org", "lector@example.org", "reader@example.org", "nobody@example.org"],
        )
    by_recipients = {tuple(message.to): message.body for message in mailoutbox}
    assert set(by_recipients) == {
        ("lecteur@example.org",),
        ("lector@example.org",),
        ("reader@example.org", "nobody@example.org"),
    }
    assert "15 avril 2027" in by_recipients[("lecteur@example.org",)]
    # Its words too: the signature as the French catalog writes the message, no English left.
    with translation.override("fr"):
        signature = notifications.default_text("review_assigned")[1].splitlines()[-1]
    assert signature.startswith("— ") and signature != "— The Distinguished Contributor Program"
    assert signature in by_recipients[("lecteur@example.org",)]
    assert "Reviews are due on" not in by_recipients[("lecteur@example.org",)]
    assert "Reviews are due on" in by_recipients[("reader@example.org", "nobody@example.org")]
    assert "15 de abril de 2027" in by_recipients[("lector@example.org",)]
    assert "15 April 2027" in by_recipients[("reader@example.org", "nobody@example.org")]
    assert spanish.language == "es"


def test_the_language_of_the_request_does_not_leak_into_an_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    cycle = CycleFactory(review_due=dt.date(2027, 4, 15))
    user = UserFactory(username="plain", email="plain@example.org")
    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        send_review_assigned(user, cycle, "plain@example.org")
        assert translation.get_language() == "ar"  # the request's language, back after the e-mail
    [message] = mailoutbox
    assert "15 April 2027" in message.body


def test_an_inactive_account_or_a_language_no_longer_offered_gets_the_default(
    mailoutbox, django_capture_on_commit_callbacks
):
    cycle = CycleFactory(review_due=dt.date(2027, 4, 15))
    UserFactory(username="gone", email="gone@example.org", language="fr", is_active=False)
    UserFactory(username="old", email="old@example.org", language="de")
    with django_capture_on_commit_callbacks(execute=True):
        send_review_assigned(None, cycle, ["gone@example.org", "old@example.org"])
    [message] = mailoutbox
    assert message.to == ["gone@example.org", "old@example.org"]
    assert "15 April 2027" in message.body


def test_role_names_in_an_email_are_in_its_readers_language(mailoutbox, django_capture_on_commit_callbacks):
    """An admin reading the site in French changes the roles of someone who reads English: their
    e-mail names the roles in English (the labels are read when each copy is rendered)."""
    from distinguished.people import api as people

    admin = UserFactory(username="admin-fr", roles=["admin"], language="fr")
    reader = UserFactory(username="reader-en", email="reader-en@example.org")
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        people.set_roles(actor=admin, user=reader, roles=["panelist", "chair"])
    [message] = mailoutbox
    assert "Now granted: Panel chair, Panelist" in message.body
