"""Writing a backup: every table of the database, as one consistent snapshot, into an archive."""

from __future__ import annotations

from importlib import metadata

import django
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .archive import Writer
from .tables import NaturalKeys, row_out, tables

CHUNK = 2000


def applied_migrations() -> dict[str, list[str]]:
    """The migrations applied to this database, by app, in the order they were applied."""
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).migration_qs.order_by("id").values_list("app", "name"):
        applied.setdefault(app, []).append(name)
    return applied


def _version() -> str:
    try:
        return metadata.version("distinguished")
    except metadata.PackageNotFoundError:
        return "unknown"


def export_all(target, *, progress=None) -> dict:
    """Write the archive to `target` (a path or a binary file). Returns its manifest.

    All tables are read in one read-only transaction, so the archive is one moment of the database
    (on PostgreSQL a REPEATABLE READ snapshot; MariaDB's InnoDB takes its snapshot at the first read
    of a transaction, and SQLite reads one state in a transaction). The issuer's private key is not in the database, so never in an archive."""
    writer = Writer(target)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        keys = NaturalKeys()
        migrations = applied_migrations()
        for table in tables():
            rows = (
                row_out(table, values, keys)
                for values in table.model._base_manager.order_by("pk")
                .values_list(*table.columns)
                .iterator(chunk_size=CHUNK)
            )
            count = writer.table(table.label, table.columns, rows)
            if progress:
                progress(table.label, count)
    return writer.close(
        {
            "created": timezone.now().isoformat(),
            "source": {
                "engine": connection.vendor,
                "django": django.get_version(),
                "distinguished": _version(),
            },
            "migrations": migrations,
        }
    )
