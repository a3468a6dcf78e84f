"""Backup and restore of the whole database: `export_all` writes a versioned archive of every table,
`import_all` restores one into an empty database of any engine (SQLite, PostgreSQL, MySQL/MariaDB).

This app reads every app's tables through Django's app registry, never through their models or
`api.py`: a backup is of the database, below every rule of the program. It imports no other app."""

from .archive import FORMAT_VERSION, BackupRefused
from .dump import export_all
from .restore import import_all

__all__ = ["FORMAT_VERSION", "BackupRefused", "export_all", "import_all"]
