"""`api.nominate_someone_new`, the one way the page and the REST API nominate someone the program
does not know yet: recording the nominee and starting the nomination stand or fall together."""

import pytest
from django.core.exceptions import ValidationError

from distinguished.audit.models import AuditEvent
from distinguished.nominations import api
from distinguished.nominations.models import Nomination
from distinguished.people.models import Contributor

from ..factories import CycleFactory, track

pytestmark = pytest.mark.django_db

NEWT = {"kind": "person", "name": "Newt Newcomer", "email": "newt@example.org"}


@pytest.fixture
def cycle():
    return CycleFactory(slug="spring")


def snapshot() -> tuple:
    return (Contributor.objects.count(), Nomination.objects.count(), AuditEvent.objects.count())


def nominate(actor, cycle, new_nominee, **fields):
    return api.nominate_someone_new(
        actor=actor, cycle=cycle, track=track("engineer"), new_nominee=new_nominee, **fields
    )


def test_records_the_nominee_and_starts_the_peer_nomination(
    member, cycle, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = nominate(member, cycle, NEWT, statement="Newt fixed the importer.")
    assert nomination.nominee == Contributor.objects.get(email="newt@example.org")
    assert (nomination.nominator, nomination.self_nomination, nomination.state) == (member, False, "draft")
    assert [m.to for m in mailoutbox] == [["newt@example.org"]]


@pytest.mark.parametrize(
    ("new_nominee", "field"),
    [
        ({**NEWT, "kind": "robot"}, "nominee_new.kind"),
        ({**NEWT, "email": ""}, "nominee_new.email"),
        ({**NEWT, "email": "not-an-address"}, "nominee_new.email"),
    ],
)
def test_a_bad_nominee_changes_nothing(
    member, cycle, mailoutbox, django_capture_on_commit_callbacks, new_nominee, field
):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        nominate(member, cycle, new_nominee, statement="Newt fixed the importer.")
    assert field in refused.value.message_dict
    assert snapshot() == before
    assert mailoutbox == []


def test_a_refused_nomination_leaves_no_new_nominee_behind(
    member, cycle, mailoutbox, django_capture_on_commit_callbacks
):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as refused:
        nominate(member, cycle, NEWT, statement="x" * 20_001)
    assert "statement" in refused.value.message_dict
    assert snapshot() == before
    assert mailoutbox == []
