"""Why no assignment can exist, in sentences a coordinator can act on: `NoAssignment`, and the
counting checks (`precheck`) run before the solver for the usual reasons (too few panelists without
a conflict, too few panel groups, kept reviews over a limit, not enough capacity)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .assignment_inputs import Nomination, Pair, Panelist


class NoAssignment(Exception):
    """No assignment satisfies the rules. ``reasons`` holds human sentences."""

    def __init__(self, reasons: Sequence[str]):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


def precheck(
    noms: list[Nomination],
    pans: list[Panelist],
    k: int,
    min_groups: int,
    conflicts: set[Pair],
    keep: set[Pair],
    max_load: int | None,
) -> None:
    """Counting checks that explain the usual reasons an assignment cannot exist."""
    _require_panel(noms, pans, k, min_groups)
    pan_by_id = {p.id: p for p in pans}
    nom_ids = {n.id for n in noms}
    reasons = _kept_review_problems(keep, pan_by_id, nom_ids, conflicts)
    keep_valid = {(p, n) for p, n in keep if p in pan_by_id and n in nom_ids}
    kept_per_nom = _kept_per_nomination(keep_valid)
    for n in noms:
        reasons += _nomination_problems(
            n, pans, k, min_groups, conflicts, kept_per_nom.get(n.id, []), pan_by_id
        )
    if max_load is not None:
        reasons += _load_problems(noms, pans, k, conflicts, keep_valid, max_load, pan_by_id, nom_ids)
    if reasons:
        raise NoAssignment(reasons)


def _require_panel(noms: list[Nomination], pans: list[Panelist], k: int, min_groups: int) -> None:
    """NoAssignment at once for a panel that cannot start: no panelists, or more groups asked of
    each nomination than it gets reviewers."""
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


def _kept_per_nomination(keep_valid: set[Pair]) -> dict[int, list[int]]:
    """{nomination id: the panelists whose kept reviews of it stay}."""
    kept_per_nom: dict[int, list[int]] = defaultdict(list)
    for p_id, n_id in keep_valid:
        kept_per_nom[n_id].append(p_id)
    return kept_per_nom


def _kept_review_problems(
    keep: set[Pair], pan_by_id: dict, nom_ids: set[int], conflicts: set[Pair]
) -> list[str]:
    """Reviews that must stay but cannot: their panelist or nomination is gone, or conflicted."""
    reasons = []
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
    return reasons


def _nomination_problems(
    n: Nomination,
    pans: list[Panelist],
    k: int,
    min_groups: int,
    conflicts: set[Pair],
    kept: list[int],
    pan_by_id: dict,
) -> list[str]:
    """Why one nomination cannot get `k` reviewers from `min_groups` groups, its kept ones included."""
    cap = k - (min_groups - 1)
    free = [p for p in pans if (p.id, n.id) not in conflicts]
    by_group = Counter(p.group for p in free)
    too_few = _too_few_reviewers(n, pans, k, min_groups, free, by_group)
    if too_few:
        return too_few
    reasons = []
    reachable = sum(min(cap, c) for c in by_group.values())
    if reachable < k:
        reasons.append(
            _(
                "Nomination %(nomination)s can get at most %(reachable)s reviewers with at most %(cap)s from "
                "any one group (needs %(k)s)."
            )
            % {"nomination": n.id, "reachable": reachable, "cap": cap, "k": k}
        )
    return reasons + _kept_problems(n, k, cap, kept, pan_by_id)


def _too_few_reviewers(
    n: Nomination, pans: list[Panelist], k: int, min_groups: int, free: list[Panelist], by_group: Counter
) -> list[str]:
    """Why the panelists without a conflict cannot review the nomination at all: fewer than `k` of
    them, or in fewer than `min_groups` groups; [] when they can."""
    if len(free) < k:
        return [
            ngettext(
                "Nomination %(nomination)s has only %(count)s panelist without a conflict (needs %(k)s).",
                "Nomination %(nomination)s has only %(count)s panelists without a conflict (needs %(k)s).",
                len(free),
            )
            % {"nomination": n.id, "count": len(free), "k": k}
        ]
    if len(by_group) < min_groups:
        return [
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
                "total": len({p.group for p in pans}),
            }
        ]
    return []


def _kept_problems(n: Nomination, k: int, cap: int, kept: list[int], pan_by_id: dict) -> list[str]:
    """Why the nomination's kept reviews break the rules: more of them than `k`, or more than `cap`
    from one group."""
    reasons = []
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
    return reasons


def _load_problems(noms, pans, k: int, conflicts, keep_valid, max_load: int, pan_by_id, nom_ids) -> list[str]:
    """Why the panel cannot write every review with at most `max_load` each."""
    reasons = []
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
    kept_per_pan = Counter(p for p, _n in keep_valid)
    for p_id, c in sorted(kept_per_pan.items()):
        if c > max_load:
            reasons.append(
                _("Panelist %(panelist)s has %(kept)s kept reviews, more than the maximum of %(max_load)s.")
                % {"panelist": p_id, "kept": c, "max_load": max_load}
            )
    return reasons
