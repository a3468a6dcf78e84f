"""Credentials on a frozen clock (10 July 2025), with an issuer key in a temporary key file: the
tests never read nor write the developer's var/issuer-key.pem."""

import datetime as dt

import pytest
import time_machine

from distinguished.credentials import api
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..factories import ContributorFactory

TODAY = dt.datetime(2025, 7, 10, 12, 0, tzinfo=dt.UTC)
TERM_START = dt.date(2025, 7, 1)


def at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def clock():
    with at(TODAY) as traveller:
        yield traveller


@pytest.fixture
def key_file(settings, tmp_path):
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "var" / "issuer-key.pem"
    return settings.CREDENTIALS_ISSUER_KEY_FILE


@pytest.fixture
def issuer_key(db, key_file):
    """The active IssuerKey, its private half in the temporary key file."""
    key, created = api.generate_issuer_key()
    assert created
    return key


@pytest.fixture
def person(db):
    return ContributorFactory(name="Ada Credential", email="Ada.Credential@Example.org", listed_publicly=True)


@pytest.fixture
def membership(admin_user, person, issuer_key, clock, django_capture_on_commit_callbacks):
    """A term of Distinguished Engineer from 1 July 2025 (to 30 June 2027), its credential signed
    (by the task queued when the recording commits)."""
    with django_capture_on_commit_callbacks(execute=True):
        return memberships.record_term(
            actor=admin_user, contributor=person, track=program.get_track("engineer"), start=TERM_START
        )


@pytest.fixture
def credential(membership):
    credential = api.latest_credential(membership.pk)
    assert credential is not None and credential.signed
    return credential


@pytest.fixture
def document(credential):
    return credential.document
