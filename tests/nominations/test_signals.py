"""The signals nominations sends for the apps above it: sent inside the change's transaction, so a
receiver's failure undoes the change and its writes commit with it."""

import pytest
from django.core.exceptions import ValidationError

from distinguished.nominations import api
from distinguished.nominations.models import Endorsement

from ..factories import ContributorFactory, CycleFactory, UserFactory, endorse_as_invited, invite_to_endorse
from .conftest import accepted


class Refused(Exception):
    pass


@pytest.fixture
def parties(db):
    nominator = UserFactory(contributor=ContributorFactory(name="Nora"))
    endorser = UserFactory(contributor=ContributorFactory(name="Sam"))
    nomination = accepted(nominator, ContributorFactory(name="Nia", email="nia@example.org"), CycleFactory())
    return nomination, endorser


def test_endorsed_is_sent_once_with_the_endorsement_inside_the_transaction(parties):
    nomination, endorser = parties
    received = []

    def receiver(sender, nomination, endorser, endorsement, **kwargs):
        # Inside the transaction: the endorsement row is already there.
        received.append((nomination.pk, endorser.pk, Endorsement.objects.filter(pk=endorsement.pk).exists()))

    api.signals.endorsed.connect(receiver)
    try:
        endorsement = endorse_as_invited(
            actor=endorser, nomination=nomination, relationship="Peer", statement="Yes."
        )
        with pytest.raises(ValidationError):
            api.endorse(actor=endorser, nomination=nomination, relationship="Peer", statement="Again.")
    finally:
        api.signals.endorsed.disconnect(receiver)
    assert endorsement.pk
    assert received == [(nomination.pk, endorser.pk, True)]


def test_a_receiver_that_fails_undoes_the_endorsement(parties):
    nomination, endorser = parties
    invite_to_endorse(nomination, endorser)

    def receiver(**kwargs):
        raise Refused

    api.signals.endorsed.connect(receiver)
    try:
        with pytest.raises(Refused):
            api.endorse(actor=endorser, nomination=nomination, relationship="Peer", statement="Yes.")
    finally:
        api.signals.endorsed.disconnect(receiver)
    assert not Endorsement.objects.exists()
