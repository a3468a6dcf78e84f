"""The backup archive: a zip file with a manifest and one JSON Lines file per table.

    manifest.json                   what is in it (below)
    tables/<app>.<model>.jsonl      one row per line: a JSON array, in the order of the table's columns

The manifest names the format and its version, when and from what it was written, the migrations
applied to the database it came from (so that a restore rebuilds exactly that schema before loading),
and for each table its columns, row count and the SHA-256 of its file. A reader refuses an archive of a
newer format version, and a table whose file does not match its digest or count.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterator

FORMAT = "distinguished-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class BackupRefused(Exception):
    """The archive cannot be written or restored here; the message says why and what to do."""


def table_file(label: str) -> str:
    return f"tables/{label}.jsonl"


class Writer:
    """Writes an archive table by table, streaming: no table is ever whole in memory."""

    def __init__(self, target):
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.tables: list[dict] = []

    def table(self, label: str, columns: list[str], rows) -> int:
        """Write the rows (iterables of JSON values) of one table; returns how many."""
        digest = hashlib.sha256()
        count = 0
        with self.zip.open(table_file(label), "w", force_zip64=True) as raw:
            for row in rows:
                line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                digest.update(line)
                raw.write(line)
                count += 1
        self.tables.append(
            {
                "label": label,
                "file": table_file(label),
                "columns": columns,
                "rows": count,
                "sha256": digest.hexdigest(),
            }
        )
        return count

    def close(self, manifest: dict) -> dict:
        manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest, "tables": self.tables}
        self.zip.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        self.zip.close()
        return manifest


class Reader:
    """Reads an archive; every problem is a BackupRefused that says what is wrong."""

    def __init__(self, source):
        try:
            self.zip = zipfile.ZipFile(source)
        except FileNotFoundError:
            raise BackupRefused(f"{source} does not exist.") from None
        except (zipfile.BadZipFile, OSError) as error:
            raise BackupRefused(
                f"This is not a backup archive of distinguished (not a zip file: {error})."
            ) from None
        self.manifest = self._manifest()

    def _manifest(self) -> dict:
        """The archive's manifest, once it names the format, a version this one reads, its tables and
        its migrations."""
        manifest = self._read_manifest()
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupRefused(
                f"This zip file is not a backup archive of distinguished ({MANIFEST} names no {FORMAT})."
            )
        version = manifest.get("format_version")
        if not isinstance(version, int):
            raise BackupRefused(f"The archive's {MANIFEST} has no format version.")
        if version > FORMAT_VERSION:
            raise BackupRefused(
                f"This archive was written by a newer version of distinguished (archive format {version}); this "
                f"version reads format {FORMAT_VERSION} and older. Upgrade distinguished, then restore it."
            )
        if not _lists_tables(manifest.get("tables")):
            raise BackupRefused(f"The archive's {MANIFEST} does not list its tables as it should.")
        if not isinstance(manifest.get("migrations"), dict):
            raise BackupRefused(f"The archive's {MANIFEST} does not say which migrations it was written at.")
        return manifest

    def _read_manifest(self):
        """The manifest's JSON as the archive holds it."""
        try:
            return json.loads(self.zip.read(MANIFEST))
        except KeyError:
            raise BackupRefused(
                f"This zip file has no {MANIFEST}: it is not a backup archive of distinguished."
            ) from None
        except (ValueError, zipfile.BadZipFile) as error:
            raise BackupRefused(f"The archive's {MANIFEST} is unreadable ({error}).") from None

    @property
    def migrations(self) -> dict[str, list[str]]:
        return self.manifest["migrations"]

    @property
    def tables(self) -> list[dict]:
        return self.manifest["tables"]

    def check(self) -> None:
        """Read every table file once: its digest and row count match the manifest."""
        for table in self.tables:
            digest = hashlib.sha256()
            count = 0
            for line in self._lines(table):
                digest.update(line)
                count += 1
            if digest.hexdigest() != table["sha256"] or count != table["rows"]:
                raise BackupRefused(
                    f"The archive is damaged: {table['file']} does not match its manifest "
                    f"({count} rows read, {table['rows']} listed). Nothing was restored."
                )

    def _lines(self, table: dict) -> Iterator[bytes]:
        try:
            with self.zip.open(table["file"]) as raw:
                yield from io.BufferedReader(raw)
        except KeyError:
            raise BackupRefused(f"The archive lists {table['file']} but does not hold it.") from None
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise BackupRefused(
                f"The archive is damaged: {table['file']} cannot be read ({error})."
            ) from None

    def rows(self, table: dict) -> Iterator[list]:
        for number, line in enumerate(self._lines(table), start=1):
            try:
                row = json.loads(line)
            except ValueError:
                raise BackupRefused(
                    f"The archive is damaged: line {number} of {table['file']} is not JSON."
                ) from None
            if not isinstance(row, list) or len(row) != len(table["columns"]):
                raise BackupRefused(
                    f"The archive is damaged: line {number} of {table['file']} does not have "
                    f"{len(table['columns'])} values."
                )
            yield row


def _lists_tables(tables) -> bool:
    """Whether a manifest's `tables` is a list of entries that each name their label, file, columns,
    rows and checksum."""
    return isinstance(tables, list) and all(
        isinstance(t, dict) and {"label", "file", "columns", "rows", "sha256"} <= t.keys() for t in tables
    )
