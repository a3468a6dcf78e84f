"""Benchmark of the ranking (issue 15): a page of `/cycles/{slug}/ranking/` and of
`GET /api/v1/cycles/{slug}/ranking/` read from the stored standings, first and deep pages and every
sort, beside a trivial Django view measured in the same run.

Builds a fresh SQLite database (in a temporary folder, removed afterwards) with one cycle in review,
a full panel (16 seats, the most each of the six stakeholder groups may hold, the first the chair's), and nominations in
the four tracks with three submitted reviews each by three different panelists (scores 1-5 on each
key area of the track), and 20 conflicts the chair declared (the rows hidden from them). The
nominations grow in steps (`--sizes`, 1,000, 2,000 then 10,000 by default). At each size the script:

- times the first read after the data changed, which recomputes the standings
  (`review.standings.refresh_standings`), and the old way, `review.api.ranking_seen_by` (every
  counted review aggregated in Python on every request), once each;
- counts the queries of every URL and checks they are the same as at the first size;
- times each URL in-process (Django's test client: the same middleware, views and templates, no
  network), the URLs taking turns request by request, so that a change in the machine's load touches
  them all alike, and prints p50, p95 and the ratio of the p50 to the trivial view's;
- times the chair's whole download as CSV once.

Goal: a page within 200 ms p95 at 10,000 nominations.

Run: `.venv/bin/python bench/ranking.py` (about 5 minutes; `--help` for the options).
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

from bench.directory import setup  # noqa: E402  (after the path)

FIRST = ["Ada", "Ben", "Chloé", "Dmitri", "Eun-ji", "Femi", "Grace", "Hiro", "Inès", "José", "Kofi", "Lena"]
LAST = ["Okafor", "Nguyen", "Müller", "García", "Kowalski", "Haddad", "Silva", "Tanaka", "Rossi", "Dubois"]
CONFLICTS = 20


def review_cycle(slug: str = "bench"):
    """A cycle in its review phase (its dates around today)."""
    from distinguished.program import api as program
    from distinguished.program.models import Cycle

    day = dt.date.today() - dt.timedelta(days=40)
    Cycle.objects.create(
        program=program.get_program(),
        slug=slug,
        name="Bench cohort",
        nominations_open=day,
        nominations_close=day + dt.timedelta(days=20),
        screening_due=day + dt.timedelta(days=30),
        review_due=day + dt.timedelta(days=60),
        deliberation_due=day + dt.timedelta(days=70),
        approval_due=day + dt.timedelta(days=80),
        announcement_date=day + dt.timedelta(days=90),
        closes_on=day + dt.timedelta(days=120),
    )
    cycle = program.get_cycle(slug)
    assert cycle.phase == "review", cycle.phase
    return cycle


def build_panel(cycle, rng):
    from distinguished.people.models import User, UserRole
    from distinguished.program import api as program
    from distinguished.review.models import PanelSeat

    groups = {g.code: g for g in program.panel_groups_of(cycle.program)}
    seats = []
    for code, group in groups.items():
        for i in range(group.max_seats):
            user = User.objects.create(username=f"bench-{code}-{i}", email=f"{code}{i}@example.org")
            seats.append(PanelSeat(cycle=cycle, user=user, group=group, chair=not seats))
    PanelSeat.objects.bulk_create(seats)
    chair = seats[0].user
    UserRole.objects.create(user=chair, role="chair")
    return chair, [seat.user for seat in seats]


def grow(cycle, panelists, chair, count: int, rng: random.Random) -> None:
    """`count` more nominations in review, three submitted reviews each; the chair's conflicts."""
    from django.db import transaction
    from django.utils import timezone

    from distinguished.nominations.models import Nomination
    from distinguished.people.models import Contributor, User
    from distinguished.program import api as program
    from distinguished.review.models import Assignment, Conflict, Review

    tracks = list(program.tracks_of(cycle.program))
    areas = {t.pk: [a.code for a in program.key_areas_of(t)] for t in tracks}
    others = [p for p in panelists if p != chair]
    with transaction.atomic():
        nominator, _ = User.objects.get_or_create(
            username="bench-nominator", defaults={"email": "n@example.org"}
        )
        nominees = Contributor.objects.bulk_create(
            Contributor(name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randrange(10**6):06d}")
            for _ in range(count)
        )
        items = Nomination.objects.bulk_create(
            Nomination(
                cycle=cycle,
                track=rng.choice(tracks),
                nominee=nominee,
                nominator=nominator,
                state="in_review",
                statement="Bench.",
                nominee_consent=True,
                submitted=timezone.now(),
            )
            for nominee in nominees
        )
        pairs = [(n, p) for n in items for p in rng.sample(others, 3)]
        assignments = Assignment.objects.bulk_create(
            Assignment(cycle=cycle, nomination=n, panelist=p) for n, p in pairs
        )
        now = timezone.now()
        Review.objects.bulk_create(
            Review(
                assignment=a,
                scores={code: rng.randint(1, 5) for code in areas[n.track_id]},
                recommendation="yes",
                submitted=now,
            )
            for a, (n, _) in zip(assignments, pairs, strict=True)
        )
        if not Conflict.objects.filter(panelist=chair).exists():
            Conflict.objects.bulk_create(
                Conflict(
                    cycle=cycle,
                    panelist=chair,
                    nomination=n,
                    source="declared",
                    reason="Bench.",
                    created_by=chair,
                )
                for n in rng.sample(items, CONFLICTS)
            )


def urls(slug: str, last_page: int) -> list[tuple[str, str]]:
    page = f"/cycles/{slug}/ranking/"
    api = f"/api/v1/cycles/{slug}/ranking/"
    return [
        ("trivial view (baseline)", "/bench/trivial/"),
        ("page 1, by normalised score", page),
        ("the last page", f"{page}?page={last_page}"),
        ("page 1, by mean", f"{page}?sort=mean"),
        ("page 1, by spread", f"{page}?sort=spread"),
        ("page 1, by disagreement", f"{page}?sort=disagreement"),
        ("page 1, by track", f"{page}?sort=track"),
        ("page 1, by nominee", f"{page}?sort=nominee"),
        ("page 1, one track", f"{page}?track=engineer"),
        ("API page 1", api),
        ("API, the last page by nominee", f"{api}?sort=nominee&page={last_page}"),
    ]


def query_counts(client, listed) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for label, url in listed:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[label] = len(queries)
    return counts


def measure(client, listed, rounds: int, per_round: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {label: [] for label, _ in listed}
    for _, url in listed:
        client.get(url)  # warm-up: the templates
    for _ in range(rounds * per_round):
        for label, url in listed:
            started = time.perf_counter()
            response = client.get(url)
            times[label].append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    return times


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,2000,10000", help="nominations at each step (1000,2000,10000)"
    )
    parser.add_argument("--rounds", type=int, default=4, help="rounds (4)")
    parser.add_argument("--requests", type=int, default=5, help="timed requests per URL and round (5)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder) / "bench.sqlite3")
        from django.conf import settings
        from django.test import Client

        from distinguished.review import api as review
        from distinguished.review.models import Review

        settings.ROOT_URLCONF = "bench.directory_urls"  # the project's URLs and /bench/trivial/
        settings.ALLOWED_HOSTS = ["*"]
        rng = random.Random(args.seed)
        cycle = review_cycle()
        chair, panelists = build_panel(cycle, rng)
        client = Client()
        client.force_login(chair)
        print(
            f"Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}, {platform.machine()}"
        )
        first_counts = None
        have = 0
        for size in sizes:
            started = time.perf_counter()
            grow(cycle, panelists, chair, size - have, rng)
            have = size
            reviews = Review.objects.filter(assignment__cycle=cycle).count()
            print(
                f"\n{size:,} nominations, {reviews:,} reviews (generated in {time.perf_counter() - started:.0f} s)"
            )
            started = time.perf_counter()
            assert client.get(f"/cycles/{cycle.slug}/ranking/").status_code == 200
            recompute = time.perf_counter() - started
            started = time.perf_counter()
            old_rows = len(review.ranking_seen_by(cycle, chair)["rows"])
            old = time.perf_counter() - started
            print(
                f"first read after the change (recomputes the standings): {recompute * 1000:,.0f} ms; "
                f"the old per-request aggregation (ranking_seen_by, {old_rows:,} rows, no rendering): {old * 1000:,.0f} ms"
            )
            listed = urls(cycle.slug, -(-(size - CONFLICTS) // 50))
            counts = query_counts(client, listed)
            if first_counts is None:
                first_counts = counts
            same = counts == first_counts
            times = measure(client, listed, args.rounds, args.requests)
            base = statistics.median(times[listed[0][0]])
            print(f"{'URL':<36} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50 ratio':>9}")
            for label, _ in listed:
                p50 = statistics.median(times[label])
                print(
                    f"{label:<36} {counts[label]:>7} {p50 * 1000:>8.1f} "
                    f"{percentile(times[label], 0.95) * 1000:>8.1f} {p50 / base:>9.1f}"
                )
            slowest = max(percentile(times[label], 0.95) for label, _ in listed[1:])
            print(
                "queries the same as at the first size:", "yes" if same else f"NO {counts} vs {first_counts}"
            )
            print(f"slowest p95 of a ranking page: {slowest * 1000:.0f} ms (goal 200 ms)")
            started = time.perf_counter()
            response = client.get(f"/cycles/{cycle.slug}/ranking/export.csv")
            lines = b"".join(response.streaming_content).count(b"\n")
            print(
                f"the chair's whole download (CSV, {lines - 1:,} rows): "
                f"{(time.perf_counter() - started) * 1000:,.0f} ms"
            )


if __name__ == "__main__":
    main()
