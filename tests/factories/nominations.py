"""Nominations with their evidence, endorsements and endorsement requests; and the steps of
inviting and endorsing, which go through `nominations.api`."""

import datetime as dt

import factory
from django.utils import timezone

from .people import ContributorFactory, UserFactory
from .program import CycleFactory, track


class DraftNominationFactory(factory.django.DjangoModelFactory):
    """A draft ready to submit: the nominee consented, a statement is written (add its evidence
    with EvidenceFactory); submitting it is `nominations.api.submit_nomination`'s business."""

    class Meta:
        model = "nominations.Nomination"

    cycle = factory.SubFactory(CycleFactory)
    track = factory.LazyFunction(track)
    nominee = factory.SubFactory(ContributorFactory)
    nominator = factory.SubFactory(UserFactory)
    statement = "Why this nominee, in the track's own terms."
    nominee_consent = True
    consent_answered = factory.LazyFunction(timezone.now)


class NominationFactory(DraftNominationFactory):
    """A nomination submitted and in review, its state written directly (not through
    `nominations.api`): the rows review and deliberation tests start from."""

    state = "in_review"
    submitted = factory.LazyFunction(timezone.now)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "nominations.Evidence"

    nomination = factory.SubFactory(DraftNominationFactory)
    kind = "pull_request"
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))
    title = factory.Sequence(lambda n: f"Evidence {n}")
    url = factory.Sequence(lambda n: f"https://github.com/openedx/edx-platform/pull/{9000 + n}")
    added_by = factory.LazyAttribute(lambda e: e.nomination.nominator)


class EndorsementFactory(factory.django.DjangoModelFactory):
    """An endorsement written directly by a user who is a contributor (endorsing through the rules
    is `endorse_as_invited`)."""

    class Meta:
        model = "nominations.Endorsement"

    nomination = factory.SubFactory(NominationFactory)
    endorser = factory.SubFactory(UserFactory, contributor=factory.SubFactory(ContributorFactory))
    relationship = "Co-maintainer"
    statement = factory.Sequence(lambda n: f"Endorsement {n}: reviews every pull request with care.")


class EndorsementRequestFactory(factory.django.DjangoModelFactory):
    """The nominator's request to an e-mail address, not yet accepted."""

    class Meta:
        model = "nominations.EndorsementRequest"

    nomination = factory.SubFactory(NominationFactory)
    email = factory.Sequence(lambda n: f"endorser{n}@example.org")
    requested_by = factory.LazyAttribute(lambda r: r.nomination.nominator)


def invite_to_endorse(nomination, user):
    """The nominator asks `user` by e-mail to endorse and `user` opens the link signed in: an
    invited endorser, who may then read the nomination and endorse it."""
    from distinguished.nominations import api as nominations

    nominations.request_endorsements(actor=nomination.nominator, nomination=nomination, emails=[user.email])
    token = nominations.invitation_token(nomination, "endorse", user.email)
    return nominations.accept_invitation(actor=user, nomination=nomination, token=token)


def endorse_as_invited(*, actor, nomination, **fields):
    """`invite_to_endorse`, then the invited endorser endorses through `nominations.api.endorse`."""
    from distinguished.nominations import api as nominations

    invite_to_endorse(nomination, actor)
    return nominations.endorse(actor=actor, nomination=nomination, **fields)
