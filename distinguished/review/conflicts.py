"""Conflicts of interest of the review panel, as read: declared by a panelist (or added by the chair)
and stored, once per panelist and nomination (or contributor); detected from the data — the
panelist is the nominee, its nominator or an endorser, or shares an organization with the nominee —
and computed, never stored; waived by the chair with a reason. Who is conflicted with what, what a
chair reads of them, and what a panelist may still declare. Declaring is declarations.py, waiving
waivers.py, what a new conflict voids late_conflicts.py.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy

from distinguished.nominations import api as nominations

from .enums import WAIVABLE, ConflictSource
from .models import Conflict, ConflictWaiver
from .seats import seat_of, seats_of


def forget_hidden(*users) -> None:
    """Drop the per-request cache of hidden nominations after conflicts changed."""
    for user in users:
        if hasattr(user, "_hidden_nominations"):
            del user._hidden_nominations


def _organization_of(contributor) -> int | None:
    if contributor is None:
        return None
    return contributor.pk if contributor.is_organization else contributor.organization_id


def conflicts_of(cycle, *, include_waived: bool = True, items=None) -> list[dict]:
    """Every conflict of the cycle's panel: declared and chair-added ones, and the detected ones —
    the panelist is the nominee, its nominator or an endorser, or shares an organization with the
    nominee. [{panelist, nomination, contributor, source, reason, waived}]. Fixed query count.
    `items`: the cycle's nominations_for_review when the caller has loaded them already; otherwise
    only the few the seats and the declared conflicts touch are read, whatever the cycle's size."""
    seats = list(seats_of(cycle).select_related("user__contributor"))
    declared = list(
        Conflict.objects.filter(cycle=cycle).select_related(
            "panelist", "contributor", "nomination__nominee", "nomination__track"
        )
    )
    if items is None:
        profiles = {seat.user.contributor for seat in seats} - {None}
        contributors = {p.pk for p in profiles} | {_organization_of(p) for p in profiles}
        contributors |= {c.contributor_id for c in declared if c.contributor_id}
        items = list(
            nominations.nominations_for_review_touching(
                cycle, users=[seat.user_id for seat in seats], contributors=contributors - {None}
            )
        )
    waivers = {
        (w.panelist_id, w.nomination_id, w.source): w
        for w in ConflictWaiver.objects.filter(nomination__cycle=cycle)
    }
    return _detected(seats, items, waivers, include_waived) + _declared(declared, items)


# What a detected conflict is, worded when read (the chair's page, the export) in the reader's language.
_DETECTED_REASONS = {
    ConflictSource.NOMINEE: gettext_lazy("%(panelist)s is the nominee."),
    ConflictSource.NOMINATOR: gettext_lazy("%(panelist)s nominated %(nominee)s."),
    ConflictSource.ENDORSER: gettext_lazy("%(panelist)s endorsed this nomination."),
    ConflictSource.ORGANIZATION: gettext_lazy("%(panelist)s and %(nominee)s share an organization."),
}


class _Touching:
    """Who each nomination could conflict, indexed once: a seat looks up its own nominations
    instead of walking them all (seats x nominations grew to seconds at 10,000 nominations)."""

    def __init__(self, items):
        self.nominee, self.nominator, self.endorser, self.organization = (defaultdict(set) for _ in range(4))
        for index, n in enumerate(items):
            self.nominee[n.nominee_id].add(index)
            self.nominator[n.nominator_id].add(index)
            for endorsement in n.endorsements.all():
                self.endorser[endorsement.endorser_id].add(index)
            self.organization[_organization_of(n.nominee)].add(index)
        self.organization.pop(None, None)

    def of(self, user, profile, org) -> tuple[set[int], set[int]]:
        """(the indexes of the nominations the seat may conflict with, those it endorsed)."""
        endorsed = self.endorser.get(user.pk, set())
        touched = self.nominator.get(user.pk, set()) | endorsed
        if profile is not None:
            touched |= self.nominee.get(profile.pk, set())
        if org is not None:
            touched |= self.organization.get(org, set())
        return touched, endorsed


def _sources(user, profile, org, n, endorsed: bool) -> list[str]:
    """The detected conflicts of one panelist with one nomination."""
    found = []
    if profile is not None and n.nominee_id == profile.pk:
        found.append(ConflictSource.NOMINEE)
    if n.nominator_id == user.pk:
        found.append(ConflictSource.NOMINATOR)
    if endorsed:
        found.append(ConflictSource.ENDORSER)
    if (
        org is not None
        and org == _organization_of(n.nominee)
        and not (profile and n.nominee_id == profile.pk)
    ):
        found.append(ConflictSource.ORGANIZATION)
    return found


def _detected(seats, items, waivers, include_waived: bool) -> list[dict]:
    result = []
    touching = _Touching(items)
    for seat in seats:
        user, profile = seat.user, seat.user.contributor
        org = _organization_of(profile)
        touched, endorsed = touching.of(user, profile, org)
        endorsed_ids = {items[index].pk for index in endorsed}
        for n in (items[index] for index in sorted(touched)):
            for source in _sources(user, profile, org, n, n.pk in endorsed_ids):
                # A waiver of the nominee's own conflict (refused now, possible before) counts for nothing.
                waiver = waivers.get((user.pk, n.pk, source)) if source in WAIVABLE else None
                if waiver is not None and not include_waived:
                    continue
                result.append(
                    {
                        "panelist": user,
                        "nomination": n,
                        "contributor": None,
                        "source": source,
                        "reason": _DETECTED_REASONS[source] % {"panelist": user, "nominee": n.nominee},
                        "waived": waiver is not None,
                        "waivable": source in WAIVABLE,
                        "waiver_reason": waiver.reason if waiver else "",
                        "waiver_id": waiver.pk if waiver else None,
                    }
                )
    return result


def _declared(declared, items) -> list[dict]:
    result = []
    by_contributor = defaultdict(list)
    for n in items:
        by_contributor[n.nominee_id].append(n)
        if n.nominee.organization_id:
            by_contributor[n.nominee.organization_id].append(n)
    for conflict in declared:
        targets = (
            [conflict.nomination]
            if conflict.nomination_id
            else by_contributor.get(conflict.contributor_id, [])
        )
        for n in targets:
            result.append(
                {
                    "panelist": conflict.panelist,
                    "nomination": n,
                    "contributor": conflict.contributor,
                    "source": conflict.source,
                    "reason": conflict.reason,
                    "waived": False,
                    "waivable": False,
                    "waiver_reason": "",
                    "waiver_id": None,
                    "id": conflict.pk,
                }
            )
    return result


def conflicted_pairs(cycle, *, items=None) -> set[tuple[int, int]]:
    """(panelist id, nomination id) pairs that must never meet: every conflict not waived."""
    return {
        (c["panelist"].pk, c["nomination"].pk) for c in conflicts_of(cycle, include_waived=False, items=items)
    }


# Nobody judges their own nomination, seat or no seat. A seated panelist who made a nomination or is
# its nominee has a detected conflict with it (the chair may waive a nominator's, never a nominee's).
# A chair or a program admin with no seat on the cycle's panel has no seat to detect it from: their
# own nominations there are hidden from their panel role all the same, and no waiver lifts that.


def is_party(user, nomination) -> bool:
    """The user made the nomination or is its nominee."""
    return bool(nominations.is_nominator(user, nomination) or nominations.is_nominee(user, nomination))


def own_unseated(viewer, cycle, items) -> set[int]:
    """The ids of `items` (the cycle's nominations) the viewer made or is the nominee of, if the
    viewer holds no seat on the cycle's panel (a seat's detected conflicts decide otherwise). A
    query only when there is such a nomination."""
    own = {item.pk for item in items if is_party(viewer, item)}
    if not own or seat_of(viewer, cycle) is not None:
        return set()
    return own


def is_conflicted(user, nomination) -> bool:
    if (user.pk, nomination.pk) in conflicted_pairs(nomination.cycle):
        return True
    return bool(own_unseated(user, nomination.cycle, [nomination]))


# --- What a chair sees -----------------------------------------------------------------------------


def hidden_in(rows, viewer) -> set[int]:
    """The nominations of `conflicts_of` rows that conflict `viewer` (not waived), and those the
    viewer made or is the nominee of where no row of theirs decides (they hold no seat)."""
    theirs = {row["nomination"].pk for row in rows if row["panelist"].pk == viewer.pk}
    return {
        row["nomination"].pk
        for row in rows
        if (row["panelist"].pk == viewer.pk and not row["waived"])
        or (row["nomination"].pk not in theirs and is_party(viewer, row["nomination"]))
    }


def conflicts_seen_by(cycle, viewer, *, rows=None) -> dict:
    """The cycle's conflicts the viewer may read: none about a nomination the viewer is conflicted
    with (reasons included). {rows, handled_elsewhere: nominations an admin or a co-chair handles,
    hidden: their ids}. `rows`: conflicts_of(cycle) when the caller has it already."""
    rows = conflicts_of(cycle) if rows is None else rows
    hidden = hidden_in(rows, viewer)
    by_id = {row["nomination"].pk: row["nomination"] for row in rows if row["nomination"].pk in hidden}
    return {
        "rows": [row for row in rows if row["nomination"].pk not in hidden],
        "handled_elsewhere": sorted(by_id.values(), key=lambda n: n.pk),
        "hidden": hidden,
    }


def declarable_nominations(cycle, user, q: str, *, rows=None, limit: int = 20) -> list:
    """At most `limit` of the cycle's reviewable nominations matching `q` (a number, or words of the
    nominee's name) that `user` may act on from the panel page — declare a conflict with, or as the
    chair assign by hand: never one they are conflicted with already (declared or detected, unless
    waived), nor, without a seat, one they made or are the nominee of. A few queries at any size."""
    conflicted = hidden_in(conflicts_of(cycle) if rows is None else rows, user)
    found = nominations.find_for_review(cycle, q, exclude=conflicted, limit=limit)
    own = own_unseated(user, cycle, found)
    return [n for n in found if n.pk not in own]
