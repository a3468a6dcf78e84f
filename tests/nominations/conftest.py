"""Nominations made through `nominations.api` as a nominator does, for the tests of the rules and
of the signals: nominated, accepted by the nominee through the e-mailed link, submitted."""

from django.contrib.auth.models import AnonymousUser

from distinguished.nominations import api
from distinguished.program import api as program

EVIDENCE = {
    "kind": "pull_request",
    "date": "2025-01-10",
    "title": "Course outline MFE",
    "url": "https://github.com/openedx/frontend-app-course-authoring/pull/1",
}
STATEMENT = "Nia **rebuilt** the course outline."


def nominate(nominator, nominee, cycle, **fields):
    # A self-nominee answers the listing question when nominating.
    answer = {"list_publicly": True} if getattr(nominator, "contributor_id", None) == nominee.pk else {}
    values = {"statement": STATEMENT, "evidence": [EVIDENCE], **answer, **fields}
    return api.nominate(
        actor=nominator, cycle=cycle, track=program.get_track("engineer"), nominee=nominee, **values
    )


def consent_token(nomination):
    return api.invitation_token(nomination, "consent", nomination.nominee.email)


def accepted(nominator, nominee, cycle, **fields):
    """A peer nomination the nominee accepted through the e-mailed link."""
    nomination = nominate(nominator, nominee, cycle, **fields)
    api.answer_consent(
        actor=AnonymousUser(),
        nomination=nomination,
        consent=True,
        list_publicly=True,
        token=consent_token(nomination),
    )
    return api.get_nomination(nomination.pk)


def submitted(nominator, nominee, cycle):
    nomination = accepted(nominator, nominee, cycle)
    api.submit_nomination(actor=nominator, nomination=nomination)
    return api.get_nomination(nomination.pk)
