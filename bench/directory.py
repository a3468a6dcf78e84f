"""Benchmark of the public directory (issue 6): `/directory/` and `GET /api/v1/directory/` served by
gunicorn, beside a trivial Django view on the same server, in the same run.

Builds a fresh SQLite database with 10,000 members (people and organizations with realistic names
and countries, 90% listed publicly, the four tracks, cohorts 2020-2026, some terms recorded without a
cycle, renewal chains, lifetime status, a few revocations) and 2,000 contributors who are not members;
prints the query count of each URL at 10 and at 10,000 members (in-process, CaptureQueriesContext);
then serves the project with gunicorn (`--workers`, sync) on a free loopback port, with
`bench/directory_urls.py` adding `/bench/trivial/`, and loads each URL from a second process (threads
with http.client, a fixed number of requests each, after a warm-up). Prints requests per second,
median and p95 latency, and the throughput ratio to the trivial view. Goal: at least 0.5.

Run: `.venv/bin/python bench/directory.py` (`--members N`, `--requests N`, `--concurrency N`,
`--workers N`, `--seed S`).
"""

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]

TRACKS = {"engineer": 0.5, "advocate": 0.3, "innovator": 0.2}
# (country, Faker locale, weight)
COUNTRIES = [
    ("US", "en_US", 22),
    ("FR", "fr_FR", 9),
    ("DE", "de_DE", 7),
    ("ES", "es_ES", 7),
    ("BR", "pt_BR", 8),
    ("IN", "en_IN", 10),
    ("GB", "en_GB", 6),
    ("MX", "es_MX", 5),
    ("IT", "it_IT", 4),
    ("NL", "nl_NL", 3),
    ("PL", "pl_PL", 3),
    ("JP", "ja_JP", 3),
    ("CO", "es_CO", 3),
    ("CA", "en_CA", 4),
    ("UA", "uk_UA", 2),
    ("PK", "en_PK", 2),
    ("NG", "en_NG", 2),
]
COHORTS = {2020: 3, 2021: 5, 2022: 8, 2023: 10, 2024: 14, 2025: 25, 2026: 35}


def wsgi():
    """gunicorn's entry point (`bench.directory:wsgi()`): the project with the bench urlconf."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    settings.ROOT_URLCONF = "bench.directory_urls"
    return application


# --- Data ------------------------------------------------------------------------------------------


def setup(db_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "distinguished.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class World:
    """Generates members in batches, deterministically from the seed."""

    def __init__(self, seed: int):
        from faker import Faker

        from distinguished.program import api as program

        self.rng = random.Random(seed)
        self.fakers = {locale: Faker(locale) for _, locale, _ in COUNTRIES}
        for index, fake in enumerate(self.fakers.values()):
            fake.seed_instance(seed + index)
        self.today = dt.date.today()
        self.tracks = {t.code: t for t in program.tracks_of(program.get_program())}
        self.cycles = self._cycles()
        self.organizations = []
        self.numbers = 0

    def _cycles(self):
        from distinguished.program import api as program

        existing = {c.slug: c for c in program.Cycle.objects.all()}
        owner = program.Program.objects.order_by("id").first()
        new = []
        for year in COHORTS:
            if str(year) in existing:
                continue
            day = dt.date(year, 3, 17)
            new.append(
                program.Cycle(
                    program=owner,
                    slug=str(year),
                    name=f"{year} cohort",
                    nominations_open=day,
                    nominations_close=day + dt.timedelta(days=29),
                    screening_due=day + dt.timedelta(days=44),
                    review_due=day + dt.timedelta(days=67),
                    deliberation_due=day + dt.timedelta(days=81),
                    approval_due=day + dt.timedelta(days=91),
                    announcement_date=dt.date(year, 7, 1),
                    announcement_event="Open edX Conference",
                    closes_on=dt.date(year, 9, 30),
                )
            )
        program.Cycle.objects.bulk_create(new)
        return {int(c.slug): c for c in program.Cycle.objects.filter(slug__in=[str(y) for y in COHORTS])}

    def _country(self):
        country, locale, _ = self.rng.choices(COUNTRIES, weights=[w for *_, w in COUNTRIES])[0]
        return country, self.fakers[locale]

    def contributors(self, count: int, *, kind: str, listed_share: float):
        from distinguished.people.models import Contributor

        rows = []
        for _ in range(count):
            self.numbers += 1
            country, fake = self._country()
            name = fake.company() if kind == "organization" else fake.name()
            organization = None
            if kind == "person" and self.organizations and self.rng.random() < 0.6:
                organization = self.rng.choice(self.organizations)
            rows.append(
                Contributor(
                    kind=kind,
                    name=name,
                    email=f"bench{self.numbers}@example.org",
                    github=f"bench-{self.numbers}" if kind == "person" and self.rng.random() < 0.7 else "",
                    country=country if self.rng.random() < 0.95 else "",
                    organization=organization,
                    size_tier=self.rng.choice(["larger", "smaller"]) if kind == "organization" else "",
                    listed_publicly=self.rng.random() < listed_share,
                    website=f"https://example.org/{self.numbers}" if self.rng.random() < 0.3 else "",
                )
            )
        return Contributor.objects.bulk_create(rows)

    def members(self, count: int) -> None:
        """`count` new members: 6% organizations (partner track), the others people, 4% of whom on a
        second track; each with a first term in a cohort and, if it ended, maybe renewals."""
        from django.db import transaction

        from distinguished.membership.models import Membership

        with transaction.atomic():
            if not self.organizations:
                # Employers people are affiliated with; most are not members themselves.
                self.organizations = self.contributors(300, kind="organization", listed_share=0.7)
            orgs = round(count * 0.06)
            members = self.contributors(orgs, kind="organization", listed_share=0.9)
            members += self.contributors(count - orgs, kind="person", listed_share=0.9)
            firsts = []
            for contributor in members:
                if contributor.kind == "organization":
                    codes = ["partner"]
                else:
                    codes = [self.rng.choices(list(TRACKS), weights=list(TRACKS.values()))[0]]
                    if self.rng.random() < 0.04:
                        codes.append(self.rng.choice([c for c in TRACKS if c != codes[0]]))
                for code in codes:
                    firsts.append(self._first_term(contributor, code))
            level = Membership.objects.bulk_create(firsts)
            chain_start = {m.pk: m.start for m in level}
            while level:
                renewals = []
                for previous in level:
                    if previous.end >= self.today or previous.revoked_on or self.rng.random() >= 0.6:
                        continue
                    start = previous.end + dt.timedelta(days=1)
                    renewal = Membership(
                        contributor_id=previous.contributor_id,
                        track_id=previous.track_id,
                        start=start,
                        end=_term_end(start),
                        previous=previous,
                    )
                    renewal.chain_start = chain_start[previous.pk]
                    years = (renewal.end - renewal.chain_start).days / 365.25
                    if years >= 4 and renewal.end >= self.today and self.rng.random() < 0.5:
                        renewal.lifetime = True
                    renewals.append(renewal)
                level = Membership.objects.bulk_create(renewals)
                chain_start.update({m.pk: m.chain_start for m in renewals})

    def _first_term(self, contributor, code):
        from distinguished.membership.models import Membership

        year = self.rng.choices(list(COHORTS), weights=list(COHORTS.values()))[0]
        cycle = self.cycles[year]
        start = dt.date(year, 7, 1)
        if year <= 2024 and self.rng.random() < 0.15:
            # An earlier term an admin recorded: any day of the year, no cycle.
            cycle = None
            start = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(365))
        revoked = self.rng.random() < 0.01
        return Membership(
            contributor=contributor,
            track=self.tracks[code],
            cycle=cycle,
            start=start,
            end=_term_end(start),
            revoked_on=start + dt.timedelta(days=200) if revoked else None,
            revoke_reason="Bench." if revoked else "",
        )


def _term_end(start: dt.date) -> dt.date:
    from distinguished.membership import api as membership

    return membership.term_end(start, 2)


# --- Measurements ---------------------------------------------------------------------------------


def url_list(engineer_id: int | None) -> list[tuple[str, str]]:
    urls = [
        ("trivial view (baseline)", "/bench/trivial/"),
        ("directory page", "/directory/"),
        ("directory page, status=active&track=engineer", "/directory/?status=active&track=engineer"),
        ("API directory", "/api/v1/directory/"),
        ("API directory, status=active&track=engineer", "/api/v1/directory/?status=active&track=engineer"),
    ]
    if engineer_id is not None:
        urls.append(("a member's profile", f"/directory/{engineer_id}/"))
    return urls


def query_counts(urls) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="localhost")
    counts = {}
    for _, url in urls:
        if url.startswith("/bench/"):
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[url] = len(queries)
    return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(db_path: Path, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "distinguished.settings.test",
        "DATABASE_URL": f"sqlite:///{db_path}",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn),
            "--chdir",
            str(ROOT),
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.directory:wsgi()",
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/bench/trivial/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def load(url: str, requests: int, concurrency: int, warmup: int) -> dict:
    """The client (run in its own process): `requests` GETs of `url` from `concurrency` threads,
    one connection per request (gunicorn's sync workers close each one)."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    remaining = [warmup]

    def get() -> float:
        start = time.perf_counter()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.request("GET", target)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            failures.append(f"{response.status}")
        return time.perf_counter() - start

    def worker(record: bool) -> None:
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            elapsed = get()
            if record:
                with lock:
                    latencies.append(elapsed)

    for record, count in ((False, warmup), (True, requests)):
        remaining[0] = count
        threads = [threading.Thread(target=worker, args=(record,)) for _ in range(concurrency)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": wall,
        "rps": len(latencies) / wall,
        "p50": latencies[len(latencies) // 2],
        "p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))],
        "failures": len(failures),
    }


def run_client(url: str, requests: int, concurrency: int, warmup: int) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            __file__,
            "--load",
            url,
            "--requests",
            str(requests),
            "--concurrency",
            str(concurrency),
            "--warmup",
            str(warmup),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load_average = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}; load average before the run {load_average}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--load", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(load(args.load, args.requests, args.concurrency, args.warmup)))
        return

    print(machine())
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "directory.sqlite3"
        setup(db_path)
        from distinguished.membership import api as membership
        from distinguished.membership.models import Membership

        world = World(args.seed)
        started = time.perf_counter()
        world.members(10)
        small = query_counts(url_list(None))
        world.members(args.members - 10)
        world.contributors(2000, kind="person", listed_share=0.5)  # never members
        seconds = time.perf_counter() - started
        engineer = (
            membership.directory_entries(membership.DirectoryFilters(track="engineer")).values_list(
                "contributor_id", flat=True
            )
        ).first()
        urls = url_list(engineer)
        large = query_counts(urls)
        statuses = {}
        for row in membership.with_status(Membership.objects.all()).values_list("status", flat=True):
            statuses[row] = statuses.get(row, 0) + 1
        listed = membership.directory_entries(membership.DirectoryFilters(status="all")).count()
        print(
            f"{args.members:,} members, {Membership.objects.count():,} memberships "
            f"({', '.join(f'{k} {v:,}' for k, v in sorted(statuses.items()))}); {listed:,} listed publicly; "
            f"generated in {seconds:.1f} s; today {world.today}"
        )
        print("queries per request at 10 and at", f"{args.members:,} members:")
        for url in small:
            print(f"  {url:55} {small[url]:3d} {large[url]:3d}")
        if small != {url: large[url] for url in small}:
            raise SystemExit("the query count grows with the number of members")

        from django.db import connections

        connections.close_all()
        port = free_port()
        server = serve(db_path, port, args.workers)
        try:
            results = []
            for label, url in urls:
                result = run_client(
                    f"http://127.0.0.1:{port}{url}", args.requests, args.concurrency, args.warmup
                )
                results.append((label, url, result))
        finally:
            server.terminate()
            server.wait(timeout=30)

    baseline = results[0][2]["rps"]
    print(
        f"gunicorn {args.workers} sync workers; client: {args.concurrency} threads in another process, "
        f"{args.requests} requests per URL after {args.warmup} warm-up requests"
    )
    print(f"{'':48} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6}")
    missed = []
    for label, _, result in results:
        ratio = result["rps"] / baseline
        print(
            f"{label:48} {result['rps']:8.0f} {result['p50'] * 1000:7.1f} {result['p95'] * 1000:7.1f} {ratio:6.2f}"
            + (f"  ({result['failures']} failures)" if result["failures"] else "")
        )
        if result["failures"]:
            missed.append(label)
        if label != results[0][0] and ratio < 0.5 and "profile" not in label:
            missed.append(label)
    if missed:
        print(
            "goal (at least 0.5 of the trivial view's throughput, no failures) missed: " + "; ".join(missed)
        )
    else:
        print("goal met: every directory URL at least 0.5 of the trivial view's throughput")


if __name__ == "__main__":
    main()
