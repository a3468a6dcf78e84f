"""The membership e-mails keep what their templates said in each case: a window still to come, a
last day, a revoked lifetime membership, a renewal granted with or without a note."""

import datetime as dt

from django.urls import reverse
from django.utils import translation

from distinguished.notifications import api as notifications

from ..factories import MembershipFactory, UserFactory


def written(name, context):
    with translation.override("en"):
        return notifications.render(name, {"link": reverse("membership:mine"), **context})


def test_a_reminder_before_the_window_opens_says_when_it_does_and_counts_one_day(db):
    term = MembershipFactory(start=dt.date(2025, 7, 1), end=dt.date(2027, 6, 30))
    context = {"membership": term, "days_left": 1, "window_open": False}
    email = written("membership_reminder", {**context, "opens": dt.date(2027, 4, 2), "closes": term.end})
    assert "ends on 30 June 2027, in 1 day." in email["text"]
    assert "You may apply to renew it from 2 April 2027 to 30 June 2027." in email["text"]
    assert "http://" in email["text"] and "/memberships/mine/\n" in email["text"]


def test_a_revoked_lifetime_membership_says_lifetime(db):
    term = MembershipFactory(start=dt.date(2020, 7, 1), lifetime=True, revoked_on=dt.date(2025, 3, 3))
    term.revoke_reason = "Breach of the code of conduct."
    email = written("membership_revoked", {"membership": term})
    assert "(1 July 2020 – lifetime) on 3 March 2025." in email["text"]
    assert "Why: Breach of the code of conduct." in email["text"]


def test_a_renewal_granted_without_a_note_leaves_the_note_out(db):
    term = MembershipFactory(start=dt.date(2025, 7, 1), end=dt.date(2027, 6, 30))
    new_term = MembershipFactory(contributor=term.contributor, start=dt.date(2027, 7, 1))
    context = {"membership": term, "new_term": new_term}
    assert "A note from the program" not in written("renewal_granted", {**context, "reason": ""})["text"]
    with_note = written("renewal_granted", {**context, "reason": "Well *done*."})
    assert "A note from the program: Well *done*." in with_note["text"]
    assert "Well *done*." in with_note["html"] and "<em>" not in with_note["html"]  # as typed


def test_the_chair_is_greeted_by_name(db):
    term = MembershipFactory(start=dt.date(2025, 7, 1), end=dt.date(2027, 6, 30))
    chair = UserFactory(name="Carla Chair")
    email = written("renewal_applied", {"membership": term, "user": chair, "new_start": dt.date(2027, 7, 1)})
    assert email["text"].startswith("Hello Carla Chair,\n")
    assert f"{term.contributor.name} applied to renew" in email["text"]
