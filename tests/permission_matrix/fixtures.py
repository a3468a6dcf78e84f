"""The permission matrix's world and one signed-in client per role, shared by the modules that walk
every page (tests/test_permission_matrix.py, tests/i18n/test_every_page_translated.py): each imports
`matrix`, which builds the world once for that module inside a transaction rolled back after it."""

import pytest
from django.db import connection, transaction
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import override_settings
from rest_framework.test import APIClient

from distinguished.credentials import api as credentials

from .world import ROLES, build_world


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and one signed-in client per role, for the whole module (rolled back after it)."""
    key_file = tmp_path_factory.mktemp("issuer") / "issuer-key.pem"
    with django_db_blocker.unblock():
        # pytest-django sets up the test database only when a selected test asks for it (the
        # unknown-id test does); never build the world in the development database.
        name = str(connection.settings_dict["NAME"])
        if not (name.startswith(TEST_DATABASE_PREFIX) or "memory" in name):
            pytest.fail("no test database: select test_unknown_ids_are_404 (it asks for one) too")
    with (
        django_db_blocker.unblock(),
        override_settings(CREDENTIALS_ISSUER_KEY="", CREDENTIALS_ISSUER_KEY_FILE=key_file),
        transaction.atomic(),
    ):
        credentials.generate_issuer_key()
        world = build_world()
        clients = {}
        for role in ROLES:
            clients[role] = APIClient()
            if role != "anonymous":
                clients[role].force_login(world.users[role])
        yield world, clients
        transaction.set_rollback(True)
