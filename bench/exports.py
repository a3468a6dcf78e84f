"""Benchmark of the exports (issue 14): the memberships list, the audit trail and the people list
downloaded as CSV and XLSX through their real views, beside the directory page with its cache off
and the memberships page, measured in the same run; and the peak Python memory of a download at each
size, to show that it does not grow with the rows.

Builds a fresh SQLite database (in a temporary folder, removed afterwards) with the directory
benchmark's members (`bench/directory.py`'s World: Faker names, the four tracks, cohorts 2020-2026,
renewal chains, lifetime status, 1% revoked) until there are as many terms as the first size, with a
few renewal applications, and as many audit events (every kind the audit page names in its words:
nomination states, cycle phases, panel seats, membership statuses, and events it shows as they are);
then grows both to the next size (`--sizes`, 10,000 then 100,000 by default). At each size it times
each URL in-process (Django's test client: the same middleware, views and templates, no network; a
download's time includes reading its whole body), the URLs taking turns request by request so that a
change in the machine's load touches them all alike, and prints the median, the ratio to the
directory page's median (`DIRECTORY_CACHE_SECONDS=0`: every request counts, queries and renders) and a
download's rows per second.
Then it downloads each export once more under tracemalloc and prints its peak (the memory Python
allocated during the request, above what was allocated before), and the ratio of each peak to the
first size's: about 1 while the rows grow tenfold means no download holds its rows in memory. (The
peak is that of one chunk of rows with what they join: a chunk of the oldest terms, with their long
renewal chains, is the widest, and at 100,000 terms whole chunks are of them.)

Run: `.venv/bin/python bench/exports.py` (10,000 then 100,000 terms: about 8 minutes, most of it the
downloads of 100,000 rows); `--sizes 5000,20000` takes about 2 minutes. Keep the first size at 5,000 or
more: a download reads its rows in blocks of up to 2,000 and may hold two at once, so below that its
peak is that of partial blocks.
`--help` for the options.
"""

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.directory import World, setup  # noqa: E402  (after the path)

BASELINE = "/directory/"
URLS = [
    ("directory page (cache off, baseline)", BASELINE),
    ("memberships page (its first 50 terms)", "/memberships/"),
    ("memberships export, CSV", "/memberships/export.csv"),
    ("memberships export, XLSX", "/memberships/export.xlsx"),
    ("audit export, CSV", "/audit/export.csv"),
    ("audit export, XLSX", "/audit/export.xlsx"),
    ("people export, CSV", "/people/export.csv"),
]
DOWNLOADS = [(label, url) for label, url in URLS if "/export." in url]

# (object type, verb, from, to): what the apps record, in the proportions of a running program.
EVENTS = [
    ("nominations.nomination", "nomination.submitted", "draft", "submitted", 6),
    ("nominations.nomination", "nomination.screened", "submitted", "eligible", 5),
    ("nominations.nomination", "nomination.decided", "in_review", "selected", 3),
    ("program.cycle", "cycle.phase_overridden", "screening", "review", 1),
    ("program.cycle", "panel.seated", "", "{user}:toc", 1),
    ("membership.membership", "membership.recorded", "", "active", 4),
    ("membership.membership", "membership.revoked", "active", "revoked", 1),
    ("people.contributor", "contributor.updated", "", "", 4),
]


def grow(world: World, terms: int, rng: random.Random) -> None:
    """Members until there are `terms` terms, a renewal application for every 20th new term, and
    audit events until there are as many as terms."""
    from django.db import transaction

    from distinguished.audit.models import AuditEvent
    from distinguished.membership.models import Membership, Renewal

    while (have := Membership.objects.count()) < terms:
        before = Membership.objects.order_by("-id").values_list("id", flat=True).first() or 0
        world.members(max(100, round((terms - have) / 1.3)))
        new = Membership.objects.filter(id__gt=before, renewal__isnull=True, renewed_by__isnull=True)
        Renewal.objects.bulk_create(
            Renewal(membership_id=pk, statement="Still contributing.", renew=rng.choice([None, True, False]))
            for pk in new.values_list("id", flat=True)[::20]
        )
    count = AuditEvent.objects.count()
    weights = [weight for *_, weight in EVENTS]
    with transaction.atomic():
        for start in range(count, terms, 5000):
            rows = []
            for n in range(start, min(start + 5000, terms)):
                object_type, verb, before, after, _ = rng.choices(EVENTS, weights=weights)[0]
                rows.append(
                    AuditEvent(
                        created=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
                        actor_name=rng.choice(["bench-admin", "bench-chair", "system"]),
                        verb=verb,
                        object_type=object_type,
                        object_id=str(rng.randrange(1, 5000)),
                        object_repr=f"Bench object {n}",
                        from_state=before,
                        to_state=after.format(user=f"panelist{n % 40}"),
                        reason="Bench." if verb.endswith("revoked") else "",
                        data={"changed": {"bio": ["", "New bio"]}} if verb == "contributor.updated" else {},
                    )
                )
            AuditEvent.objects.bulk_create(rows)


def read(client, url: str) -> int:
    """One request, its whole body read; the body's size."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = (
        sum(len(chunk) for chunk in response.streaming_content)
        if response.streaming
        else len(response.content)
    )
    response.close()
    return size


def measure(client, rounds: int, per_round: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """The URLs take turns request by request; the pages are warmed up first (the connection, the
    templates), a download's first request is one of its timed ones."""
    for _, url in URLS:
        if "/export." not in url:
            read(client, url)
    times: dict[str, list[float]] = {url: [] for _, url in URLS}
    sizes: dict[str, int] = {}
    for _ in range(rounds * per_round):
        for _, url in URLS:
            started = time.perf_counter()
            sizes[url] = read(client, url)
            times[url].append(time.perf_counter() - started)
    return times, sizes


def peak_memory(client, url: str) -> int:
    """The most Python allocated above what it held before, during one download."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        read(client, url)
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="terms (and audit events) at each step")
    parser.add_argument("--rounds", type=int, default=1, help="rounds (1)")
    parser.add_argument("--requests", type=int, default=3, help="timed requests per URL and round (3)")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder) / "bench.sqlite3")
        from django.conf import settings
        from django.test import Client

        from distinguished.audit.models import AuditEvent
        from distinguished.membership.models import Membership
        from distinguished.people.models import Contributor, User, UserRole

        settings.DIRECTORY_CACHE_SECONDS = 0  # every directory request computes its page
        settings.ALLOWED_HOSTS = ["*"]
        assert not settings.DEBUG, "DEBUG keeps every query in memory"
        admin = User.objects.create(username="bench-admin", email="admin@example.org")
        UserRole.objects.create(user=admin, role="admin")
        client = Client()
        client.force_login(admin)
        world = World(args.seed)
        rng = random.Random(args.seed)
        print(
            f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, {platform.machine()}"
        )
        first_peaks = None
        for size in sizes:
            started = time.perf_counter()
            grow(world, size, rng)
            print(
                f"\n{Membership.objects.count():,} terms, {AuditEvent.objects.count():,} audit events, "
                f"{Contributor.objects.count():,} contributors (generated in {time.perf_counter() - started:.0f} s)"
            )
            rows = {
                "/memberships/": Membership.objects.count(),
                "/audit/": AuditEvent.objects.count(),
                "/people/": Contributor.objects.count(),
            }
            times, body_sizes = measure(client, args.rounds, args.requests)
            base = statistics.median(times[BASELINE])
            print(f"{'URL':<42} {'median ms':>10} {'ratio':>8} {'body kB':>9} {'rows/s':>9}")
            for label, url in URLS:
                median = statistics.median(times[url])
                count = rows.get(url.split("export.")[0]) if "/export." in url else None
                rate = f"{count / median:>9,.0f}" if count else ""
                print(
                    f"{label:<42} {median * 1000:>10.1f} {median / base:>8.1f} {body_sizes[url] / 1000:>9.0f} {rate}"
                )
            peaks = {url: peak_memory(client, url) for _, url in DOWNLOADS}
            if first_peaks is None:
                first_peaks = peaks
            print(f"{'download':<42} {'peak MiB':>10} {'vs first':>8}")
            for label, url in DOWNLOADS:
                print(f"{label:<42} {peaks[url] / 2**20:>10.1f} {peaks[url] / first_peaks[url]:>8.2f}")


if __name__ == "__main__":
    main()
