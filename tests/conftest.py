"""Shared fixtures. The program definition is loaded by `migrate` (post_migrate), so every test
database starts with the shipped program and its 2025 cycle."""

import os

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from rest_framework.test import APIClient

from .factories import ContributorFactory, UserFactory

PASSWORD = "correct-horse-battery"

# In CI every service is there: a test that would skip for a missing service fails instead.
REQUIRE_SERVICES = os.environ.get("DISTINGUISHED_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (DISTINGUISHED_REQUIRE_SERVICES=1: nothing may be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def in_english():
    """Each test starts in English: a request read in another language leaves that language active
    in the thread (Django's LocaleMiddleware activates it and nothing resets it in a test)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-user", roles=["admin"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def member(db):
    return UserFactory(username="member-user", contributor=ContributorFactory(name="Member Person"))


@pytest.fixture
def panelist(db):
    return UserFactory(username="panelist-user", roles=["panelist"])


@pytest.fixture
def chair(db):
    return UserFactory(username="chair-user", roles=["chair", "panelist"])


@pytest.fixture
def approver(db):
    return UserFactory(username="approver-user", roles=["approver"])


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def client_for(db):
    """An API client authenticated as `user` by token (None: anonymous)."""

    def make(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def latest_schema_after():
    """For a test that migrates apps back and forth: every app back to its latest migration after it.
    The flush after a transactional test loads the program into every table, and the tests after it
    need them all (a later migration of another app too)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
