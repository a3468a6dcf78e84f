"""Conflicts of interest of the review panel: declared by a panelist (or added by the chair) and
stored, once per panelist and nomination (or contributor); detected from the data — the panelist
is the nominee, its nominator or an endorser, or shares an organization with the nominee — and
computed, never stored; waived by the chair with a reason. What a chair reads of them, and what a
panelist may still declare. Re-exported by review.api.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from .enums import DETECTED, WAIVABLE, ConflictSource
from .models import Conflict, ConflictWaiver


def declare_conflict(*, actor, cycle, reason: str, nomination=None, contributor=None, panelist=None):
    """A panelist declares a conflict with a nomination or a contributor (all their nominations);
    the chair may add one for any panelist. Once per panelist and nomination (or contributor):
    a repeat raises ConflictExists naming the first. An assignment the conflict covers is voided
    in the same transaction (late_conflicts.void_conflicted): its review stops counting. The
    conflict's `voided` lists those assignments' ids."""
    is_chair = actor.has_perm("review.run_panel")
    panelist = panelist or actor
    if panelist != actor and not is_chair:
        raise PermissionDenied(_("Only the chair adds a conflict for another panelist."))
    if panel.seat_of(panelist, cycle) is None and not is_chair:
        raise PermissionDenied(_("Only seated panelists declare conflicts."))
    if nomination is not None and not _may_name(actor, panelist, cycle, nomination):
        raise nominations.Nomination.DoesNotExist(_("No such nomination."))
    errors = {}
    if nomination is None and contributor is None:
        errors["nomination"] = [_("Name the nomination (or the contributor) you have a conflict with.")]
    if nomination is not None and nomination.cycle_id != cycle.pk:
        errors["nomination"] = [_("That nomination belongs to another cycle.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say what the conflict is.")]
    if errors:
        raise ValidationError(errors)
    existing = existing_conflict(cycle, panelist, nomination=nomination, contributor=contributor)
    if existing is not None:
        raise repeated(existing, actor)
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                cycle=cycle,
                panelist=panelist,
                nomination=nomination,
                contributor=contributor,
                source=ConflictSource.DECLARED if panelist == actor else ConflictSource.CHAIR,
                reason=reason.strip(),
                created_by=actor,
            )
            audit.record(
                actor=actor,
                verb="conflict.declared",
                obj=cycle,
                to_state=f"{panelist.get_username()}",
                reason=reason,
            )
            voided = late_conflicts.void_conflicted(cycle=cycle, actor=actor, panelists=[panelist])
    except IntegrityError:
        # The same declaration at the same moment: the database kept the first.
        existing = existing_conflict(cycle, panelist, nomination=nomination, contributor=contributor)
        if existing is None:
            raise
        raise repeated(existing, actor) from None
    forget_hidden(actor, panelist)
    conflict.voided = [assignment.pk for assignment in voided]
    return conflict


def _may_name(actor, panelist, cycle, nomination) -> bool:
    """A declaration names a submitted nomination of this cycle (never a draft, whose very existence
    is private); the chair naming another panelist must be free to see it. Any other id is answered
    as one that does not exist."""
    if nomination.cycle_id != cycle.pk or not nominations.was_submitted(nomination):
        return False
    if panelist == actor:
        return True
    return not is_conflicted(actor, nomination) and actor.has_perm(
        "nominations.panel_view_nomination", nomination
    )


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
    seats = list(panel.seats_of(cycle).select_related("user__contributor"))
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
    result = []
    waivers = {
        (w.panelist_id, w.nomination_id, w.source): w
        for w in ConflictWaiver.objects.filter(nomination__cycle=cycle)
    }
    # Who each nomination could conflict, indexed once: a seat looks up its own nominations
    # instead of walking them all (seats x nominations grew to seconds at 10,000 nominations).
    by_nominee, by_nominator, by_endorser, by_organization = (defaultdict(set) for _ in range(4))
    for index, n in enumerate(items):
        by_nominee[n.nominee_id].add(index)
        by_nominator[n.nominator_id].add(index)
        for endorsement in n.endorsements.all():
            by_endorser[endorsement.endorser_id].add(index)
        by_organization[_organization_of(n.nominee)].add(index)
    by_organization.pop(None, None)
    for seat in seats:
        user, profile = seat.user, seat.user.contributor
        org = _organization_of(profile)
        endorsed = by_endorser.get(user.pk, set())
        endorsed_ids = {items[index].pk for index in endorsed}
        touched = by_nominator.get(user.pk, set()) | endorsed
        if profile is not None:
            touched |= by_nominee.get(profile.pk, set())
        if org is not None:
            touched |= by_organization.get(org, set())
        for n in (items[index] for index in sorted(touched)):
            found = []
            if profile is not None and n.nominee_id == profile.pk:
                found.append((ConflictSource.NOMINEE, f"{user} is the nominee."))
            if n.nominator_id == user.pk:
                found.append((ConflictSource.NOMINATOR, f"{user} nominated {n.nominee}."))
            if n.pk in endorsed_ids:
                found.append((ConflictSource.ENDORSER, f"{user} endorsed this nomination."))
            if (
                org is not None
                and org == _organization_of(n.nominee)
                and not (profile and n.nominee_id == profile.pk)
            ):
                found.append((ConflictSource.ORGANIZATION, f"{user} and {n.nominee} share an organization."))
            for source, reason in found:
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
                        "reason": reason,
                        "waived": waiver is not None,
                        "waivable": source in WAIVABLE,
                        "waiver_reason": waiver.reason if waiver else "",
                        "waiver_id": waiver.pk if waiver else None,
                    }
                )
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


def hidden_nominations(user) -> set[int]:
    """The nominations a user's panel seats conflict them with, in every cycle they sit on; and for
    a chair or a program admin, their own nominations in the cycles where they hold no seat."""
    hidden = set()
    seats = list(panel.seats_held_by(user).select_related("cycle__program"))
    for seat in seats:
        # The pairs kept with the cycle's standings while nothing they rest on changed: every page's
        # navigation asks this, and computing them reads every nomination of the cycle.
        kept = standings.kept_conflicts(seat.cycle)
        if kept is not None:
            hidden |= set(kept.get(str(user.pk), ()))
        else:
            hidden |= {n for p, n in conflicted_pairs(seat.cycle) if p == user.pk}
    if nominations.is_program_admin(user) or nominations.is_chair(user):
        seated = {seat.cycle_id for seat in seats}
        hidden |= {pk for pk, cycle_id in nominations.own_nominations(user) if cycle_id not in seated}
    return hidden


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
    if not own or panel.seat_of(viewer, cycle) is not None:
        return set()
    return own


def is_conflicted(user, nomination) -> bool:
    if (user.pk, nomination.pk) in conflicted_pairs(nomination.cycle):
        return True
    return bool(own_unseated(user, nomination.cycle, [nomination]))


def waive_conflict(*, actor, nomination, panelist, source: str, reason: str) -> ConflictWaiver:
    """The chair judges a detected conflict harmless, with a reason; nothing disappears silently."""
    if not actor.has_perm("review.run_panel"):
        raise PermissionDenied(_("Only the chair waives a conflict."))
    # A nomination the chair may not see (a draft, or one a conflict hides) does not exist for them.
    if is_conflicted(actor, nomination) or not actor.has_perm(
        "nominations.panel_view_nomination", nomination
    ):
        raise ConflictWaiver.DoesNotExist(
            _("No such nomination, or a conflict of interest hides it from you.")
        )
    errors = {}
    if source == ConflictSource.NOMINEE:
        errors["source"] = [_("Nobody judges their own nomination: the nominee's conflict cannot be waived.")]
    elif source not in DETECTED:
        errors["source"] = [_("Only detected conflicts are waived; withdraw a declared one instead.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the conflict does not matter; it is kept in the audit trail.")]
    already = ConflictWaiver.objects.filter(nomination=nomination, panelist=panelist, source=source).first()
    if already is not None:
        errors["source"] = [_already_waived(already)]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            waiver = _record_waiver(actor, nomination, panelist, source, reason)
    except IntegrityError:
        # A concurrent request waived the same conflict first.
        already = ConflictWaiver.objects.get(nomination=nomination, panelist=panelist, source=source)
        raise ValidationError({"source": [_already_waived(already)]}) from None
    forget_hidden(actor, panelist)
    return waiver


def _already_waived(waiver: ConflictWaiver) -> str:
    return _("This conflict was already waived on %(day)s; withdraw that waiver to change it.") % {
        "day": f"{waiver.created:%d %B %Y}"
    }


def _record_waiver(actor, nomination, panelist, source: str, reason: str) -> ConflictWaiver:
    waiver = ConflictWaiver.objects.create(
        nomination=nomination, panelist=panelist, source=source, reason=reason.strip(), waived_by=actor
    )
    # Filed under the waiver: the nomination's history is read by its nominee.
    audit.record(
        actor=actor,
        verb="conflict.waived",
        obj=waiver,
        from_state=source,
        to_state=panelist.get_username(),
        reason=reason,
        data={"nomination": nomination.pk},
    )
    return waiver


# --- Repeats, and what a chair reads -------------------------------------------------------------


class ConflictExists(Exception):
    """The same conflict is declared already; `existing` is that row (the API answers 409)."""

    def __init__(self, existing: Conflict, message: str):
        super().__init__(message)
        self.existing = existing
        self.message = message


def existing_conflict(cycle, panelist, *, nomination=None, contributor=None) -> Conflict | None:
    """The stored conflict a new declaration would repeat (one per panelist and nomination, one
    per panelist and contributor in a cycle)."""
    rows = Conflict.objects.filter(panelist=panelist).select_related("nomination__nominee", "contributor")
    if nomination is not None:
        found = rows.filter(nomination=nomination).first()
        if found is not None:
            return found
    if contributor is not None:
        return rows.filter(cycle=cycle, contributor=contributor).first()
    return None


def repeated(existing: Conflict, actor) -> ConflictExists:
    on = program.human(timezone.localdate(existing.created))
    mine = existing.panelist_id == actor.pk
    if existing.nomination_id:
        words = (
            _("You have declared a conflict with the nomination of %(nominee)s already, on %(day)s.")
            if mine
            else _(
                "%(panelist)s has declared a conflict with the nomination of %(nominee)s already, on %(day)s."
            )
        )
    else:
        words = (
            _(
                "You have declared a conflict with %(contributor)s (all their nominations) already, on %(day)s."
            )
            if mine
            else _(
                "%(panelist)s has declared a conflict with %(contributor)s (all their nominations) already, "
                "on %(day)s."
            )
        )
    return ConflictExists(
        existing,
        words
        % {
            "panelist": existing.panelist,
            "nominee": existing.nomination.nominee if existing.nomination_id else "",
            "contributor": existing.contributor,
            "day": on,
        },
    )


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


# review.api re-exports this module and provides the seats it reads; late_conflicts voids what a new
# conflict covers. Importing them last lets any of the three modules be imported first.
from . import api as panel  # noqa: E402
from . import late_conflicts, standings  # noqa: E402
