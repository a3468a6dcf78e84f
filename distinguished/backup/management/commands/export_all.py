"""`distinguished export-all FILE`: a backup of all the data, as one versioned archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ... import api


class Command(BaseCommand):
    help = (
        "Write all the data (people, nominations, reviews, memberships, credentials and status lists, the "
        "audit trail …) to FILE, a versioned zip archive that `import-all` restores into an empty database of "
        "any engine. The issuer's private key is not in the database, so not in the archive: back it up apart."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The archive to write (a new file; '-' is refused).")
        parser.add_argument("--force", action="store_true", help="Replace FILE if it exists.")

    def handle(self, *args, file, force=False, **options):
        self.verbosity = options.get("verbosity", 1)
        path = Path(file)
        if file == "-" or path.is_dir():
            raise CommandError(f"{file} is not a file name: give the archive's path, e.g. backup.zip.")
        if path.exists() and not force:
            raise CommandError(f"{file} exists: give another name, or --force to replace it.")
        partial = path.with_name(path.name + ".partial")
        try:
            manifest = api.export_all(partial, progress=self._progress)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Cannot write {file}: {error.strerror or error}.") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {file}: {rows} rows in {len(manifest['tables'])} tables (archive format "
                f"{manifest['format_version']}, from {manifest['source']['engine']})."
            )
        )

    def _progress(self, label, count):
        if self.verbosity >= 2:
            self.stdout.write(f"  {label}: {count}")
