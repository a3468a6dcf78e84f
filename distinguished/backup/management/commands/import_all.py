"""`distinguished import-all FILE`: restore a backup into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from ... import api


class Command(BaseCommand):
    help = (
        "Restore FILE, an archive written by `export-all`, into this empty database (SQLite, PostgreSQL or "
        "MySQL/MariaDB: also the way to move from one to another). A database with no tables is migrated to "
        "the archive's schema first; the restored data is then migrated to this version's. A non-empty "
        "database, or an archive of a newer version, is refused with nothing written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive written by export-all.")

    def handle(self, *args, file, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            loaded = api.import_all(file, progress=self._progress)
        except api.BackupRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Restored {sum(loaded.values())} rows in {len(loaded)} tables from {file}.")
        )

    def _progress(self, label, count):
        if self.verbosity >= 2:
            self.stdout.write(f"  {label}: {count}")
