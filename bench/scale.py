"""Benchmark of every page at scale (issue 15): the directory, a profile, the ranking, the pages a
panelist, the chair or an admin uses in a cycle, the dashboard and the stats API, at 1,000, 10,000
and 100,000 members on PostgreSQL, served by gunicorn with the production settings and a Redis cache,
beside a trivial Django view measured in the same run, with the directory's cache on and off.

Builds a fresh PostgreSQL database (`--server`, trust auth; dropped on exit unless `--keep-db`) and
grows it through `--sizes`. Each step of `d` new members adds: the members (`bench/directory.py`'s
World: Faker names, four tracks, cohorts 2020-2026, renewal chains; stamped with
`standing.restamp`), the dashboard's figures for them (`bench/stats.py`: `d`/10 nominations over
the cohort cycles in every state, endorsements, some reviews, four contributions a member), `d`/10
nominations in review with three submitted reviews each in the cycle `bench` in its review phase
(`bench/ranking.py`: a 16-seat panel, 20 conflicts of the chair), six more contributions a member
(COPY), two audit events a member (COPY) and a renewal application for one member in a hundred.
At 100,000 members: 10,000 nominations and 30,000 reviews in the cycle under review (another 10,000
nominations and about 5,000 reviews in the past cohorts) and 1,000,000 contributions. Prints how
long each step took.

At each size: the standings of the ranking are warmed (computed on first read) and the pages read
once; then each page's queries are counted in-process (Django's test client on the same database,
`CaptureQueriesContext`, the directory's cache off), with the slowest query of each; then gunicorn
(`--workers` sync workers, production settings, `CACHE_URL` a Redis database) serves the project and
`bench/directory_urls.py`'s `/bench/trivial/`, and a client in another process loads each URL with
the session cookie of the role that reads it (`--concurrency` threads, one connection per request),
the URLs taking turns for `--rounds` rounds of at most `--seconds` each. Two passes: the cache on
(`DIRECTORY_CACHE_SECONDS` 60) and off (0). Prints p50/p95, requests per second, the ratio of the
throughput to the trivial view's and the queries per request; at the end, which pages meet the
issue's goals, and EXPLAIN ANALYZE of the slowest query of each page that misses.

Run: `.venv/bin/python bench/scale.py --sizes 1000,10000` (about 15 minutes; 100,000 adds about
30); `--keep-db scale100k` keeps the database (and reuses it when it exists: a kept database is
measured at the size it holds, or grown to a larger one); `--queries-only` skips gunicorn and reads
each page once in-process (its queries, time and slowest query; EXPLAIN ANALYZE of the misses).
Needs PostgreSQL, Redis and psycopg.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import directory, ranking, rush, stats  # noqa: E402  (after the path)
from bench.scale_pages import explain, goal, inventory, page_list, slowest_query  # noqa: E402

META = "bench_scale_meta"


# --- The database -------------------------------------------------------------------------------


def database_exists(server: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres") as connection:
        return bool(connection.execute("select 1 from pg_database where datname = %s", [name]).fetchone())


def built_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"create table if not exists {META} (size integer not null)")
        cursor.execute(f"select max(size) from {META}")
        return cursor.fetchone()[0] or 0


def record_size(size: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"insert into {META} (size) values (%s)", [size])


def copy_rows(model, columns: list[str], rows) -> int:
    """COPY `rows` (tuples in the order of `columns`) into the model's table."""
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


class Scale:
    """The data: grows the database from the members it holds to a size, step by step."""

    def __init__(self, seed: int):
        from distinguished.people.models import Contributor, User, UserRole
        from distinguished.program import api as program
        from distinguished.program.models import Cycle
        from distinguished.review.models import PanelSeat

        self.rng = random.Random(seed)
        self.world = directory.World(seed)
        # A reused database: go on numbering after its contributors, with its employers.
        self.world.numbers = Contributor.objects.order_by("-id").values_list("id", flat=True).first() or 0
        self.world.organizations = list(
            Contributor.objects.filter(kind="organization", memberships__isnull=True)[:300]
        )
        if Cycle.objects.filter(slug="bench").exists():
            self.cycle = program.get_cycle("bench")
            seats = list(PanelSeat.objects.filter(cycle=self.cycle).order_by("id").select_related("user"))
            self.chair, self.panelists = seats[0].user, [s.user for s in seats]
        else:
            self.cycle = ranking.review_cycle("bench")
            self.chair, self.panelists = ranking.build_panel(self.cycle, self.rng)
            UserRole.objects.bulk_create(UserRole(user=u, role="panelist") for u in self.panelists)
        self.admin, created = User.objects.get_or_create(
            username="bench-admin", defaults={"email": "admin@example.org"}
        )
        if created:
            UserRole.objects.create(user=self.admin, role="admin")

    def grow(self, count: int) -> None:
        from django.db import connection, transaction

        members = stats.new_members(self.world, count)
        stats.grow_figures(self.world, members, self.rng)
        ranking.grow(self.cycle, self.panelists, self.chair, count // 10, self.rng)
        with transaction.atomic():
            self._contributions(members, 6)
            self._audit(members, 2)
            self._renewals(count // 100)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def _contributions(self, members, each: int) -> None:
        import datetime as dt

        from django.utils import timezone

        from distinguished.contributions.models import Contribution

        today, now, rng = dt.date.today(), timezone.now(), self.rng
        kinds = ("pull_request", "talk", "community_initiative", "code_review", "documentation")
        columns = ["contributor_id", "kind", "date", "title", "url", "quantity", "major", "source"]
        columns += ["external_id", "verified", "created"]
        copy_rows(
            Contribution,
            columns,
            (
                (
                    c.pk,
                    rng.choice(kinds),
                    today - dt.timedelta(days=rng.randrange(1500)),
                    "Bench work",
                    "",
                    None,
                    rng.random() < 0.3,
                    "manual",
                    "",
                    rng.random() < 0.5,
                    now,
                )
                for c in members
                for _ in range(each)
            ),
        )

    def _audit(self, members, each: int) -> None:
        import datetime as dt

        from django.utils import timezone

        from distinguished.audit.models import AuditEvent

        now, rng = timezone.now(), self.rng
        verbs = ("membership.created", "contributor.updated", "contribution.recorded", "nomination.created")
        columns = ["created", "actor_id", "actor_name", "verb", "object_type", "object_id", "object_repr"]
        columns += ["from_state", "to_state", "reason", "data"]
        copy_rows(
            AuditEvent,
            columns,
            (
                (
                    now - dt.timedelta(minutes=rng.randrange(10**6)),
                    self.admin.pk,
                    "bench-admin",
                    rng.choice(verbs),
                    "contributor",
                    str(c.pk),
                    c.name[:200],
                    "",
                    "",
                    "",
                    "{}",
                )
                for c in members
                for _ in range(each)
            ),
        )

    def _renewals(self, count: int) -> None:
        from distinguished.membership.models import Membership, Renewal

        terms = list(
            Membership.objects.filter(status="expiring", renewal__isnull=True).values_list("id", flat=True)[
                :count
            ]
        )
        Renewal.objects.bulk_create(Renewal(membership_id=t, statement="Bench: renew me.") for t in terms)


# --- The measurements ---------------------------------------------------------------------------


def sessions(scale: Scale) -> dict:
    """role -> the in-process test client signed in as that role (its cookie serves gunicorn too)."""
    from django.test import Client

    users = {"anonymous": None, "panelist": scale.panelists[1], "chair": scale.chair, "admin": scale.admin}
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    return clients


def cookie(client) -> dict:
    from django.conf import settings

    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={morsel.value}"} if morsel else {}


def count_queries(pages, clients) -> dict:
    """label -> (queries, KB, ms in-process, ms in SQL, slowest (ms, sql)), the directory's cache
    off, after a first read (which warms the standings and the templates)."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    found = {}
    with override_settings(DIRECTORY_CACHE_SECONDS=0):
        for label, url, role in pages:
            if url.startswith("/bench/"):
                continue
            client = clients[role]
            first = client.get(url)
            assert first.status_code == 200, (label, url, first.status_code)
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (label, url, response.status_code)
            sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
            found[label] = (len(queries), len(response.content) / 1024, elapsed * 1000, sql_ms)
            found[label] += (slowest_query(queries.captured_queries),)
    return found


def serve(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    return rush.serve(env, port, workers, log, app="bench.directory:wsgi()", options=("--timeout", "300"))


def run_client(url: str, headers: dict, args) -> dict:
    command = [sys.executable, __file__, "--load", url, "--headers", json.dumps(headers)]
    command += ["--seconds", str(args.seconds), "--concurrency", str(args.concurrency)]
    command += ["--warmup", str(args.warmup), "--requests", str(args.requests)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def load_pass(env, pages, headers, args, folder: Path, cache_seconds: float) -> dict:
    """label -> summary of the rounds (directory.summary), gunicorn serving with the cache set so."""
    port = rush.free_port()
    env = {
        **env,
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DIRECTORY_CACHE_SECONDS": str(cache_seconds),
        "BENCH_DIRECTORY_CACHE_SECONDS": str(cache_seconds),
    }
    server = serve(env, port, args.workers, folder / "gunicorn.log")
    runs: dict[str, list] = {label: [] for label, _, _ in pages}
    try:
        for _ in range(args.rounds):
            for label, url, role in pages:
                runs[label].append(run_client(f"http://127.0.0.1:{port}{url}", headers[role], args))
    finally:
        rush.stop(server)
    return {label: directory.summary(found) for label, found in runs.items()}


def in_process(counts: dict, pages) -> dict:
    """The one in-process read of each page as a summary of one request (`--queries-only`)."""
    found = {}
    for label, _, _ in pages:
        seconds = counts[label][2] / 1000 if label in counts else 0.0
        found[label] = {"requests": 1, "rps": 1 / max(seconds, 1e-6), "p50": seconds, "p95": seconds}
        found[label]["failures"] = 0
    return found


def report(size: int, pages, counts, passes: dict, first_counts: dict) -> list:
    """Print the table of one size; return [(size, label, pass, p95 ms, goal ms)] of the misses."""
    misses = []
    for name, results in passes.items():
        base = results[pages[0][0]]["rps"]
        print(f"\n{size:,} members, cache {name}, load average {rush.load_average()}:")
        print(
            f"  {'page':<44} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6} {'ratio':>6} {'n':>4} "
            f"{'queries':>7} {'same':>4} {'KB':>6} {'1 req':>7} {'sql ms':>7}"
        )
        for label, _, _ in pages:
            r = results[label]
            queries, kb, alone, sql_ms, _ = counts.get(label, (0, 0, 0, 0, None))
            same = "-" if label not in counts else ("yes" if first_counts.get(label) == queries else "NO")
            fails = f"  ({r['failures']} failures)" if r["failures"] else ""
            print(
                f"  {label:<44} {r['p50'] * 1000:7.1f} {r['p95'] * 1000:7.1f} {r['rps']:6.1f} "
                f"{r['rps'] / base:6.2f} {r['requests']:4d} {queries:7d} {same:>4} {kb:6.0f} {alone:7.1f} {sql_ms:7.1f}{fails}"
            )
            target = goal(label)
            if name == "off" and target and (r["p95"] * 1000 > target or r["failures"]):
                misses.append((size, label, r["p95"] * 1000, target))
    return misses


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="members at each step")
    parser.add_argument("--seconds", type=float, default=3.0, help="at most this long per URL and round (3)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds in which the URLs take turns (2)")
    parser.add_argument("--requests", type=int, default=2000, help="at most this many per URL and round")
    parser.add_argument("--concurrency", type=int, default=2, help="client threads (2)")
    parser.add_argument("--warmup", type=int, default=1, help="unrecorded requests per URL and round (1)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument("--cache", choices=["on", "off", "both"], default="both")
    parser.add_argument("--keep-db", metavar="NAME", help="keep the database NAME (reuse it if it exists)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="CACHE_URL of the server")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL (trust)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="no gunicorn: each page read once in-process (its queries, time, slowest query), the misses explained",
    )
    parser.add_argument("--conn-max-age", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--load", help=argparse.SUPPRESS)
    parser.add_argument("--headers", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        headers = json.loads(args.headers or "{}")
        found = directory.load(
            args.load, args.requests, args.seconds, args.concurrency, args.warmup, headers, timeout=600
        )
        print(json.dumps(found))
        return 0
    sizes = sorted(int(size) for size in args.sizes.split(","))

    print(rush.machine(args.server))
    print(f"load average before the run: {rush.load_average()}")
    database = args.keep_db or f"bench_scale_{os.getpid()}"
    reused = bool(args.keep_db) and database_exists(args.server, database)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    misses, first_counts, plans, grew = [], {}, {}, set()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
        folder = Path(name)
        env = rush.environment(args, folder, database, 0)
        env.update(ALLOWED_HOSTS="127.0.0.1,testserver", CACHE_URL=args.redis)
        if not reused:
            rush.admin_sql(args.server, f'CREATE DATABASE "{database}"')
        try:
            os.environ.update(env)
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connections

            from distinguished.membership import api as membership

            call_command("migrate", verbosity=0)
            call_command("collectstatic", "--no-input", verbosity=0)
            have = built_size()
            print(f"database {database}: {'reused, ' if reused else 'new, '}{have:,} members built")
            scale = Scale(args.seed)
            clients = sessions(scale)
            headers = {role: cookie(client) for role, client in clients.items()}
            for size in [s for s in sizes if s >= have]:
                if size > have:
                    started = time.perf_counter()
                    scale.grow(size - have)
                    record_size(size)
                    print(
                        f"\ngrew {have:,} -> {size:,} members in {time.perf_counter() - started:,.0f} s "
                        f"(load average {rush.load_average()})"
                    )
                    have = size
                print(inventory())
                membership.clear_cache()  # rows made in bulk: the shared cache forgets its pages
                pages = page_list(scale, size)
                counts = count_queries(pages, clients)  # warms the standings and templates first
                for label, found in counts.items():
                    first_counts.setdefault(label, found[0])
                    if first_counts[label] != found[0]:
                        grew.add(label)
                connections.close_all()
                passes = {}
                for name, seconds in (("on", 60), ("off", 0)):
                    if args.cache in (name, "both") and not args.queries_only:
                        membership.clear_cache()
                        passes[name] = load_pass(env, pages, headers, args, folder, seconds)
                if args.queries_only:
                    passes["off"] = in_process(counts, pages)
                misses += report(size, pages, counts, passes, first_counts)
                for size_, label, _, _ in misses:
                    if size_ == size:  # the largest size that misses
                        plans[label] = (size, counts[label])
            print(
                "\nqueries per request the same at every size:",
                "yes" if not grew else "NO: " + "; ".join(sorted(grew)),
            )
            print("\ngoals (p95, cache off):", "all met" if not misses else f"{len(misses)} missed")
            for size, label, p95, goal in misses:
                print(f"  MISSED at {size:,}: {label}: p95 {p95:,.0f} ms (goal {goal:,.0f} ms)")
            for label, (size, found) in plans.items():
                print(f"\nslowest query of {label} at {size:,}: {found[4][0]:.1f} ms")
                print(explain(found[4][1]))
        finally:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:
                pass
            if not args.keep_db:
                rush.admin_sql(args.server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    if args.keep_db:
        print(f"\nkept: DATABASE_URL={args.server.rstrip('/')}/{database}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
