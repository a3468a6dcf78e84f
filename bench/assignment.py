"""Benchmark of the reviewer assignment (distinguished.review.assignment).

5,000 nominations (tracks engineer / advocate / innovator / partner), 60 panelists spread over the
six panel groups, k = 3, at least two groups per nomination, 5 % random conflicts, random track
preferences. Solves the exact model with `scipy.optimize.milp` (HiGHS) and, in the same run, a
greedy round-robin baseline (each nomination in order takes the least-loaded non-conflicted
panelists that respect the group rule). Prints time, optimality gap, objective (pairs outside the
panelist's preferred tracks) and load spread (max - min) of both.

Run: `.venv/bin/python bench/assignment.py` (`--nominations N`, `--seed S`).
"""

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from distinguished.review.assignment import Nomination, Panelist, assign, evaluate  # noqa: E402

GROUPS = ["toc", "axim", "core_contributors", "partners", "community_leaders", "bizdev"]
TRACKS = ["engineer", "advocate", "innovator", "partner"]


def build(n_noms: int, n_pans: int, conflict_rate: float, seed: int):
    rng = random.Random(seed)
    panelists = [
        Panelist(i, GROUPS[i % len(GROUPS)], frozenset(t for t in TRACKS if rng.random() < 0.4))
        for i in range(n_pans)
    ]
    nominations = [Nomination(j, rng.choice(TRACKS)) for j in range(n_noms)]
    conflicts = {(p.id, n.id) for p in panelists for n in nominations if rng.random() < conflict_rate}
    return nominations, panelists, conflicts


def greedy(nominations, panelists, conflicts, k=3, min_groups=2):
    cap = k - (min_groups - 1)
    load = Counter({p.id: 0 for p in panelists})
    pairs = set()
    for n in nominations:
        taken = Counter()
        chosen = 0
        for p in sorted(panelists, key=lambda p: (load[p.id], p.id)):
            if (p.id, n.id) in conflicts or taken[p.group] >= cap:
                continue
            pairs.add((p.id, n.id))
            load[p.id] += 1
            taken[p.group] += 1
            chosen += 1
            if chosen == k:
                break
        if chosen < k:
            raise SystemExit(f"greedy got stuck on nomination {n.id}")
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nominations", type=int, default=5000)
    parser.add_argument("--panelists", type=int, default=60)
    parser.add_argument("--conflicts", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    nominations, panelists, conflicts = build(args.nominations, args.panelists, args.conflicts, args.seed)
    print(
        f"{len(nominations)} nominations, {len(panelists)} panelists in {len(GROUPS)} groups, k=3, "
        f"{len(conflicts)} conflicts"
    )

    t0 = time.perf_counter()
    base = greedy(nominations, panelists, conflicts)
    greedy_seconds = time.perf_counter() - t0
    g = evaluate(base, nominations, panelists)

    t0 = time.perf_counter()
    result = assign(nominations, panelists, k=3, min_groups=2, conflicts=conflicts)
    total = time.perf_counter() - t0
    m = evaluate(result.pairs, nominations, panelists)
    assert m["preference_misses"] == result.preference_misses and m["spread"] == result.spread

    print(f"{'':10} {'seconds':>9} {'gap':>6} {'objective':>10} {'spread':>7}")
    print(f"{'milp':10} {result.seconds:9.2f} {result.gap:6.3g} {result.objective:10.0f} {result.spread:7d}")
    print(f"{'greedy':10} {greedy_seconds:9.2f} {'-':>6} {g['objective']:10.0f} {g['spread']:7d}")
    print(
        f"milp: model build {result.build_seconds:.2f} s, assign() total {total:.2f} s; "
        f"LP relaxation integral: {result.lp_integral}; relaxed balance: {result.relaxed}; {result.status}"
    )
    loads = sorted(result.per_reviewer.values())
    print(f"milp loads {loads[0]}..{loads[-1]}; objective = pairs outside the panelist's preferred tracks")
    if result.spread > g["spread"]:
        raise SystemExit("milp is worse than greedy on load balance")


if __name__ == "__main__":
    main()
