"""Reviewer assignment (distinguished.review.assignment): a pure MILP module, no database.

The oracle used below (`_flow_feasible`) is written independently of the module: a dense LP of the
same flow network solved with `scipy.optimize.linprog`. The matrix is totally unimodular (two
laminar families of rows), so LP feasibility is integer feasibility.
"""

from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from distinguished.review.assignment import NoAssignment, Nomination, Panelist, assign

GROUPS = ["toc", "axim", "core", "partners"]
TRACKS = ["engineer", "advocate", "innovator", "partner"]

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(draw, max_noms=12, max_pans=10, conflict_rate=None):
    n_pans = draw(st.integers(3, max_pans))
    n_groups = draw(st.integers(2, 4))
    pans = [
        Panelist(
            id=100 + i,
            group=GROUPS[draw(st.integers(0, n_groups - 1))] if i >= n_groups else GROUPS[i],
            tracks=frozenset(draw(st.sets(st.sampled_from(TRACKS), max_size=2))),
        )
        for i in range(n_pans)
    ]
    noms = [
        Nomination(id=i, track=draw(st.sampled_from(TRACKS))) for i in range(draw(st.integers(1, max_noms)))
    ]
    k = draw(st.integers(1, 3))
    min_groups = draw(st.integers(1, min(k, 2)))
    rate = draw(st.sampled_from([0.0, 0.1, 0.3])) if conflict_rate is None else conflict_rate
    rnd = draw(st.randoms(use_true_random=False))
    conflicts = {(p.id, n.id) for p in pans for n in noms if rnd.random() < rate}
    return noms, pans, k, min_groups, conflicts


def check_rules(result, noms, pans, k, min_groups, conflicts, keep=frozenset()):
    cap = k - (min_groups - 1)
    group = {p.id: p.group for p in pans}
    by_nom = Counter(n for _, n in result.pairs)
    assert {p for p, _ in result.pairs} <= set(group)
    assert by_nom == {n.id: k for n in noms}
    assert not (result.pairs & set(conflicts))
    for n in noms:
        groups = Counter(group[p] for p, m in result.pairs if m == n.id)
        assert max(groups.values()) <= cap
        assert len(groups) >= min_groups
    assert set(keep) <= result.pairs
    loads = Counter(p for p, _ in result.pairs)
    assert result.per_reviewer == {p.id: loads.get(p.id, 0) for p in pans}
    assert result.spread == max(result.per_reviewer.values()) - min(result.per_reviewer.values())
    assert result.gap == 0.0


def _flow_feasible(noms, pans, k, min_groups, conflicts, keep=frozenset(), lo=None, hi=None):
    """Is there an assignment with every load in [lo, hi]? (independent dense LP)"""
    cap = k - (min_groups - 1)
    cols = [(i, j) for i, p in enumerate(pans) for j, n in enumerate(noms) if (p.id, n.id) not in conflicts]
    if not cols:
        return False
    groups = sorted({p.group for p in pans})
    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for j in range(len(noms)):
        a_eq.append([1.0 if jj == j else 0.0 for _, jj in cols])
        b_eq.append(k)
        for g in groups:
            a_ub.append([1.0 if jj == j and pans[i].group == g else 0.0 for i, jj in cols])
            b_ub.append(cap)
    if lo is not None:
        for i in range(len(pans)):
            row = [1.0 if ii == i else 0.0 for ii, _ in cols]
            a_ub.append(row)
            b_ub.append(hi)
            a_ub.append([-v for v in row])
            b_ub.append(-lo)
    keep_idx = {(pans[i].id, noms[j].id) for i, j in cols} & set(keep)
    bounds = [(1 if (pans[i].id, noms[j].id) in keep_idx else 0, 1) for i, j in cols]
    res = linprog(
        np.zeros(len(cols)),
        A_ub=a_ub or None,
        b_ub=b_ub or None,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
    )
    return res.status == 0


def _min_spread(noms, pans, k, min_groups, conflicts, keep=frozenset()):
    total = k * len(noms)
    for spread in range(total + 1):
        for lo in range(total // len(pans) + 1):
            if _flow_feasible(noms, pans, k, min_groups, conflicts, keep, lo, lo + spread):
                return spread
    return None


@FAST
@given(instances())
def test_every_solution_satisfies_every_rule(inst):
    noms, pans, k, min_groups, conflicts = inst
    try:
        result = assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts)
    except NoAssignment as exc:
        assert exc.reasons
        assert not _flow_feasible(noms, pans, k, min_groups, conflicts)
        return
    check_rules(result, noms, pans, k, min_groups, conflicts)
    total = k * len(noms)
    band = _flow_feasible(
        noms, pans, k, min_groups, conflicts, lo=total // len(pans), hi=total // len(pans) + 1
    )
    assert (result.spread <= 1) == band
    assert result.relaxed == (not band)
    if not band:
        assert result.spread == _min_spread(noms, pans, k, min_groups, conflicts)


@FAST
@given(instances(max_noms=8, max_pans=7))
def test_lp_shortcut_and_branch_and_bound_agree(inst):
    noms, pans, k, min_groups, conflicts = inst
    try:
        fast = assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts)
    except NoAssignment:
        with pytest.raises(NoAssignment):
            assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts, lp_first=False)
        return
    slow = assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts, lp_first=False)
    check_rules(slow, noms, pans, k, min_groups, conflicts)
    assert (fast.objective, fast.spread) == (slow.objective, slow.spread)


@FAST
@given(instances(), st.data())
def test_kept_reviews_stay(inst, data):
    noms, pans, k, min_groups, conflicts = inst
    try:
        first = assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts)
    except NoAssignment:
        return
    keep = data.draw(st.sets(st.sampled_from(sorted(first.pairs)), max_size=6))
    # Shuffle the preferences so the optimum moves, then re-run with the kept reviews.
    moved = [Panelist(p.id, p.group, frozenset(TRACKS) - p.tracks) for p in pans]
    result = assign(noms, moved, k=k, min_groups=min_groups, conflicts=conflicts, keep=keep)
    check_rules(result, noms, moved, k, min_groups, conflicts, keep)


@FAST
@given(instances(conflict_rate=0.0), st.data())
def test_infeasible_nomination_is_named(inst, data):
    noms, pans, k, min_groups, _ = inst
    victim = data.draw(st.sampled_from(noms))
    allowed = data.draw(st.sets(st.sampled_from([p.id for p in pans]), max_size=k - 1))
    conflicts = {(p.id, victim.id) for p in pans if p.id not in allowed}
    with pytest.raises(NoAssignment) as exc:
        assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts)
    assert any(f"Nomination {victim.id} has only {len(allowed)} panelist" in r for r in exc.value.reasons)


def test_single_group_left_is_reported():
    pans = [Panelist(1, "toc", frozenset()), Panelist(2, "toc", frozenset()), Panelist(3, "toc", frozenset())]
    pans.append(Panelist(4, "axim", frozenset()))
    noms = [Nomination(12, "engineer")]
    with pytest.raises(NoAssignment) as exc:
        assign(noms, pans, k=3, min_groups=2, conflicts={(4, 12)})
    assert exc.value.reasons == [
        "Nomination 12 has panelists without a conflict in only 1 group (needs 2 of the 2 panel groups)."
    ]


def test_reasons_sentence_for_too_few_panelists():
    pans = [Panelist(i, "toc" if i % 2 else "axim", frozenset()) for i in range(1, 5)]
    with pytest.raises(NoAssignment) as exc:
        assign([Nomination(12, "engineer")], pans, k=3, conflicts={(1, 12), (2, 12)})
    assert exc.value.reasons == ["Nomination 12 has only 2 panelists without a conflict (needs 3)."]


def test_capacity_reason():
    pans = [Panelist(i, "toc" if i % 2 else "axim", frozenset()) for i in range(1, 5)]
    noms = [Nomination(i, "engineer") for i in range(3)]
    with pytest.raises(NoAssignment) as exc:
        assign(noms, pans, k=3, max_load=2)
    assert "can write at most 8 reviews" in str(exc.value)


def test_preferences_are_honoured_when_free():
    pans = [
        Panelist(1, "toc", frozenset({"engineer"})),
        Panelist(2, "toc", frozenset({"advocate"})),
        Panelist(3, "axim", frozenset({"engineer"})),
        Panelist(4, "axim", frozenset({"advocate"})),
    ]
    noms = [Nomination(10, "advocate"), Nomination(11, "engineer")]
    result = assign(noms, pans, k=2, min_groups=2)
    assert result.pairs == {(2, 10), (4, 10), (1, 11), (3, 11)}
    assert result.objective == 0 and result.preference_misses == 0 and result.spread == 0


def test_balance_beats_preferences():
    # Everyone prefers engineer; there is one engineer and one advocate nomination, k = 2, four
    # panelists: balance forces two reviewers onto the advocate nomination (2 misses).
    pans = [Panelist(i, "toc" if i < 3 else "axim", frozenset({"engineer"})) for i in range(1, 5)]
    noms = [Nomination(10, "advocate"), Nomination(11, "engineer")]
    result = assign(noms, pans, k=2)
    assert result.spread == 0 and result.preference_misses == 2


def test_min_groups_beyond_capacity_uses_indicators():
    # k = 4, min_groups = 3: capacity 2 per group alone would allow 2 + 2 from two groups.
    pans = [
        Panelist(i, g, frozenset({"engineer"} if g != "core" else set()))
        for i, g in enumerate(["toc"] * 3 + ["axim"] * 3 + ["core"] * 2)
    ]
    noms = [Nomination(j, "engineer") for j in range(4)]
    result = assign(noms, pans, k=4, min_groups=3)
    check_rules(result, noms, pans, 4, 3, set())


def test_rerun_without_changes_is_stable():
    pans = [Panelist(i, GROUPS[i % 3], frozenset({TRACKS[i % 4]})) for i in range(9)]
    noms = [Nomination(j, TRACKS[j % 4]) for j in range(10)]
    first = assign(noms, pans)
    again = assign(noms, pans, current=first.pairs)
    assert again.pairs == first.pairs and again.changes == 0


def test_removed_panelist_only_moves_their_pairs():
    pans = [Panelist(i, GROUPS[i % 3], frozenset({TRACKS[i % 4]})) for i in range(9)]
    noms = [Nomination(j, TRACKS[j % 4]) for j in range(12)]
    first = assign(noms, pans)
    gone = pans[4]
    theirs = {pair for pair in first.pairs if pair[0] == gone.id}
    result = assign(noms, [p for p in pans if p != gone], current=first.pairs)
    assert first.pairs - result.pairs == theirs
    assert result.changes == 2 * len(theirs)


@FAST
@given(instances(conflict_rate=0.1), st.data())
def test_removed_panelist_changes_the_minimum(inst, data):
    noms, pans, k, min_groups, conflicts = inst
    try:
        first = assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts)
    except NoAssignment:
        return
    gone = data.draw(st.sampled_from(pans))
    rest = [p for p in pans if p != gone]
    assume(len(rest) >= k)
    theirs = {pair for pair in first.pairs if pair[0] == gone.id}
    try:
        result = assign(noms, rest, k=k, min_groups=min_groups, conflicts=conflicts, current=first.pairs)
    except NoAssignment:
        return
    check_rules(result, noms, rest, k, min_groups, conflicts)
    # Lower bound: each of the removed panelist's pairs is dropped and must be replaced.
    assert result.changes >= 2 * len(theirs)
    # The bound is reachable exactly when every other pair can stay at the same balance.
    surviving = first.pairs - theirs
    try:
        direct = assign(noms, rest, k=k, min_groups=min_groups, conflicts=conflicts, keep=surviving)
    except NoAssignment:
        direct = None
    if direct is not None and direct.spread == result.spread:
        assert result.changes == 2 * len(theirs)
        assert first.pairs - result.pairs == theirs
    else:
        assert result.changes > 2 * len(theirs)


@FAST
@given(instances(conflict_rate=0.1), st.sampled_from(TRACKS))
def test_added_nomination_changes_the_minimum(inst, track):
    noms, pans, k, min_groups, conflicts = inst
    try:
        first = assign(noms, pans, k=k, min_groups=min_groups, conflicts=conflicts)
    except NoAssignment:
        return
    late = [*noms, Nomination(999, track)]
    try:
        result = assign(late, pans, k=k, min_groups=min_groups, conflicts=conflicts, current=first.pairs)
    except NoAssignment:
        return
    check_rules(result, late, pans, k, min_groups, conflicts)
    assert result.changes >= k
    try:
        direct = assign(late, pans, k=k, min_groups=min_groups, conflicts=conflicts, keep=first.pairs)
    except NoAssignment:
        direct = None
    if direct is not None and direct.spread == result.spread:
        assert result.changes == k
        assert first.pairs <= result.pairs
    else:
        assert result.changes > k
