"""Production keeps each worker's database connection (CONN_MAX_AGE, 60 s unless set), checked
before reuse: the deadline rush (docs/performance.md) spent about 7 ms of PostgreSQL's work a
request opening a new one."""

import json
import os
import subprocess
import sys

import pytest

# Only the settings module is read: no database driver is loaded (make test has none for PostgreSQL).
READ = (
    "from django.conf import settings; d = settings.DATABASES['default']; "
    "print(__import__('json').dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
)


def production_database(**variables) -> list:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CONN_", "DATABASE_URL", "DJANGO_SETTINGS"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "distinguished.settings.production",
            "SECRET_KEY": "a" * 20 + "-connections-" + "b" * 30,
            "DATABASE_URL": "postgres://dcp@db.example.org/dcp",
            **variables,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", READ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "variables, expected",
    [
        ({}, [60, True]),
        ({"CONN_MAX_AGE": "0"}, [0, True]),
        ({"CONN_MAX_AGE": "300", "CONN_HEALTH_CHECKS": "false"}, [300, False]),
        ({"DATABASE_URL": "postgres://dcp@db.example.org/dcp?conn_max_age=0"}, [0, True]),
        (
            {"DATABASE_URL": "postgres://dcp@db.example.org/dcp?conn_max_age=0", "CONN_MAX_AGE": "30"},
            [30, True],
        ),
    ],
    ids=["default", "off", "set", "from the URL", "the variable wins"],
)
def test_production_keeps_database_connections(variables, expected):
    assert production_database(**variables) == expected
