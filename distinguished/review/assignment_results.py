"""What an assignment comes to: the solver's `Result` (pairs, loads, and the figures it optimised),
and `evaluate`, the same figures for any assignment (e.g. a greedy baseline to compare with)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .assignment_inputs import Nomination, Pair, Panelist


@dataclass(frozen=True)
class Result:
    pairs: frozenset[Pair]  # (panelist id, nomination id)
    per_reviewer: dict[int, int]  # panelist id -> number of reviews (every panelist, zeros included)
    objective: float  # change_weight * changes + preference_misses
    gap: float  # relative MIP gap; 0.0 when proven optimal
    seconds: float  # wall-clock time spent inside milp (all solves)
    changes: int = 0  # |pairs Δ current|
    preference_misses: int = 0  # pairs whose track is not among the panelist's preferred tracks
    spread: int = 0  # max - min of per_reviewer
    relaxed: bool = False  # True when the load band L..L+1 was infeasible and the spread was minimised
    lp_integral: bool = False  # True when the final solve was the LP relaxation with an integral vertex
    build_seconds: float = 0.0  # time spent building the model (checks, matrices)
    status: str = ""  # solver message of the final solve
    change_weight: int = 0


def evaluate(
    pairs: Iterable[Pair],
    nominations: Iterable[Nomination],
    panelists: Iterable[Panelist],
    *,
    current: Iterable[Pair] = frozenset(),
) -> dict[str, int]:
    """The figures `assign` optimises, for any assignment (e.g. a greedy baseline)."""
    pairs = set(pairs)
    current = set(current)
    noms = {n.id: n for n in nominations}
    pans = {p.id: p for p in panelists}
    load = Counter(p for p, _ in pairs)
    loads = [load.get(p, 0) for p in pans]
    misses = sum(1 for p, n in pairs if noms[n].track not in pans[p].tracks)
    changes = len(pairs ^ current)
    weight = len(pairs) + 1 if current else 0
    return {
        "objective": weight * changes + misses,
        "preference_misses": misses,
        "changes": changes,
        "spread": (max(loads) - min(loads)) if loads else 0,
    }
