"""Benchmark of the program's figures (issue 14): the dashboard, GET /api/v1/program/stats/ and the
impact page, uncached, beside the directory page with its cache off, measured in the same run.

Builds a fresh SQLite database (in a temporary folder, removed afterwards) with the directory
benchmark's members (`bench/directory.py`'s World: Faker names, the four tracks, cohorts 2020-2026,
renewal chains, lifetime status, 1% revoked), then adds what the dashboard reads: one nomination per
ten members over the cohorts' cycles in every state (a third of the decided ones with three
reviews), two endorsements per submitted nomination, and four contributions per member over the
last two years (major pull requests, talks, community initiatives, funding for partners). The
members grow in steps (`--sizes`, 1,000 then 10,000 by default; 100,000 takes about 20 minutes
to generate); at each size the script checks that every URL asks the same number of queries as at
the first size, then times each URL in-process (Django's test client: the same middleware and
templates, no network), the URLs taking turns request by request, so that a change in the machine's
load touches them all alike. Prints the median and p90 per URL and the ratio of medians to the
directory page's (cache off, `DIRECTORY_CACHE_SECONDS=0`). Goal: the dashboard within 3 times the directory page.

The figures are stored once computed (decision 0016): the URLs read them as a reader does while
nothing changed; the "first read after a change" rows forget every stored figure before each
request (untimed), so they pay the whole recomputation a change costs at worst.

Run: `.venv/bin/python bench/stats.py` (about 4 minutes; `--help` for the options). On the
100,000-member PostgreSQL database kept by bench/scale.py, nothing generated:
`.venv/bin/python bench/stats.py --database postgres://postgres@127.0.0.1:5432/scale100k --rounds 2`.
"""

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.directory import World, setup  # noqa: E402  (after the path)

STATES = ["submitted", "eligible", "ineligible", "in_review", "selected", "declined", "deferred", "withdrawn"]


def grow_figures(world: World, members, rng: random.Random) -> None:
    """Nominations with endorsements and reviews, and contributions, for `members` new members."""
    from django.db import transaction
    from django.utils import timezone

    from distinguished.contributions.models import Contribution
    from distinguished.nominations.models import Endorsement, Nomination
    from distinguished.people.models import User
    from distinguished.review.models import Assignment, Review

    today = dt.date.today()
    cycles = list(world.cycles.values())
    engineer = world.tracks["engineer"]
    with transaction.atomic():
        nominator, _ = User.objects.get_or_create(
            username="bench-nominator", defaults={"email": "n@example.org"}
        )
        endorsers = list(User.objects.filter(username__startswith="bench-endorser"))
        if not endorsers:
            endorsers = User.objects.bulk_create(
                User(username=f"bench-endorser-{i}", email=f"e{i}@example.org") for i in range(40)
            )
        panelists = list(User.objects.filter(username__startswith="bench-panelist"))
        if not panelists:
            panelists = User.objects.bulk_create(
                User(username=f"bench-panelist-{i}", email=f"p{i}@example.org") for i in range(12)
            )
        nominations = Nomination.objects.bulk_create(
            Nomination(
                cycle=rng.choice(cycles),
                track=engineer,
                nominee=contributor,
                nominator=nominator,
                state=(state := rng.choice(STATES)),
                live=None if state == "withdrawn" else True,
                nominee_consent=True,
                submitted=timezone.now() - dt.timedelta(days=rng.randrange(400)),
                screening_reason=rng.choice(["Too early", "Not enough endorsements"])
                if state == "ineligible"
                else "",
                decided=timezone.now() if state in ("selected", "declined", "deferred") else None,
            )
            for contributor in members[::10]
        )
        Endorsement.objects.bulk_create(
            Endorsement(nomination=n, endorser=endorser, relationship="Peer", statement="Yes.")
            for n in nominations
            for endorser in rng.sample(endorsers, 2)
        )
        reviewed = [n for n in nominations if n.state in ("in_review", "selected", "declined", "deferred")]
        assignments = Assignment.objects.bulk_create(
            Assignment(cycle_id=n.cycle_id, nomination=n, panelist=panelist)
            for n in reviewed[::3]
            for panelist in rng.sample(panelists, 3)
        )
        Review.objects.bulk_create(
            Review(
                assignment=a,
                scores={"core_platform": rng.randint(1, 5), "architecture": rng.randint(1, 5)},
                submitted=timezone.now(),
            )
            for a in assignments
        )
        kinds = ("pull_request", "talk", "community_initiative")
        Contribution.objects.bulk_create(
            Contribution(
                contributor=contributor,
                kind="funding" if contributor.kind == "organization" and i == 0 else rng.choice(kinds),
                quantity=10_000 if contributor.kind == "organization" and i == 0 else None,
                major=True,
                date=today - dt.timedelta(days=rng.randrange(730)),
                title="Bench",
            )
            for contributor in members
            for i in range(4)
        )


def new_members(world: World, count: int):
    from distinguished.people.models import Contributor

    before = Contributor.objects.order_by("-id").values_list("id", flat=True).first() or 0
    world.members(count)
    return list(Contributor.objects.filter(id__gt=before, memberships__isnull=False).distinct())


URLS = [
    ("directory page (cache off, baseline)", "/directory/"),
    ("dashboard, the last twelve months", "/program/dashboard/"),
    ("dashboard, since 2020", "/program/dashboard/?since=2020-01-01"),
    ("dashboard, one cycle", "/program/dashboard/?cycle=2025"),
    ("GET /api/v1/program/stats/", "/api/v1/program/stats/"),
    ("GET /api/v1/program/stats/?since=2020-01-01", "/api/v1/program/stats/?since=2020-01-01"),
    ("impact page", "/program/impact/"),
]
# The first read after a change: the stored figures (decision 0016) forgotten before each request.
RECOMPUTED = "#recomputed"
URLS_RECOMPUTED = [
    ("dashboard, first read after a change", f"/program/dashboard/{RECOMPUTED}"),
    ("GET /api/v1/program/stats/, first read after a change", f"/api/v1/program/stats/{RECOMPUTED}"),
]


def get(client, url: str):
    """The URL's answer; a #recomputed one after forgetting every stored figure (untimed)."""
    if url.endswith(RECOMPUTED):
        from distinguished.stats.models import StoredFigures

        StoredFigures.objects.all().delete()
        url = url.removesuffix(RECOMPUTED)
    return client.get(url)


def measure(client, urls, rounds: int, per_round: int) -> dict[str, list[float]]:
    """The URLs take turns request by request, so that a change in the machine's load touches them
    all alike."""
    times: dict[str, list[float]] = {url: [] for _, url in urls}
    stored = [url for _, url in urls if not url.endswith(RECOMPUTED)]
    for _, url in urls:
        get(client, url)  # warm-up: the connection, the templates
    for url in stored:
        get(client, url)  # their figures stored again after the recomputed ones
    for _ in range(rounds * per_round):
        for _, url in urls:
            started = time.perf_counter()
            response = get(client, url)
            times[url].append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
            if url.endswith(RECOMPUTED):
                for other in stored:  # their figures stored again, untimed
                    get(client, other)
    return times


def query_counts(client, urls) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for _, url in urls:
        get(client, url)  # the figures stored (or forgotten) as the timed reads find them
        with CaptureQueriesContext(connection) as queries:
            assert get(client, url).status_code == 200
        counts[url] = len(queries)
    return counts


def report(urls, counts, times, first_counts=None) -> None:
    base = statistics.median(times[urls[0][1]])
    print(f"{'URL':<56} {'queries':>7} {'median ms':>10} {'p90 ms':>8} {'ratio':>6}")
    for label, url in urls:
        samples = sorted(times[url])
        median = statistics.median(samples)
        p90 = samples[min(len(samples) - 1, round(0.9 * len(samples)))]
        print(f"{label:<56} {counts[url]:>7} {median * 1000:>10.1f} {p90 * 1000:>8.1f} {median / base:>6.2f}")
    if first_counts is not None:
        same = all(counts[url] == first_counts[url] for url in counts)
        print("queries the same as at the first size:", "yes" if same else f"NO {counts} vs {first_counts}")


def on_database(url: str, args) -> None:
    """Measure on an existing database (the kept `scale100k` of bench/scale.py), signed in as its
    `bench-admin`; nothing is generated. Writes only the stored figures (the app's own on a read)."""
    import os

    os.environ["DJANGO_SETTINGS_MODULE"] = "distinguished.settings.test"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from distinguished.people.models import User

    settings.DIRECTORY_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from membership_membership")
        terms = cursor.fetchone()[0]
    print(
        f"Python {platform.python_version()}, {connection.vendor} {url.rsplit('/', 1)[-1]}: {terms:,} terms"
    )
    urls = URLS + URLS_RECOMPUTED
    counts = query_counts(client, urls)
    times = measure(client, urls, args.rounds, args.requests)
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    report(urls, counts, times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="members at each step (1000,10000)")
    parser.add_argument("--rounds", type=int, default=4, help="rounds (4)")
    parser.add_argument("--requests", type=int, default=5, help="timed requests per URL and round (5)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--database",
        metavar="URL",
        help="measure on this existing database instead (postgres://postgres@127.0.0.1:5432/scale100k)",
    )
    args = parser.parse_args()
    if args.database:
        on_database(args.database, args)
        return
    sizes = [int(size) for size in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder) / "bench.sqlite3")
        from django.conf import settings
        from django.test import Client

        from distinguished.membership.models import Membership
        from distinguished.people.models import User, UserRole

        settings.DIRECTORY_CACHE_SECONDS = 0  # every directory request computes its page
        settings.ALLOWED_HOSTS = ["*"]
        admin = User.objects.create(username="bench-admin", email="admin@example.org")
        UserRole.objects.create(user=admin, role="admin")
        client = Client()
        client.force_login(admin)
        world = World(args.seed)
        rng = random.Random(args.seed)
        print(
            f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, {platform.machine()}"
        )
        first_counts = None
        have = 0
        for size in sizes:
            started = time.perf_counter()
            members = new_members(world, size - have)
            grow_figures(world, members, rng)
            have = size
            print(
                f"\n{size:,} members: {Membership.objects.count():,} terms, "
                f"{__import__('distinguished.nominations.models', fromlist=['Nomination']).Nomination.objects.count():,} "
                f"nominations (generated in {time.perf_counter() - started:.0f} s)"
            )
            urls = URLS + URLS_RECOMPUTED
            counts = query_counts(client, urls)
            if first_counts is None:
                first_counts = counts
            times = measure(client, urls, args.rounds, args.requests)
            report(urls, counts, times, first_counts)


if __name__ == "__main__":
    main()
