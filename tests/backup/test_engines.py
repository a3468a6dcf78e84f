"""The documented way to move between engines, as an operator runs it: the demo data on SQLite,
`export-all`, `import-all` into a new PostgreSQL database, `export-all` there, `import-all` into a new
MariaDB database. Every table holds the same rows at each step (the audit trail included), and every
credential verifies on MariaDB as it did on SQLite, with the same issuer key file."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ..conftest import skip_or_fail

pytestmark = pytest.mark.backup_roundtrip

POSTGRES = "postgres://postgres@127.0.0.1:5432/{}"
MARIADB = "mysql://root@127.0.0.1:3306/{}"
DATABASE = "distinguished_backup_roundtrip"
DISTINGUISHED = str(Path(sys.executable).with_name("distinguished"))

VERIFY_EVERY_CREDENTIAL = """
import json
from distinguished.credentials import api
from distinguished.credentials.models import Credential
print(json.dumps({str(c.uuid): api.verify(c.document).status for c in Credential.objects.order_by("id")}))
"""


def fresh_databases():
    try:
        import MySQLdb
        import psycopg
    except ImportError as error:
        skip_or_fail(
            f"the database drivers are not installed ({error}): pip install -r requirements/production.txt"
        )
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
            conn.execute(f"CREATE DATABASE {DATABASE}")
        conn = MySQLdb.connect(host="127.0.0.1", port=3306, user="root")
        cursor = conn.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        cursor.execute(f"CREATE DATABASE {DATABASE} CHARACTER SET utf8mb4")
        conn.close()
    except (psycopg.Error, MySQLdb.Error) as error:
        skip_or_fail(f"PostgreSQL or MariaDB does not answer on 127.0.0.1 ({error})")


def run(database_url: str, tmp_path, *args) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "distinguished.settings.dev",
        "DATABASE_URL": database_url,
        "CREDENTIALS_ISSUER_KEY": "",
        "CREDENTIALS_ISSUER_KEY_FILE": str(tmp_path / "issuer-key.pem"),
        "SITE_URL": "https://dcp.example.org",
    }
    completed = subprocess.run(
        [DISTINGUISHED, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert completed.returncode == 0, (
        f"{' '.join(args)} on {database_url}:\n{completed.stdout}\n{completed.stderr}"
    )
    return completed.stdout


def rows_of(archive: Path) -> dict[str, list]:
    """Every table's rows, each as JSON with sorted keys (PostgreSQL's jsonb orders object keys)."""
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        return {
            table["label"]: [
                json.dumps(json.loads(line), sort_keys=True)
                for line in opened.read(table["file"]).splitlines()
            ]
            for table in manifest["tables"]
        }


def test_sqlite_to_postgresql_to_mariadb(tmp_path):
    fresh_databases()
    sqlite = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    run(sqlite, tmp_path, "migrate", "--no-input")
    run(sqlite, tmp_path, "generate-issuer-key")
    run(sqlite, tmp_path, "demo-data")
    before = json.loads(run(sqlite, tmp_path, "shell", "--no-imports", "-c", VERIFY_EVERY_CREDENTIAL))
    assert before and "valid" in before.values()

    steps = [(sqlite, tmp_path / "from-sqlite.zip")]
    run(sqlite, tmp_path, "export-all", str(steps[0][1]))
    for name, url in (("postgresql", POSTGRES.format(DATABASE)), ("mariadb", MARIADB.format(DATABASE))):
        run(url, tmp_path, "import-all", str(steps[-1][1]))
        steps.append((url, tmp_path / f"from-{name}.zip"))
        run(url, tmp_path, "export-all", str(steps[-1][1]))

    source = rows_of(steps[0][1])
    assert sum(len(rows) for rows in source.values()) > 100
    assert source["audit.auditevent"]
    for url, archive in steps[1:]:
        copy = rows_of(archive)
        assert copy.keys() == source.keys()
        different = [label for label in source if copy[label] != source[label]]
        assert different == [], f"{url}: these tables differ from the SQLite source: {different}"

    after = json.loads(
        run(MARIADB.format(DATABASE), tmp_path, "shell", "--no-imports", "-c", VERIFY_EVERY_CREDENTIAL)
    )
    assert after == before
