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

Around this core: `assignment_inputs` (what the solver is given), `assignment_checks` (the
counting checks and `NoAssignment`), `assignment_solving` (the HiGHS calls) and
`assignment_results` (`Result`, `evaluate`). The names callers use are all importable from here.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

import numpy as np
from django.utils.translation import gettext as _
from scipy import sparse

from .assignment_checks import NoAssignment, precheck
from .assignment_inputs import Nomination, Pair, Panelist
from .assignment_results import Result, evaluate
from .assignment_solving import MilpModel, solve

__all__ = ["NoAssignment", "Nomination", "Panelist", "Result", "assign", "evaluate"]


def assign(  # noqa: C901, PLR0915 - one MILP formulation read with its docstring (decision 0020)
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

    precheck(noms, pans, k, min_groups, conflicts, keep, max_load)

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
    ) -> MilpModel:
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
        return MilpModel(
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

    def run(model: MilpModel):
        nonlocal solve_seconds
        out, secs = solve(model, time_limit=time_limit, lp_first=lp_first)
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
