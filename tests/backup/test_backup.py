"""`export-all` and `import-all` on the test database's engine: a whole round trip that keeps every
row, id, timestamp and the audit trail, with credentials that still verify; and every refusal (a
database that is not empty, an archive of a newer version, a damaged one) changes nothing."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.backup import api as backup
from distinguished.backup.tables import tables
from distinguished.credentials import api as credentials
from distinguished.membership import api as memberships
from distinguished.people.models import User
from distinguished.program import api as program

from ..conftest import PASSWORD
from ..factories import ContributorFactory, DraftNominationFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(settings, tmp_path):
    """People with roles, a nomination with evidence, a membership with a signed credential and a
    revoked one (so a status list with a bit set), and their audit trail."""
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    credentials.generate_issuer_key()
    admin = UserFactory(username="backup-admin", roles=["admin"])
    UserFactory(username="backup-panelist", roles=["panelist"])
    nomination = DraftNominationFactory()
    EvidenceFactory(nomination=nomination)
    start = timezone.localdate() - dt.timedelta(days=30)
    kept = memberships.record_term(
        actor=admin,
        contributor=ContributorFactory(name="Kept Member"),
        track=program.get_track("engineer"),
        start=start,
    )
    gone = memberships.record_term(
        actor=admin, contributor=ContributorFactory(), track=program.get_track("advocate"), start=start
    )
    memberships.revoke(actor=admin, membership=gone, reason="Left the community.")
    return {"admin": admin, "kept": kept, "gone": gone}


def snapshot() -> dict[str, list]:
    """Every row of every table a backup holds, by table, as sorted JSON."""
    result = {}
    for table in tables():
        rows = table.model._base_manager.order_by("pk").values_list(*table.columns)
        result[table.label] = [json.dumps(list(row), sort_keys=True, default=str) for row in rows]
    return result


def empty_the_database():
    """What a new database looks like after `migrate`: the program definition and nothing else."""
    call_command("flush", interactive=False, verbosity=0)


def archive_of(**changes) -> io.BytesIO:
    """An archive of the current data, its manifest changed by `changes` (None deletes a key)."""
    original = io.BytesIO()
    backup.export_all(original)
    original.seek(0)
    changed = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "manifest.json":
                manifest = json.loads(content)
                for key, value in changes.items():
                    if value is None:
                        manifest.pop(key, None)
                    else:
                        manifest[key] = value(manifest) if callable(value) else value
                content = json.dumps(manifest).encode()
            target.writestr(item, content)
    changed.seek(0)
    return changed


def test_a_round_trip_keeps_every_row_the_audit_trail_and_credentials_that_verify(data):
    before = snapshot()
    archive = io.BytesIO()
    manifest = backup.export_all(archive)
    assert manifest["format_version"] == backup.FORMAT_VERSION
    assert {t["label"]: t["rows"] for t in manifest["tables"]}[
        "audit.auditevent"
    ] == AuditEvent.objects.count()
    assert "contenttypes.contenttype" not in {t["label"] for t in manifest["tables"]}

    empty_the_database()
    assert User.objects.count() == 0
    archive.seek(0)
    loaded = backup.import_all(archive)

    assert snapshot() == before
    assert loaded["people.user"] == len(before["people.user"]) >= 3
    # Passwords (hashes), roles and the audit trail came back as they were.
    assert User.objects.get(username="backup-admin").check_password(PASSWORD)
    assert AuditEvent.objects.filter(verb="credential.revoked").count() == 1
    kept = credentials.latest_credential(data["kept"].pk)
    gone = credentials.latest_credential(data["gone"].pk)
    assert credentials.verify(kept.document).status == "valid"
    assert credentials.verify(gone.document).status == "revoked"
    # New rows get new ids after the restored ones (the sequences moved on).
    newcomer = ContributorFactory()
    assert newcomer.pk > max(
        pk
        for pk in apps.get_model("people", "Contributor").objects.values_list("pk", flat=True)
        if pk != newcomer.pk
    )


def test_a_database_that_is_not_empty_is_refused_and_unchanged(data):
    archive = io.BytesIO()
    backup.export_all(archive)
    before = snapshot()
    archive.seek(0)
    with pytest.raises(backup.BackupRefused, match=r"This database is not empty.*people\.user"):
        backup.import_all(archive)
    assert snapshot() == before


@pytest.mark.parametrize(
    "changes, refusal",
    [
        ({"format_version": backup.FORMAT_VERSION + 1}, "written by a newer version of distinguished"),
        (
            {
                "migrations": lambda m: {
                    **m["migrations"],
                    "people": [*m["migrations"]["people"], "9999_from_the_future"],
                }
            },
            "newer version of distinguished.*people.9999_from_the_future",
        ),
        (
            {"migrations": lambda m: {**m["migrations"], "people": m["migrations"]["people"][:-1]}},
            "migrated beyond",
        ),
        ({"format": "something-else"}, "not a backup archive"),
        ({"format_version": None}, "no format version"),
        ({"tables": lambda m: [dict(t, rows=t["rows"] + 1) for t in m["tables"]]}, "damaged"),
    ],
)
def test_an_archive_of_a_newer_version_or_damaged_is_refused_and_nothing_written(data, changes, refusal):
    archive = archive_of(**changes)
    empty_the_database()
    before = snapshot()
    with pytest.raises(backup.BackupRefused, match=refusal):
        backup.import_all(archive)
    assert snapshot() == before


@pytest.mark.parametrize(
    "content, refusal",
    [
        (b"not a zip at all", "not a zip file"),
        (b"", "not a zip file"),
    ],
)
def test_a_file_that_is_not_an_archive_is_refused(db, content, refusal):
    with pytest.raises(backup.BackupRefused, match=refusal):
        backup.import_all(io.BytesIO(content))


def test_a_zip_without_a_manifest_or_with_a_broken_line_is_refused(data):
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as target:
        target.writestr("hello.txt", "hi")
    plain.seek(0)
    with pytest.raises(backup.BackupRefused, match=r"has no manifest\.json"):
        backup.import_all(plain)

    original = io.BytesIO()
    backup.export_all(original)
    original.seek(0)
    broken = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "tables/people.user.jsonl":
                content = content.replace(b'"backup-admin"', b'"backup-admin"]]')
            target.writestr(item, content)
    broken.seek(0)
    empty_the_database()
    with pytest.raises(backup.BackupRefused, match=r"damaged: tables/people\.user\.jsonl"):
        backup.import_all(broken)
    assert User.objects.count() == 0


def test_the_commands(data, tmp_path, capsys):
    path = tmp_path / "backup.zip"
    call_command("export_all", str(path))
    assert "rows in" in capsys.readouterr().out
    with pytest.raises(CommandError, match="exists: give another name, or --force"):
        call_command("export_all", str(path))
    call_command("export_all", str(path), "--force")
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_all", str(path))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_all", str(tmp_path / "missing.zip"))
    empty_the_database()
    call_command("import_all", str(path))
    assert "Restored" in capsys.readouterr().out
    assert User.objects.filter(username="backup-admin").exists()
