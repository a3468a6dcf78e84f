"""PostgreSQL only: a trigram index on the upper-cased name, which the directory's search by part of
a name (`UPPER(name) LIKE '%WORD%'`) reads instead of every contributor. It needs the pg_trgm
extension, trusted since PostgreSQL 13 (any role that may create in the database installs it); where
it cannot be installed the migration says so and goes on without the index: the search stays right,
only slower. SQLite and MariaDB search without it."""

from django.db import migrations

INDEX = "contributor_name_trigram"


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT trigram")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - any refusal: go on without the index
            cursor.execute("ROLLBACK TO SAVEPOINT trigram")
            print(f"\n  people.0004: no trigram index, the pg_trgm extension could not be installed ({error})")
            return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_contributor USING gin (UPPER(name) gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_name_and_country_indexes"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
