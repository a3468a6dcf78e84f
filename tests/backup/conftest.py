"""The round trip across engines (SQLite → PostgreSQL → MariaDB through the commands) runs when
asked: `pytest -m backup_roundtrip` (CI's stage "backup round trip" does), since it needs both servers
and their drivers, which `make test` does not."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    asked = os.environ.get("DISTINGUISHED_BACKUP_ROUNDTRIP") == "1" or "backup_roundtrip" in (
        config.option.markexpr or ""
    )
    if asked:
        return
    skip = pytest.mark.skip(
        reason="the backup round trip across engines needs PostgreSQL, MariaDB and their drivers: run "
        "`pytest -m backup_roundtrip` (CI runs it in a stage of its own)"
    )
    for item in items:
        if item.get_closest_marker("backup_roundtrip"):
            item.add_marker(skip)
