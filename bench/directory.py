"""Benchmark of the public directory (issue 6): `/directory/` and `GET /api/v1/directory/` served by
gunicorn, beside a trivial Django view on the same server, in the same run.

Builds a fresh SQLite database (in a temporary folder, removed afterwards) with 10,000 members (people
and organizations with realistic names and countries from Faker, 90% listed publicly, the four tracks,
cohorts 2020-2026, some terms recorded without a cycle, renewal chains, lifetime status, a few
revocations) and 2,000 contributors who are not members; prints the query count of each URL at 10 and
at 10,000 members (in-process: with the cache off, then a first and a second request with it on);
then serves the project with gunicorn (`--workers` sync workers) on a free loopback port, with
`bench/directory_urls.py` adding `/bench/trivial/`, and loads each URL from a second process (threads
with http.client, one connection per request, after a warm-up). The URLs take turns for `--rounds`
rounds of at most `--seconds` each, so a change in the load of a shared machine touches them all alike.
Two passes: the cache on (as shipped) and off (`DIRECTORY_CACHE_SECONDS=0`: every request counts,
queries and renders). Prints requests per second, median and p95 latency, and the throughput ratio to
the trivial view of the same pass. Goal: at least 0.5 with the cache on.

Run: `.venv/bin/python bench/directory.py` (about 6 minutes; `--help` for the options).
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
    """gunicorn's entry point (`bench.directory:wsgi()`): the project's (distinguished.wsgi, as
    production serves it) with the bench urlconf."""
    from django.conf import settings

    from distinguished.wsgi import application

    settings.ROOT_URLCONF = "bench.directory_urls"
    if "BENCH_DIRECTORY_CACHE_SECONDS" in os.environ:
        settings.DIRECTORY_CACHE_SECONDS = float(os.environ["BENCH_DIRECTORY_CACHE_SECONDS"])
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
        from distinguished.program.models import Cycle, Program

        existing = {c.slug: c for c in Cycle.objects.all()}
        owner = Program.objects.order_by("id").first()
        new = []
        for year in COHORTS:
            if str(year) in existing:
                continue
            day = dt.date(year, 3, 17)
            new.append(
                Cycle(
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
        Cycle.objects.bulk_create(new)
        return {int(c.slug): c for c in Cycle.objects.filter(slug__in=[str(y) for y in COHORTS])}

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

        from distinguished.membership import listing, standing
        from distinguished.membership.models import Membership
        from distinguished.people.models import Contributor

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
        # Rows made in bulk: their stored status, cohort and first day as the app would have stamped them.
        standing.restamp(Membership, self.today, 90)
        listing.relist(Membership, Contributor)

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


def query_counts(urls) -> dict[str, tuple[int, int, int]]:
    """Queries per request of each URL: with the cache off, then a first (miss) and a second (hit)
    request with it on."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from distinguished.membership import api as membership

    client = Client(SERVER_NAME="localhost")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)

    counts = {}
    for _, url in urls:
        if url.startswith("/bench/"):
            continue
        with override_settings(DIRECTORY_CACHE_SECONDS=0):
            cold = count(url)
        membership.clear_cache()  # the first request with the cache reads the data stamp
        counts[url] = (cold, count(url), count(url))
    return counts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(db_path: Path, port: int, workers: int, cache_seconds: float) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "distinguished.settings.test",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "BENCH_DIRECTORY_CACHE_SECONDS": str(cache_seconds),
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


def load(
    url: str,
    requests: int,
    seconds: float,
    concurrency: int,
    warmup: int,
    headers: dict | None = None,
    timeout: float = 60,
) -> dict:
    """The client (run in its own process): after `warmup` unrecorded GETs, GETs of `url` from
    `concurrency` threads until `requests` are done or `seconds` have passed, one connection per
    request (gunicorn's sync workers close each one), each with `headers` (a session cookie).
    Returns the latencies and the wall time."""
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lock = threading.Lock()
    latencies: list[float] = []
    failures: list[str] = []
    remaining = [warmup]
    deadline = [0.0]

    def get() -> float:
        start = time.perf_counter()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            connection.request("GET", target, headers=headers or {})
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError as error:  # refused, reset or timed out: a failure, timed like the others
            status = type(error).__name__
        connection.close()
        if status != 200:
            failures.append(f"{status}")
        return time.perf_counter() - start

    def worker(record: bool) -> None:
        while True:
            with lock:
                if remaining[0] <= 0 or time.perf_counter() > deadline[0]:
                    return
                remaining[0] -= 1
            elapsed = get()
            if record:
                with lock:
                    latencies.append(elapsed)

    for record, count, budget in ((False, warmup, 30.0), (True, requests, seconds)):
        remaining[0] = count
        started = time.perf_counter()
        deadline[0] = started + budget
        threads = [threading.Thread(target=worker, args=(record,)) for _ in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    return {"latencies": latencies, "seconds": wall, "failures": len(failures)}


def run_client(url: str, args) -> dict:
    command = [sys.executable, __file__, "--load", url, "--requests", str(args.requests)]
    command += ["--seconds", str(args.seconds), "--concurrency", str(args.concurrency)]
    command += ["--warmup", str(args.warmup)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def summary(runs: list[dict]) -> dict:
    """The rounds of one URL together: requests per second over their summed wall time, and the
    percentiles of all their latencies."""
    latencies = sorted(value for run in runs for value in run["latencies"])
    wall = sum(run["seconds"] for run in runs)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": latencies[len(latencies) // 2],
        "p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))],
        "failures": sum(run["failures"] for run in runs),
    }


def measure(db_path: Path, urls, args, cache_seconds: float) -> list[tuple[str, str, dict]]:
    """Serve the database with gunicorn and load every URL, the URLs taking turns for `--rounds`
    rounds so that a change in the machine's load touches them all alike."""
    port = free_port()
    server = serve(db_path, port, args.workers, cache_seconds)
    runs: dict[str, list[dict]] = {url: [] for _, url in urls}
    try:
        for _ in range(args.rounds):
            for _, url in urls:
                runs[url].append(run_client(f"http://127.0.0.1:{port}{url}", args))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return [(label, url, summary(runs[url])) for label, url in urls]


def report(title: str, results, *, goal: bool) -> list[str]:
    """Print one table; return the labels of the URLs that missed the goal."""
    baseline = results[0][2]["rps"]
    print(title)
    print(f"  {'':48} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'ratio':>6} {'requests':>8}")
    missed = []
    for label, _, result in results:
        ratio = result["rps"] / baseline
        print(
            f"  {label:48} {result['rps']:8.0f} {result['p50'] * 1000:7.1f} {result['p95'] * 1000:7.1f}"
            f" {ratio:6.2f} {result['requests']:8d}"
            + (f"  ({result['failures']} failures)" if result["failures"] else "")
        )
        if result["failures"]:
            missed.append(label)
        if goal and label != results[0][0] and ratio < 0.5 and "profile" not in label:
            missed.append(label)
    return missed


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
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=10_000, help="members to generate (10,000)")
    parser.add_argument("--requests", type=int, default=5000, help="at most this many per URL and round")
    parser.add_argument("--seconds", type=float, default=5.0, help="at most this long per URL and round (5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds in which the URLs take turns (3)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (4)")
    parser.add_argument("--warmup", type=int, default=50, help="unrecorded requests per URL and round")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn sync workers")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--no-cold", action="store_true", help="skip the second pass with the cache off")
    parser.add_argument("--load", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        print(json.dumps(load(args.load, args.requests, args.seconds, args.concurrency, args.warmup)))
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
        for row in membership.as_of(Membership.objects.only("status", "end")):
            row = row.status
            statuses[row] = statuses.get(row, 0) + 1
        listed = membership.directory_entries(membership.DirectoryFilters(status="all")).count()
        print(
            f"{args.members:,} members, {Membership.objects.count():,} memberships "
            f"({', '.join(f'{k} {v:,}' for k, v in sorted(statuses.items()))}); {listed:,} listed publicly; "
            f"generated in {seconds:.1f} s; today {world.today}"
        )
        print(
            f"queries per request (cache off / first with the cache / cached) at 10 and {args.members:,} members:"
        )
        for url in small:
            print(f"  {url:55} {'/'.join(map(str, small[url])):>8} {'/'.join(map(str, large[url])):>8}")
        if small != {url: large[url] for url in small}:
            raise SystemExit("the query count grows with the number of members")

        from django.db import connections

        connections.close_all()
        print(
            f"gunicorn {args.workers} sync workers; client: {args.concurrency} threads in another process; "
            f"{args.rounds} rounds, each URL in turn for {args.seconds:g} s (at most {args.requests} requests) "
            f"after {args.warmup} warm-up requests"
        )
        missed = report(
            "cache on (the shipped setting: DIRECTORY_CACHE_SECONDS 60):",
            measure(db_path, urls, args, 60),
            goal=True,
        )
        if not args.no_cold:
            report(
                "cache off (DIRECTORY_CACHE_SECONDS 0: every request counts and renders):",
                measure(db_path, urls, args, 0),
                goal=False,
            )
    if missed:
        print(
            "goal (at least 0.5 of the trivial view's throughput, no failures) missed: " + "; ".join(missed)
        )
    else:
        print("goal met: every directory URL at least 0.5 of the trivial view's throughput (cache on)")


if __name__ == "__main__":
    main()
