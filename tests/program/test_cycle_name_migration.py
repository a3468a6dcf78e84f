"""Migration 0005 makes cycle names unique. A database whose cycles already share a name stops
there, naming the cycles and what to do, and changes nothing; renamed, it migrates."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ..factories import CycleFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("program", "0004_cycle_list_signed_off")]
AFTER = [("program", "0005_cycle_unique_name")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_shared_names_stop_the_migration_naming_them_until_renamed():
    first = CycleFactory(slug="first", name="2027 cohort")
    try:
        apps = migrate(BEFORE)
        Cycle = apps.get_model("program", "Cycle")
        Cycle.objects.create(
            **{
                field.attname: getattr(first, field.attname)
                for field in Cycle._meta.concrete_fields
                if field.attname not in ("id", "slug", "name", "created")
            },
            slug="second",
            name="2027 Cohort",
        )
        with pytest.raises(RuntimeError) as caught:
            migrate(AFTER)
        assert "“2027 cohort” (first, second)" in str(caught.value)
        assert "Rename all but one" in str(caught.value)
        Cycle.objects.filter(slug="second").update(name="2027 cohort (second)")
    finally:
        apps = migrate(AFTER)
    names = sorted(apps.get_model("program", "Cycle").objects.values_list("name", flat=True))
    assert "2027 cohort" in names and "2027 cohort (second)" in names
    # Back to the latest schema: the flush after this test loads the program into every table.
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())
