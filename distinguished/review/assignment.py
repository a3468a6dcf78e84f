"""Reviewer assignment for the Distinguished Contributor review panel, solved exactly.

A pure module: no Django, no database. The caller passes panelists, nominations, conflicts, the
pairs that already carry a written review (``keep``) and the assignment in force (``current``);
`assign` returns the optimal set of (panelist id, nomination id) pairs or raises `NoAssignment`
with sentences a coordinator can act on.

The model is a 0/1 programme solved by ``scipy.optimize.milp`` (HiGHS) — there is no greedy step.
One binary ``x[p, n]`` per pair that is not conflicted (conflicted pairs have no variable at all).

Hard rules
    * each nomination gets exactly ``k`` reviewers;
    * no conflicted pair;
    * panel groups: at most ``k - (min_groups - 1)`` reviewers of one nomination from any one
      group. That capacity forces ``min_groups`` distinct groups whenever
      ``ceil(k / capacity) ≥ min_groups`` — always for ``min_groups ≤ 2`` and for
      ``min_groups = k``. For the remaining combinations (e.g. ``k=4, min_groups=3``) the module
      adds one 0/1 "group used" indicator per (nomination, group) so the rule is exact there too;
    * ``keep`` pairs are fixed to 1;
    * optional ``max_load``: no panelist reviews more than that.

Load balance
    Let ``T = k·N`` and ``L = floor(T / P)``. First the band ``L ≤ load_p ≤ L + 1`` is imposed as
    hard bounds; for integer loads summing to ``T`` that is exactly "max - min ≤ 1". When the band
    is infeasible (conflicts, kept reviews or ``max_load`` make it so), a first MILP minimises the
    spread ``hi - lo`` with ``lo ≤ load_p ≤ hi``; a second one minimises the objective under the
    optimal spread. ``Result.relaxed`` tells which case applied. Balance therefore has priority over
    everything in the objective.

Objective (minimised, lexicographic through integer weights)
    ``change_weight · changes + preference_misses`` where ``changes = |pairs Δ current|`` (pairs
    added plus pairs dropped versus ``current``) and ``preference_misses`` counts the pairs whose
    nomination track is not among the panelist's preferred tracks. ``change_weight = k·N + 1`` when
    ``current`` is given (more than any possible difference in misses, so the fewest changes always
    win and preferences only break ties), and 0 when there is no current assignment (every
    solution then "changes" all ``k·N`` pairs, a constant).

    Since every solution has exactly ``k·N`` pairs,
    ``changes = k·N + |current| - 2·|pairs ∩ current|``, so the solver only sees a coefficient
    ``-2·change_weight`` on current pairs and ``1`` on non-preferred pairs.

Why it is fast
    Without the optional indicators, every variable sits in one nomination row, at most one
    (nomination, group) row nested inside it, and one panelist row: two laminar families of rows,
    i.e. a network (flow) matrix, which is totally unimodular. With the band bounds the LP
    relaxation therefore has integral vertices. `assign` first hands ``milp`` the LP relaxation
    (``integrality = 0``); if the returned vertex is integral it is optimal for the 0/1 problem as
    well (LP bound = integer value, gap 0) and no branching happens. Otherwise — fractional point,
    indicator variables, relaxed spread — it solves the full MILP.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = ["NoAssignment", "Nomination", "Panelist", "Result", "assign", "evaluate"]

Pair = tuple[int, int]  # (panelist id, nomination id)

_INTEGRALITY_TOL = 1e-6


@dataclass(frozen=True)
class Panelist:
    id: int
    group: str
    tracks: frozenset[str] = frozenset()  # preferred tracks; may be empty


@dataclass(frozen=True)
class Nomination:
    id: int
    track: str


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


class NoAssignment(Exception):
    """No assignment satisfies the rules. ``reasons`` holds human sentences."""

    def __init__(self, reasons: Sequence[str]):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


@dataclass
class _Model:
    c: np.ndarray
    A: sparse.csr_array
    lb: np.ndarray
    ub: np.ndarray
    x_lb: np.ndarray
    x_ub: np.ndarray
    integrality: np.ndarray
    network: bool  # True when the matrix is a network matrix (LP relaxation integral)
    ones: int  # how many 0/1 variables are 1 in any solution (k·N); sizes the tie-breaking perturbation
    extra: dict[str, int] = field(default_factory=dict)  # name -> column of auxiliary variables


def assign(
    nominations: Iterable[Nomination],
    panelists: Iterable[Panelist],
    *,
    k: int = 3,
    min_groups: int = 2,
    conflicts: Iterable[Pair] = frozenset(),
    keep: Iterable[Pair] = frozenset(),
    current: Iterable[Pair] = frozenset(),
    max_load: int | None = None,
    time_limit: float | None = None,
    lp_first: bool = True,
) -> Result:
    """Assign ``k`` reviewers to every nomination; see the module docstring for the model.

    ``conflicts``, ``keep`` and ``current`` hold (panelist id, nomination id) pairs. Pairs in
    ``current`` naming a panelist or nomination that is gone are simply dropped (and counted as
    changes). ``lp_first=False`` skips the LP-relaxation shortcut and always branches (for tests).
    Raises `NoAssignment` when no assignment satisfies the rules, ``ValueError`` on malformed input.
    """
    started = time.perf_counter()
    noms = list(nominations)
    pans = list(panelists)
    conflicts = set(conflicts)
    keep = set(keep)
    current = set(current)
    if k < 1:
        raise ValueError("k must be at least 1")
    if min_groups < 1:
        min_groups = 1
    if len({n.id for n in noms}) != len(noms):
        raise ValueError("duplicate nomination ids")
    if len({p.id for p in pans}) != len(pans):
        raise ValueError("duplicate panelist ids")
    if max_load is not None and max_load < 0:
        raise ValueError("max_load must be >= 0")

    N, P = len(noms), len(pans)
    if N == 0:
        return Result(frozenset(), {p.id: 0 for p in pans}, 0.0, 0.0, 0.0, build_seconds=0.0)

    _precheck(noms, pans, k, min_groups, conflicts, keep, max_load)

    nom_index = {n.id: j for j, n in enumerate(noms)}
    pan_index = {p.id: i for i, p in enumerate(pans)}
    groups = sorted({p.group for p in pans})
    group_of = np.array([groups.index(p.group) for p in pans], dtype=np.int64)
    G = len(groups)
    cap = k - (min_groups - 1)
    indicators = min_groups > 1 and math.ceil(k / cap) < min_groups

    # Eligibility, preference and current matrices, panelist-major.
    eligible = np.ones((P, N), dtype=bool)
    for p_id, n_id in conflicts:
        if p_id in pan_index and n_id in nom_index:
            eligible[pan_index[p_id], nom_index[n_id]] = False
    tracks = sorted({n.track for n in noms})
    track_idx = np.array([tracks.index(n.track) for n in noms], dtype=np.int64)
    prefers = np.array([[t in p.tracks for t in tracks] for p in pans], dtype=bool).reshape(P, len(tracks))
    preferred = prefers[:, track_idx]  # (P, N)
    in_current = np.zeros((P, N), dtype=bool)
    for p_id, n_id in current:
        if p_id in pan_index and n_id in nom_index:
            in_current[pan_index[p_id], nom_index[n_id]] = True
    in_current &= eligible  # a current pair that became conflicted must go
    kept = np.zeros((P, N), dtype=bool)
    for p_id, n_id in keep:
        kept[pan_index[p_id], nom_index[n_id]] = True

    pi, ni = np.nonzero(eligible)
    V = len(pi)
    T = k * N
    change_weight = T + 1 if current else 0

    base_c = np.where(preferred[pi, ni], 0.0, 1.0) - 2.0 * change_weight * in_current[pi, ni]
    constant = float(change_weight * (T + len(current)))
    var_lb = kept[pi, ni].astype(float)
    var_ub = np.ones(V)

    # Rows shared by every model: nomination rows and (nomination, group) capacity rows.
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lbs: list[np.ndarray] = []
    ubs: list[np.ndarray] = []
    var = np.arange(V)
    rows.append(ni)
    cols.append(var)
    vals.append(np.ones(V))
    lbs.append(np.full(N, float(k)))
    ubs.append(np.full(N, float(k)))
    n_rows = N
    if cap < k:
        ng = ni * G + group_of[pi]
        counts = np.bincount(ng, minlength=N * G)
        binding = np.nonzero(counts > cap)[0]  # rows with no more eligible members than cap are redundant
        row_of = np.full(N * G, -1, dtype=np.int64)
        row_of[binding] = n_rows + np.arange(len(binding))
        mask = row_of[ng] >= 0
        rows.append(row_of[ng][mask])
        cols.append(var[mask])
        vals.append(np.ones(int(mask.sum())))
        lbs.append(np.full(len(binding), -np.inf))
        ubs.append(np.full(len(binding), float(cap)))
        n_rows += len(binding)
    shared = (rows, cols, vals, lbs, ubs, n_rows)

    def build(
        load_lo: float | None, load_hi: float | None, spread: int | None, minimise_spread: bool
    ) -> _Model:
        rows_, cols_, vals_, lbs_, ubs_, nr = (
            list(shared[0]),
            list(shared[1]),
            list(shared[2]),
            list(shared[3]),
            list(shared[4]),
            shared[5],
        )
        n_vars = V
        extra: dict[str, int] = {}
        c_parts = [np.zeros(V) if minimise_spread else base_c]
        x_lb_parts, x_ub_parts, int_parts = [var_lb], [var_ub], [np.ones(V)]
        network = not indicators
        if indicators:
            # y[n, g] = 1 when group g is used for nomination n; sum_g y >= min_groups, x <= y.
            ng = ni * G + group_of[pi]
            used = np.unique(ng)
            y_col = np.full(N * G, -1, dtype=np.int64)
            y_col[used] = n_vars + np.arange(len(used))
            # sum_{p in g} x[p, n] - cap * y[n, g] <= 0
            r_of = np.full(N * G, -1, dtype=np.int64)
            r_of[used] = nr + np.arange(len(used))
            rows_ += [r_of[ng], r_of[used]]
            cols_ += [var, y_col[used]]
            vals_ += [np.ones(V), np.full(len(used), -float(cap))]
            lbs_.append(np.full(len(used), -np.inf))
            ubs_.append(np.zeros(len(used)))
            nr += len(used)
            # sum_g y[n, g] >= min_groups
            rows_.append(nr + used // G)
            cols_.append(y_col[used])
            vals_.append(np.ones(len(used)))
            lbs_.append(np.full(N, float(min_groups)))
            ubs_.append(np.full(N, np.inf))
            nr += N
            c_parts.append(np.zeros(len(used)))
            x_lb_parts.append(np.zeros(len(used)))
            x_ub_parts.append(np.ones(len(used)))
            int_parts.append(np.ones(len(used)))
            n_vars += len(used)
        if load_lo is not None:
            # L <= load_p <= L + 1 (and <= max_load)
            rows_.append(nr + pi)
            cols_.append(var)
            vals_.append(np.ones(V))
            lbs_.append(np.full(P, load_lo))
            ubs_.append(np.full(P, load_hi))
            nr += P
        else:
            # lo <= load_p <= hi, hi - lo <= spread (or minimise hi - lo)
            lo_col, hi_col = n_vars, n_vars + 1
            extra = {"lo": lo_col, "hi": hi_col}
            n_vars += 2
            rows_ += [nr + pi, nr + np.arange(P), nr + P + pi, nr + P + np.arange(P)]
            cols_ += [var, np.full(P, lo_col), var, np.full(P, hi_col)]
            vals_ += [np.ones(V), -np.ones(P), np.ones(V), -np.ones(P)]
            lbs_ += [np.zeros(P), np.full(P, -np.inf)]
            ubs_ += [np.full(P, np.inf), np.zeros(P)]
            nr += 2 * P
            if spread is not None:
                rows_ += [np.array([nr, nr])]
                cols_ += [np.array([hi_col, lo_col])]
                vals_ += [np.array([1.0, -1.0])]
                lbs_.append(np.array([-np.inf]))
                ubs_.append(np.array([float(spread)]))
                nr += 1
            top = float(T if max_load is None else min(T, max_load))
            c_parts.append(np.array([-1.0, 1.0]) if minimise_spread else np.zeros(2))
            x_lb_parts.append(np.zeros(2))
            x_ub_parts.append(np.array([top, top]))
            int_parts.append(np.ones(2))
            network = False
        A = sparse.coo_array(
            (np.concatenate(vals_), (np.concatenate(rows_), np.concatenate(cols_))), shape=(nr, n_vars)
        ).tocsr()
        return _Model(
            c=np.concatenate(c_parts),
            A=A,
            lb=np.concatenate(lbs_),
            ub=np.concatenate(ubs_),
            x_lb=np.concatenate(x_lb_parts),
            x_ub=np.concatenate(x_ub_parts),
            integrality=np.concatenate(int_parts),
            network=network,
            ones=T,
            extra=extra,
        )

    L = T // P
    hi = L + 1 if max_load is None else min(L + 1, max_load)
    build_seconds = time.perf_counter() - started
    solve_seconds = 0.0
    relaxed = False

    def run(model: _Model):
        nonlocal solve_seconds
        out, secs = _solve(model, time_limit=time_limit, lp_first=lp_first)
        solve_seconds += secs
        return out

    outcome = run(build(L, hi, None, False)) if hi >= L else None
    if outcome is None or outcome[0] == "infeasible":
        relaxed = True
        t0 = time.perf_counter()
        spread_model = build(None, None, None, True)
        build_seconds += time.perf_counter() - t0
        first = run(spread_model)
        if first[0] == "infeasible":
            raise NoAssignment(
                [
                    _(
                        "No assignment satisfies every rule together (reviewers per nomination, conflicts, "
                        "panel groups, kept reviews and reviewer capacity), although each nomination passes "
                        "the counting checks on its own."
                    )
                ]
            )
        if first[0] == "none":
            raise NoAssignment(
                [_("The solver stopped before finding an assignment (%(reason)s).") % {"reason": first[3]}]
            )
        values = first[1]
        best_spread = round(values[spread_model.extra["hi"]] - values[spread_model.extra["lo"]])
        t0 = time.perf_counter()
        model = build(None, None, best_spread, False)
        build_seconds += time.perf_counter() - t0
        outcome = run(model)
        if outcome[0] == "infeasible":  # cannot happen: the spread solve found a point
            raise NoAssignment([_("No assignment satisfies every rule together.")])
    if outcome[0] == "none":
        raise NoAssignment(
            [_("The solver stopped before finding an assignment (%(reason)s).") % {"reason": outcome[3]}]
        )
    _kind, values, gap, message, lp_integral = outcome

    chosen = np.round(values[:V]) > 0.5
    pairs = frozenset(
        (pans[i].id, noms[j].id) for i, j in zip(pi[chosen].tolist(), ni[chosen].tolist(), strict=True)
    )
    load = np.bincount(pi[chosen], minlength=P)
    misses = int((~preferred[pi[chosen], ni[chosen]]).sum())
    changes = len(pairs ^ current)
    objective = float(change_weight * changes + misses)
    assert abs(objective - (float(base_c[chosen].sum()) + constant)) < 1e-6
    return Result(
        pairs=pairs,
        per_reviewer={p.id: int(load[i]) for i, p in enumerate(pans)},
        objective=objective,
        gap=gap,
        seconds=solve_seconds,
        changes=changes,
        preference_misses=misses,
        spread=int(load.max() - load.min()) if P else 0,
        relaxed=relaxed,
        lp_integral=lp_integral,
        build_seconds=build_seconds,
        status=message,
        change_weight=change_weight,
    )


def _solve(model: _Model, *, time_limit: float | None, lp_first: bool):
    """Returns ((kind, x, gap, message, lp_integral), seconds); kind is ok / infeasible / none."""
    options: dict = {"mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = time_limit
    constraints = LinearConstraint(model.A, model.lb, model.ub)
    bounds = Bounds(model.x_lb, model.x_ub)
    seconds = 0.0
    if lp_first and model.network:
        # The objective is integral and very degenerate (0/1 costs, many ties): simplex crawls. A
        # seeded random perturbation of each cost by less than 1 / (2·k·N) breaks the ties; it adds
        # less than 0.5 to any solution, so an optimum of the perturbed LP is optimal for the
        # integral objective too. Presolve is skipped: it only costs time on this matrix.
        eps = np.random.default_rng(0).random(len(model.c)) / (2 * max(model.ones, 1))
        t0 = time.perf_counter()
        res = milp(
            model.c + eps,
            constraints=constraints,
            bounds=bounds,
            integrality=np.zeros_like(model.integrality),
            options={**options, "presolve": False},
        )
        seconds += time.perf_counter() - t0
        if res.status == 2:
            # The LP relaxation of a network matrix with integral bounds is infeasible exactly when
            # the 0/1 problem is.
            return ("infeasible", None, None, res.message, True), seconds
        if res.status == 0 and np.all(np.abs(res.x - np.round(res.x)) <= _INTEGRALITY_TOL):
            return ("ok", np.round(res.x), 0.0, res.message, True), seconds
    t0 = time.perf_counter()
    res = milp(
        model.c, constraints=constraints, bounds=bounds, integrality=model.integrality, options=options
    )
    seconds += time.perf_counter() - t0
    if res.status == 2:
        return ("infeasible", None, None, res.message, False), seconds
    if res.x is None:
        return ("none", None, None, res.message, False), seconds
    gap = 0.0 if res.status == 0 else float(res.mip_gap if res.mip_gap is not None else math.inf)
    return ("ok", np.round(res.x), gap, res.message, False), seconds


def _precheck(
    noms: list[Nomination],
    pans: list[Panelist],
    k: int,
    min_groups: int,
    conflicts: set[Pair],
    keep: set[Pair],
    max_load: int | None,
) -> None:
    """Counting checks that explain the usual reasons an assignment cannot exist."""
    reasons: list[str] = []
    cap = k - (min_groups - 1)
    pan_by_id = {p.id: p for p in pans}
    nom_ids = {n.id for n in noms}
    if not pans:
        raise NoAssignment(
            [
                ngettext(
                    "There are no panelists, and %(count)s nomination need reviewers.",
                    "There are no panelists, and %(count)s nominations need reviewers.",
                    len(noms),
                )
                % {"count": len(noms)}
            ]
        )
    if min_groups > k:
        raise NoAssignment(
            [
                _("Reviewers must come from %(groups)s groups but each nomination only gets %(k)s reviewers.")
                % {"groups": min_groups, "k": k}
            ]
        )
    for p_id, n_id in sorted(keep):
        if p_id not in pan_by_id:
            reasons.append(
                _(
                    "Panelist %(panelist)s wrote a review of nomination %(nomination)s that must stay but is not on "
                    "the panel."
                )
                % {"panelist": p_id, "nomination": n_id}
            )
        elif n_id not in nom_ids:
            reasons.append(
                _(
                    "Panelist %(panelist)s wrote a review of nomination %(nomination)s that must stay but the "
                    "nomination is not in the list."
                )
                % {"panelist": p_id, "nomination": n_id}
            )
        elif (p_id, n_id) in conflicts:
            reasons.append(
                _(
                    "Nomination %(nomination)s has a kept review by panelist %(panelist)s, who has a conflict with it."
                )
                % {"panelist": p_id, "nomination": n_id}
            )
    keep_valid = {(p, n) for p, n in keep if p in pan_by_id and n in nom_ids}
    kept_per_nom: dict[int, list[int]] = defaultdict(list)
    for p_id, n_id in keep_valid:
        kept_per_nom[n_id].append(p_id)
    groups_total = {p.group for p in pans}
    for n in noms:
        free = [p for p in pans if (p.id, n.id) not in conflicts]
        if len(free) < k:
            reasons.append(
                ngettext(
                    "Nomination %(nomination)s has only %(count)s panelist without a conflict (needs %(k)s).",
                    "Nomination %(nomination)s has only %(count)s panelists without a conflict (needs %(k)s).",
                    len(free),
                )
                % {"nomination": n.id, "count": len(free), "k": k}
            )
            continue
        by_group = Counter(p.group for p in free)
        if len(by_group) < min_groups:
            reasons.append(
                ngettext(
                    "Nomination %(nomination)s has panelists without a conflict in only %(count)s group "
                    "(needs %(needed)s of the %(total)s panel groups).",
                    "Nomination %(nomination)s has panelists without a conflict in only %(count)s groups "
                    "(needs %(needed)s of the %(total)s panel groups).",
                    len(by_group),
                )
                % {
                    "nomination": n.id,
                    "count": len(by_group),
                    "needed": min_groups,
                    "total": len(groups_total),
                }
            )
            continue
        reachable = sum(min(cap, c) for c in by_group.values())
        if reachable < k:
            reasons.append(
                _(
                    "Nomination %(nomination)s can get at most %(reachable)s reviewers with at most %(cap)s from "
                    "any one group (needs %(k)s)."
                )
                % {"nomination": n.id, "reachable": reachable, "cap": cap, "k": k}
            )
        kept = kept_per_nom.get(n.id, [])
        if len(kept) > k:
            reasons.append(
                _("Nomination %(nomination)s has %(kept)s kept reviews but takes only %(k)s reviewers.")
                % {"nomination": n.id, "kept": len(kept), "k": k}
            )
        kept_groups = Counter(pan_by_id[p].group for p in kept)
        for g, c in sorted(kept_groups.items()):
            if c > cap:
                reasons.append(
                    _(
                        "Nomination %(nomination)s has %(kept)s kept reviews from group %(group)s, more than the "
                        "%(cap)s allowed."
                    )
                    % {"nomination": n.id, "kept": c, "group": g, "cap": cap}
                )
    if max_load is not None:
        free_per_pan = Counter(p for p, n in conflicts if n in nom_ids and p in pan_by_id)
        capacity = sum(min(max_load, len(noms) - free_per_pan[p.id]) for p in pans)
        if capacity < k * len(noms):
            reasons.append(
                _(
                    "The panel can write at most %(capacity)s reviews (%(panelists)s panelists, at most "
                    "%(max_load)s each, conflicts excluded) but %(nominations)s nominations need %(needed)s."
                )
                % {
                    "capacity": capacity,
                    "panelists": len(pans),
                    "max_load": max_load,
                    "nominations": len(noms),
                    "needed": k * len(noms),
                }
            )
        kept_per_pan = Counter(p for p, _ in keep_valid)
        for p_id, c in sorted(kept_per_pan.items()):
            if c > max_load:
                reasons.append(
                    _(
                        "Panelist %(panelist)s has %(kept)s kept reviews, more than the maximum of %(max_load)s."
                    )
                    % {"panelist": p_id, "kept": c, "max_load": max_load}
                )
    if reasons:
        raise NoAssignment(reasons)


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
