"""Benchmark of the key-results engine (issue: contributions and key results).

Builds 10,000 contributors (9,800 people, 200 organizations), 1,000,000 contributions over three
years and 2,000 nominations in a fresh SQLite database, then times:

- floor: one hand-written SQL GROUP BY over the contributions table computing, for the 2,000
  nominees, the same per-(contributor, kind, major) count / sum / max inside the cycle's window;
- engine: `contributions.api.scorecards()` for the 2,000 (nominee, track) pairs, values only
  (what the ranking and the screening queue need), and again with the contributions behind
  each value (what a scorecard page shows);
- one scorecard page's queries at this size.

Prints each time and its ratio to the floor. Run: `.venv/bin/python bench/key_results.py`
(`--contributions N` for a smaller run).
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(db_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "distinguished.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(contributions: int, seed: int = 7):
    from django.db import connection, transaction

    from distinguished.nominations.models import Nomination
    from distinguished.people.models import Contributor, User
    from distinguished.program import api as program
    from distinguished.program.models import Cycle

    rng = random.Random(seed)
    today = dt.date(2026, 11, 29)
    orgs = Contributor.objects.bulk_create(
        Contributor(
            kind="organization",
            name=f"Org {i}",
            size_tier=rng.choice(["larger", "smaller"]),
            employees=rng.randint(5, 900),
        )
        for i in range(200)
    )
    people = Contributor.objects.bulk_create(
        Contributor(
            kind="person", name=f"Person {i}", organization=rng.choice(orgs) if rng.random() < 0.7 else None
        )
        for i in range(9800)
    )
    everyone = orgs + people
    kinds = [k.code for k in program.contribution_kinds()]
    person_kinds = [
        k for k in kinds if k not in ("funding", "in_kind_support", "employee_participation", "sponsorship")
    ]
    org_kinds = [
        "funding",
        "in_kind_support",
        "employee_participation",
        "sponsorship",
        "major_enhancement",
        "working_group",
    ]
    rows = []
    for i in range(contributions):
        owner = rng.choice(everyone)
        kind = rng.choice(org_kinds if owner.kind == "organization" else person_kinds)
        quantity = (
            rng.randint(1, 50000)
            if kind in ("funding", "in_kind_support")
            else (
                rng.randint(1, 40)
                if kind
                in (
                    "mentorship",
                    "performance_improvement",
                    "community_growth",
                    "employee_participation",
                    "certification",
                )
                else None
            )
        )
        rows.append(
            (
                owner.pk,
                kind,
                (today - dt.timedelta(days=rng.randint(0, 3 * 365))).isoformat(),
                f"C{i}",
                "",
                quantity,
                rng.random() < 0.2,
                "csv",
                f"bench-{i}",
                False,
                "2026-11-29 00:00:00",
            )
        )
    # One transaction: in autocommit SQLite would commit (and sync) every row.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO contributions_contribution (contributor_id, kind, date, title, url, quantity, major, source, external_id, verified, created) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            rows,
        )
    cycle = Cycle.objects.get(slug="2025")
    cycle.nominations_close = dt.date(2026, 10, 15)
    cycle.save()
    nominator = User.objects.create(username="bench")
    tracks = {t.code: t for t in program.tracks_of(program.get_program())}
    nominees = rng.sample(people, 1900) + rng.sample(orgs, 100)
    Nomination.objects.bulk_create(
        Nomination(
            cycle=cycle,
            track=tracks["partner"]
            if n.kind == "organization"
            else tracks[rng.choice(["engineer", "advocate", "innovator"])],
            nominee=n,
            nominator=nominator,
        )
        for n in nominees
    )
    return cycle


def floor(cycle, window, subject_ids, org_ids):
    from django.db import connection

    marks = ",".join(["%s"] * len(subject_ids))
    org_marks = ",".join(["%s"] * len(org_ids)) or "NULL"
    sql = f"""
        SELECT c.contributor_id, p.organization_id, c.kind, c.major, COUNT(*), SUM(c.quantity), MAX(c.quantity)
        FROM contributions_contribution c JOIN people_contributor p ON p.id = c.contributor_id
        WHERE c.date > %s AND c.date <= %s AND (c.contributor_id IN ({marks}) OR p.organization_id IN ({org_marks}))
        GROUP BY c.contributor_id, p.organization_id, c.kind, c.major
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [window.start.isoformat(), window.end.isoformat(), *subject_ids, *org_ids])
        return cursor.fetchall()


def timed(function, repeat=3):
    best = None
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder) / "bench.sqlite3")
        start = time.perf_counter()
        cycle = generate(args.contributions)
        print(
            f"generated 10,000 contributors, {args.contributions:,} contributions, 2,000 nominations in {time.perf_counter() - start:.1f} s"
        )

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from distinguished.contributions import api as contributions
        from distinguished.nominations.models import Nomination

        nominations = list(Nomination.objects.select_related("nominee", "track"))
        pairs = [(n.nominee, n.track) for n in nominations]
        window = contributions.nomination_window(cycle)
        subject_ids = [n.nominee_id for n in nominations]
        org_ids = [n.nominee_id for n in nominations if n.nominee.kind == "organization"]

        floor_time, floor_rows = timed(lambda: floor(cycle, window, subject_ids, org_ids))
        engine_time, cards = timed(
            lambda: contributions.scorecards(pairs, cycle=cycle, with_contributions=False)
        )
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            contributions.scorecards(pairs, cycle=cycle, with_contributions=False)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(18)
        full_time, _ = timed(lambda: contributions.scorecards(pairs, cycle=cycle), repeat=1)
        with CaptureQueriesContext(connection) as one:
            contributions.scorecard(pairs[0][0], pairs[0][1], cycle=cycle)

        # Same counts: the engine's major_prs for engineers equals the floor's rows.
        floor_major = {}
        for contributor_id, _org, kind, major, count, _sum, _max in floor_rows:
            if kind == "pull_request" and major:
                floor_major[contributor_id] = floor_major.get(contributor_id, 0) + count
        mismatches = sum(
            1
            for (contributor_id, track), card in cards.items()
            if track == "engineer"
            and next(kr.value for kr in card.key_results if kr.code == "major_prs")
            != floor_major.get(contributor_id, 0)
        )
        print(
            f"floor (one SQL GROUP BY):                   {floor_time:6.2f} s  ({len(floor_rows):,} groups)"
        )
        print(
            f"engine, 2,000 scorecards (values):          {engine_time:6.2f} s  = {engine_time / floor_time:4.2f}x the floor"
        )
        print(
            f"engine, 2,000 scorecards with contributions:{full_time:6.2f} s  = {full_time / floor_time:4.2f}x the floor"
        )
        print(
            f"one scorecard page: {len(one.captured_queries)} queries; engineer major_prs mismatches vs floor: {mismatches}"
        )


if __name__ == "__main__":
    main()
