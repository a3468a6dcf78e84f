"""The conflicted pairs kept with a cycle's standings: who is conflicted with what, read in a few
aggregate queries instead of computing the conflicts afresh (which reads every nomination of the
cycle). Every page's navigation asks what a user's conflicts hide; the deliberation asks who may
vote and decide."""

from __future__ import annotations

from distinguished.nominations import api as nominations

from .conflicts import conflicted_pairs, own_unseated
from .seats import seats_held_by
from .standings import kept_conflicts, standings_of


def pairs_of(state) -> set[tuple[int, int]]:
    """The conflicted (panelist id, nomination id) pairs kept with the cycle's standings."""
    return {(int(panelist), nomination) for panelist, ids in state.conflicted.items() for nomination in ids}


def kept_pairs(cycle) -> set[tuple[int, int]]:
    """The cycle's conflicted (panelist id, nomination id) pairs as kept with its standings,
    recomputed first if anything they rest on changed (`standings_of`): a few aggregate queries,
    where computing them reads every nomination of the cycle (10 s at 10,000 nominations)."""
    return pairs_of(standings_of(cycle))


def is_conflicted_kept(user, nomination) -> bool:
    """`review.api.is_conflicted` on the pairs kept with the standings: a conflict not waived, or,
    without a seat, a nomination the user made or is the nominee of."""
    if (user.pk, nomination.pk) in kept_pairs(nomination.cycle):
        return True
    return bool(own_unseated(user, nomination.cycle, [nomination]))


def hidden_nominations(user) -> set[int]:
    """The nominations a user's panel seats conflict them with, in every cycle they sit on; and for
    a chair or a program admin, their own nominations in the cycles where they hold no seat."""
    hidden = set()
    seats = list(seats_held_by(user).select_related("cycle__program"))
    for seat in seats:
        # The pairs kept with the cycle's standings while nothing they rest on changed: every page's
        # navigation asks this, and computing them reads every nomination of the cycle.
        kept = kept_conflicts(seat.cycle)
        if kept is not None:
            hidden |= set(kept.get(str(user.pk), ()))
        else:
            hidden |= {n for p, n in conflicted_pairs(seat.cycle) if p == user.pk}
    if nominations.is_program_admin(user) or nominations.is_chair(user):
        seated = {seat.cycle_id for seat in seats}
        hidden |= {pk for pk, cycle_id in nominations.own_nominations(user) if cycle_id not in seated}
    return hidden
