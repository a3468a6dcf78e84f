"""Benchmark of the CSV import of contributions (issue: contributions and key results).

Generates a CSV of 1,000,000 contributions (`--rows N` for fewer) by 2,000 contributors, named by
e-mail or GitHub login, then, each in a fresh SQLite file database with the same contributors:

- import: `contributions.api.import_csv()` (storing the file with its import run as a web request
  does, then what the worker does: checking every row, the hash that makes a re-import idempotent,
  batches of 20,000 with one query for the ids already there, one insert and the run's progress each);
- plain: `csv` + `sqlite3.executemany` inserting the same rows into the same table in one
  transaction (a dictionary lookup of the contributor and nothing checked: the floor).

Prints both rates (rows per second) and their ratio; the goal is at least a third of the plain
rate. Then imports the file again (everything skipped) and prints that rate too.
Run: `.venv/bin/python bench/import_csv.py` (`--rows 100000` for a quicker run).
"""

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS = ["pull_request", "documentation", "blog_post", "mentorship", "forum_answer", "talk", "tutorial"]


def setup(db_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "distinguished.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(contributors: int):
    """The contributors both databases know, and a program admin to import as."""
    from distinguished.people import api as people
    from distinguished.people.models import Contributor

    Contributor.objects.bulk_create(
        Contributor(
            kind="person", name=f"Person {i}", email=f"person{i}@example.org", github=f"gh-person-{i}"
        )
        for i in range(contributors)
    )
    return people.bootstrap_admin(username="bench-admin", email="admin@example.org", password="x" * 20)


def generate(path: Path, rows: int, contributors: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    today = dt.date.today()
    dates = [str(today - dt.timedelta(days=d)) for d in range(1, 3 * 365)]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["contributor", "kind", "date", "title", "url", "quantity", "major"])
        for i in range(rows):
            who = rng.randrange(contributors)
            handle = f"person{who}@example.org" if i % 2 else f"GH-Person-{who}"
            kind = rng.choice(KINDS)
            writer.writerow(
                [
                    handle,
                    kind,
                    rng.choice(dates),
                    f"Contribution number {i}",
                    f"https://github.com/openedx/repo-{i % 50}/pull/{i}" if kind == "pull_request" else "",
                    rng.randint(1, 12) if kind == "mentorship" else "",
                    "true" if kind == "pull_request" and rng.random() < 0.1 else "",
                ]
            )


def plain(db_path: Path, csv_path: Path) -> int:
    """The floor: read the CSV, look the contributor up, insert as is, one transaction."""
    db = sqlite3.connect(db_path)
    ids = {}
    for pk, email, github in db.execute("SELECT id, email, github FROM people_contributor"):
        ids[github.lower()] = pk
        ids[email.lower()] = pk
    now = dt.datetime.now(dt.UTC).isoformat()
    with csv_path.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        rows = [
            (
                ids[who.lower()],
                kind,
                date,
                title,
                url,
                quantity or None,
                major == "true",
                "csv",
                str(number),
                None,
                True,
                now,
            )
            for number, (who, kind, date, title, url, quantity, major) in enumerate(reader, start=2)
        ]
    with db:
        db.executemany(
            "INSERT INTO contributions_contribution (contributor_id, kind, date, title, url, quantity, major, "
            "source, external_id, recorded_by_id, verified, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    (count,) = db.execute("SELECT count(*) FROM contributions_contribution").fetchone()
    db.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--contributors", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        imported_db, plain_db, csv_path = (
            folder / "import.sqlite3",
            folder / "plain.sqlite3",
            folder / "rows.csv",
        )
        setup(imported_db)
        admin = seed(args.contributors)

        from django.db import connection

        connection.close()
        shutil.copyfile(imported_db, plain_db)  # The same fresh schema and contributors.

        start = time.perf_counter()
        generate(csv_path, args.rows, args.contributors)
        size = csv_path.stat().st_size
        print(f"generated {args.rows:,} rows ({size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")

        from distinguished.contributions import api as contributions
        from distinguished.contributions.models import Contribution

        start = time.perf_counter()
        content = csv_path.read_bytes()
        # The benchmark's file is past the upload limit (IMPORT_MAX_BYTES) on purpose.
        result = contributions.import_csv(admin, content, name=csv_path.name, limit=len(content))
        import_time = time.perf_counter() - start
        assert result["errors_total"] == 0, result["errors"][:5]
        stored = Contribution.objects.count()

        start = time.perf_counter()
        plain_count = plain(plain_db, csv_path)
        plain_time = time.perf_counter() - start

        start = time.perf_counter()
        again = contributions.import_csv(admin, content, limit=len(content))
        again_time = time.perf_counter() - start

        import_rate, plain_rate = args.rows / import_time, args.rows / plain_time
        print(
            f"import_csv:            {import_time:6.2f} s  {import_rate:10,.0f} rows/s  "
            f"(created {result['created']:,}, skipped {result['skipped']:,}, stored {stored:,})"
        )
        print(
            f"plain csv+executemany: {plain_time:6.2f} s  {plain_rate:10,.0f} rows/s  (stored {plain_count:,})"
        )
        print(
            f"ratio import/plain:    {import_rate / plain_rate:.2f}  (goal: at least 0.33)"
            + ("  OK" if import_rate / plain_rate >= 1 / 3 else "  BELOW GOAL")
        )
        print(
            f"re-import (all skipped): {again_time:6.2f} s  {args.rows / again_time:10,.0f} rows/s  "
            f"(created {again['created']:,}, skipped {again['skipped']:,})"
        )


if __name__ == "__main__":
    main()
