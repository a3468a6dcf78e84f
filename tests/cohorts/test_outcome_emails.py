"""The e-mails of the announcement, one per outcome and per party (nominee, nominator): selected
with the term and the profile; declined with the panel's feedback; deferred, carried to the next
cycle's screening. The panel's rationale is never in any of them."""

import pytest
from django.conf import settings

from distinguished.membership.models import Membership

from .conftest import RATIONALE, announce_2025, decided, next_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(cycle, decided_list, admin_user, approver, mailoutbox, django_capture_on_commit_callbacks):
    """The 2025 cohort announced with the 2026 cycle set up; the messages by recipient."""
    next_cycle()
    announce_2025(admin_user, approver, django_capture_on_commit_callbacks)
    by_recipient = {}
    for mail in mailoutbox:
        assert len(mail.to) == 1
        assert mail.to[0] not in by_recipient, f"two messages to {mail.to[0]}"
        by_recipient[mail.to[0]] = mail
    return by_recipient


def nominator_of(decided_list, key):
    return decided_list[key].nominator.email


def test_every_nominee_and_nominator_hears_once_and_never_the_rationale(outbox, decided_list):
    assert len(outbox) == 8
    for mail in outbox.values():
        assert RATIONALE not in mail.subject + mail.body
        assert "INTERNAL" not in mail.body


def test_selected_the_nominee_reads_the_term_the_feedback_and_the_links(outbox, decided_list):
    mail = outbox["ana.lima@example.org"]
    ana = Membership.objects.get(contributor__name="Ana Lima")
    assert (
        mail.subject
        == "Congratulations: Ana Lima is an Open edX Distinguished Contributor (Distinguished Engineer)"
    )
    assert (
        "The review panel selected Ana Lima as an Open edX Distinguished Contributor on the "
        "Distinguished Engineer track, in the 2025 cohort." in mail.body
    )
    assert "The membership runs from 1 July 2025 to 30 June 2027." in mail.body
    assert "A word from the panel: Outstanding reviews." in mail.body
    assert "You are listed in the public directory." in mail.body
    assert f"Public profile: {settings.SITE_URL}/directory/{ana.contributor_id}/" in mail.body
    assert (
        f"You may change that at any time on your profile page: {settings.SITE_URL}/people/me/" in mail.body
    )
    nomination = decided_list["ana"]
    assert (
        f"Read the decision any time on the nomination page: {settings.SITE_URL}/nominations/{nomination.pk}/"
        in mail.body
    )
    assert f"The announcement: {settings.SITE_URL}/cycles/2025/announcement/" in mail.body


def test_selected_the_nominator_reads_about_their_nominee(outbox, decided_list):
    mail = outbox[nominator_of(decided_list, "ana")]
    assert mail.subject == (
        "Congratulations: Ana Lima is an Open edX Distinguished Contributor (Distinguished Engineer)"
    )
    assert "The review panel selected Ana Lima as an Open edX Distinguished Contributor" in mail.body
    assert "They are listed in the public directory." in mail.body
    assert "Public profile:" in mail.body
    # The line about changing the listing is the nominee's own.
    assert "/people/me/" not in mail.body and "You may change that" not in mail.body


def test_selected_but_not_listed_no_public_profile_is_promised(outbox, decided_list):
    nominee = outbox["bo.chen@example.org"].body
    assert "You are not listed in the public directory; your profile stays private." in nominee
    nominator = outbox[nominator_of(decided_list, "bo")].body
    assert "/directory/" not in nominator
    assert "They are not listed in the public directory." in nominator
    # Bo Chen's decision came without feedback: no empty heading.
    assert "A word from the panel" not in nominee


def test_declined_both_read_the_panels_feedback(outbox, decided_list):
    for address, closing in (
        ("cy.diallo@example.org", "Cy Diallo may be nominated again in a later cycle."),
        (nominator_of(decided_list, "cy"), "Cy Diallo may be nominated again in a later cycle."),
    ):
        mail = outbox[address]
        assert mail.subject == (
            "The panel's decision on the nomination of Cy Diallo (Distinguished Engineer, 2025 cohort)"
        )
        assert "did not select it this cycle" in mail.body
        assert "The panel's feedback: Show more mentoring." in mail.body
        assert closing in mail.body


def test_deferred_both_read_it_is_carried_to_the_next_cycles_screening(outbox, decided_list):
    for address in ("di.novak@example.org", nominator_of(decided_list, "di")):
        mail = outbox[address]
        assert (
            mail.subject == "Deferred to the next cycle: the nomination of Di Novak (Distinguished Engineer)"
        )
        assert "deferred the nomination of Di Novak" in mail.body
        assert "carried to the next cycle's screening" in mail.body
        assert "The panel's feedback: Come back with the 2026 release." in mail.body
        assert (
            "It is now in the screening of the 2026 cohort (screening ends on 30 April 2026), with its "
            "statement, evidence and endorsements." in mail.body
        )


def test_declined_without_feedback_has_no_empty_heading(
    cycle, chair, admin_user, approver, mailoutbox, django_capture_on_commit_callbacks
):
    decided(cycle, "Nia Bare", "declined", chair=chair)
    announce_2025(admin_user, approver, django_capture_on_commit_callbacks)
    mail = next(m for m in mailoutbox if m.to == ["nia.bare@example.org"])
    assert "did not select it this cycle" in mail.body and "feedback" not in mail.body
