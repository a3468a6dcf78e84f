"""Restoring a backup into an empty database, on any of the three engines.

1. The archive is read whole once: its format version, its manifest, every table's digest.
2. Its migrations must all be known to this code (else it comes from a newer version: refused).
3. The database is brought to exactly the archive's schema: a database with no tables is migrated
   to the archive's migrations; one already migrated may be behind (migrated forward) but not ahead.
4. It must be empty: no row in any table but those `migrate` itself fills (the program definition
   it loads and the audit events saying so, content types, permissions).
5. In one transaction: the program rows `migrate` made are removed, every table is loaded with its
   primary keys, the foreign keys are checked, and the id sequences are moved past the loaded ids.
6. The database is migrated to this code's latest migrations (an older archive is upgraded).

Any problem before step 5 changes nothing; any problem in step 5 rolls it back.
"""

from __future__ import annotations

import contextlib

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from .archive import BackupRefused, Reader
from .dump import applied_migrations
from .tables import NaturalKeys, by_label, row_back, tables

BATCH = 1000
# Apps whose rows a fresh `migrate` makes (the program definition it loads): removed before loading.
MADE_BY_MIGRATE = {"program"}


def _made_by_migrate(table):
    """The rows of a table that a fresh `migrate` made: the program definition it loads, and the
    audit events it records of that (by no one, about the program's own objects)."""
    manager = table.model._base_manager
    if table.model._meta.app_label in MADE_BY_MIGRATE:
        return manager.all()
    if table.label == "audit.auditevent":
        return manager.filter(actor__isnull=True, object_type__startswith="program.")
    return manager.none()


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _targets(migrations: dict[str, list[str]]) -> list[tuple[str, str]]:
    """The migration plan's targets: for each app, the last of its migrations the archive's database
    applied (the recorder lists them in the order they were applied)."""
    return [(app, names[-1]) for app, names in migrations.items() if names]


def _check_migrations(reader: Reader) -> None:
    known = _known_migrations()
    archived = {(app, name) for app, names in reader.migrations.items() for name in names}
    unknown = sorted(archived - known)
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupRefused(
            f"This archive was written by a newer version of distinguished: its database had migrations "
            f"this version does not know ({shown}). Upgrade distinguished, then restore it."
        )
    applied = (
        {(app, name) for app, names in applied_migrations().items() for name in names}
        if _has_tables()
        else set()
    )
    ahead = sorted(applied - archived)
    if ahead:
        shown = ", ".join(f"{app}.{name}" for app, name in ahead[:5])
        raise BackupRefused(
            f"This database is migrated beyond the archive ({shown} are applied here, not in the archive). "
            "Restore into a new, empty database (no tables at all): import-all migrates it to the archive's "
            "schema itself."
        )


def _has_tables() -> bool:
    return "django_migrations" in connection.introspection.table_names()


def _migrate(targets) -> None:
    """Apply migrations without `post_migrate` (which would load the program definition), then make
    the content types and permissions that `post_migrate` would."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)


def _rows_in_the_way() -> list[str]:
    """The tables that hold rows, but for those `migrate` fills."""
    in_the_way = []
    for table in tables():
        rows = table.model._base_manager.exclude(pk__in=_made_by_migrate(table).values("pk"))
        if rows.exists():
            in_the_way.append(f"{table.label} ({rows.count()})")
    return in_the_way


@contextlib.contextmanager
def _timestamps_as_archived():
    """`bulk_create` stamps auto_now and auto_now_add fields with the time of the restore; a
    restore keeps the archived times instead, so these fields stop stamping while it loads."""
    stamped = [
        (field, field.auto_now, field.auto_now_add)
        for table in tables()
        for field in table.fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    for field, _, _ in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in stamped:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _load(reader: Reader, progress=None) -> dict[str, int]:
    here = by_label()
    keys = NaturalKeys()
    loaded: dict[str, int] = {}
    for table in reader.tables:
        target = here.get(table["label"])
        if target is None:
            raise BackupRefused(f"The archive holds a table this version does not have: {table['label']}.")
        missing = sorted(set(table["columns"]) - set(target.columns))
        if missing:
            raise BackupRefused(
                f"The archive's {table['label']} has columns this schema lacks: {', '.join(missing)}."
            )
        batch = []
        count = 0
        for row in reader.rows(table):
            try:
                batch.append(row_back(target, table["columns"], row, keys))
            except (ValueError, TypeError) as error:
                raise BackupRefused(
                    f"The archive's {table['label']} has a value that does not fit: {error}."
                ) from None
            if len(batch) >= BATCH:
                target.model._base_manager.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            target.model._base_manager.bulk_create(batch)
            count += len(batch)
        loaded[table["label"]] = count
        if progress:
            progress(table["label"], count)
    return loaded


def import_all(source, *, progress=None) -> dict[str, int]:
    """Restore the archive at `source` (a path or a binary file) into this empty database. Returns
    the rows loaded per table. Raises BackupRefused, with nothing written to the data."""
    reader = Reader(source)
    reader.check()
    _check_migrations(reader)
    _migrate(_targets(reader.migrations))
    in_the_way = _rows_in_the_way()
    if in_the_way:
        raise BackupRefused(
            "This database is not empty: import-all restores into an empty database only, so that nothing "
            f"is mixed or lost. It holds rows in {', '.join(in_the_way[:6])}."
        )
    try:
        with transaction.atomic():
            for table in reversed(tables()):
                # A raw delete: the audit trail refuses deletes, rightly, but these rows only say
                # what `migrate` did in this empty database; the archive brings the real trail.
                _made_by_migrate(table)._raw_delete(connection.alias)
            with connection.constraint_checks_disabled(), _timestamps_as_archived():
                loaded = _load(reader, progress)
            connection.check_constraints(table_names=[t.model._meta.db_table for t in tables()])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables()]):
                    cursor.execute(sql)
    except (IntegrityError, DatabaseError) as error:
        raise BackupRefused(
            f"The archive does not fit this database ({error}); nothing was restored."
        ) from None
    _migrate(sorted(MigrationLoader(connection).graph.leaf_nodes()))
    return loaded
