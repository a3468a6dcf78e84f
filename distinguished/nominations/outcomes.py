"""After deliberation: the decided list of a cycle, its approval, the awards, and the carrying of
deferred nominations to a later cycle's screening.

`selected → approved → awarded` and the carrying of a `deferred` nomination are the transitions
here; the cohorts app calls them (through `nominations.api`) when the approver signs the list off
and when an admin announces the cohort. Each is audited; the caller checks who acts.
"""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError

from . import moves
from .enums import DECIDED_STATES, UNDECIDED_STATES, State
from .models import Endorsement, Evidence, Nomination

__all__ = [
    "DECIDED_STATES",
    "UNDECIDED_STATES",
    "approve_selected",
    "approved_of",
    "award",
    "carry",
    "decided_list",
    "decided_outline",
    "deferred_to_carry",
    "undecided_by_track",
]


def _base():
    return Nomination.objects.select_related("cycle", "track", "nominee__user", "nominator", "decided_by")


def decided_list(cycle):
    """The cycle's decided nominations (selected, declined, deferred, approved, awarded), by track
    and nominee, with nominee, nominator and decider loaded."""
    return (
        _base()
        .filter(cycle=cycle, state__in=DECIDED_STATES)
        .order_by("track__position", "nominee__name", "id")
    )


def decided_outline(cycle) -> list[Nomination]:
    """The cycle's decided nominations with only what orders the final list and decides who may
    read each (state, submission, track, the nominee's name, the parties' ids) and their cycle:
    no texts, no parties loaded. A page of the list reads its own rows with `decided_list`."""
    outline = list(
        Nomination.objects.filter(cycle=cycle, state__in=DECIDED_STATES)
        .select_related("track", "nominee")
        .only(*OUTLINE_FIELDS)
        .order_by("track__position", "nominee__name", "id")
    )
    for nomination in outline:
        nomination.cycle = cycle
    return outline


OUTLINE_FIELDS = (
    "id",
    "cycle_id",
    "state",
    "submitted",
    "decided",
    "decision_announced",
    "nominator_id",
    "nominee__name",
    "nominee__kind",
    "track__code",
    "track__name",
    "track__position",
)


def undecided_by_track(cycle) -> dict[str, int]:
    """Track name → how many of the cycle's eligible nominations are not decided yet."""
    counts = Counter(
        Nomination.objects.filter(cycle=cycle, state__in=UNDECIDED_STATES)
        .order_by("track__position")
        .values_list("track__name", flat=True)
    )
    return dict(counts)


def approve_selected(*, actor, cycle) -> list[Nomination]:
    """selected → approved for every selected nomination of the cycle (the approver's sign-off);
    audited one by one. Call inside the sign-off's transaction."""
    approved = []
    with transaction.atomic():
        for nomination in _base().filter(pk__in=_locked(cycle, State.SELECTED)).order_by("id"):
            approved.append(
                moves.move(actor=actor, nomination=nomination, to=State.APPROVED, verb="nomination.approved")
            )
    return approved


def approved_of(cycle) -> list[Nomination]:
    """The cycle's approved nominations, locked for the announcement that awards them."""
    return list(
        _base()
        .filter(pk__in=_locked(cycle, State.APPROVED))
        .order_by("track__position", "nominee__name", "id")
    )


def _locked(cycle, state) -> list[int]:
    # Lock the rows alone: FOR UPDATE OF (needed beside outer joins) is missing on MariaDB.
    return list(
        Nomination.objects.select_for_update().filter(cycle=cycle, state=state).values_list("pk", flat=True)
    )


def award(*, actor, nomination: Nomination, membership) -> Nomination:
    """approved → awarded: the nominee's membership exists (announcement); audited."""
    if nomination.state != State.APPROVED:
        raise TransitionError(
            _("This nomination is %(state)s; only an approved one is awarded.")
            % {"state": nomination.get_state_display().lower()}
        )
    return moves.move(
        actor=actor,
        nomination=nomination,
        to=State.AWARDED,
        verb="nomination.awarded",
        data={"membership": membership.pk},
    )


def deferred_to_carry(cycle_ids) -> list[Nomination]:
    """Deferred nominations of these cycles not carried to a later cycle yet."""
    return list(
        _base()
        .filter(cycle_id__in=list(cycle_ids), state=State.DEFERRED, carried_to__isnull=True)
        .order_by("cycle__nominations_open", "id")
    )


def carry(*, actor, nomination: Nomination, to_cycle) -> Nomination | None:
    """Carry a deferred nomination to `to_cycle`'s screening: a new nomination there, submitted,
    with the statement, evidence and endorsements copied and `carried_from` set; returns it.

    When the nominee already has a live nomination for the track in that cycle, that one is
    linked (`carried_from`) instead, nothing copied, and returned. Idempotent: returns None, and
    does nothing, when the nomination was carried already (`carried_from` is one-to-one, so two
    concurrent runs carry it once) or its track is not part of that cycle's program."""
    if nomination.state != State.DEFERRED:
        raise TransitionError(
            _("This nomination is %(state)s; only a deferred one is carried.")
            % {"state": nomination.get_state_display().lower()}
        )
    if nomination.track.program_id != to_cycle.program_id:
        return None
    if Nomination.objects.filter(carried_from=nomination).exists():
        return None
    try:
        with transaction.atomic():
            live = Nomination.objects.filter(
                cycle=to_cycle, track=nomination.track, nominee=nomination.nominee, live=True
            ).first()
            if live is not None:
                return _link(actor, nomination, live)
            carried = Nomination.objects.create(
                cycle=to_cycle,
                track=nomination.track,
                nominee=nomination.nominee,
                nominator=nomination.nominator,
                self_nomination=nomination.self_nomination,
                statement=nomination.statement,
                nominee_statement=nomination.nominee_statement,
                nominee_consent=nomination.nominee_consent,
                consent_answered=nomination.consent_answered,
                list_publicly=nomination.list_publicly,
                state=State.SUBMITTED,
                submitted=timezone.now(),
                carried_from=nomination,
            )
            Evidence.objects.bulk_create(
                Evidence(
                    nomination=carried,
                    kind=item.kind,
                    date=item.date,
                    title=item.title,
                    url=item.url,
                    added_by=item.added_by,
                )
                for item in nomination.evidence.all()
            )
            Endorsement.objects.bulk_create(
                Endorsement(
                    nomination=carried,
                    endorser=item.endorser,
                    relationship=item.relationship,
                    statement=item.statement,
                    visible_to_nominee=item.visible_to_nominee,
                )
                for item in nomination.endorsements.all()
            )
            audit.record(
                actor=actor,
                verb="nomination.created",
                obj=carried,
                to_state=State.SUBMITTED,
                reason=f"Carried from {nomination.cycle}, where the panel deferred it.",
                data={"carried_from": nomination.pk},
            )
            audit.record(
                actor=actor,
                verb="nomination.carried",
                obj=nomination,
                from_state=nomination.cycle.slug,
                to_state=to_cycle.slug,
                data={"carried_to": carried.pk},
            )
    except IntegrityError:
        # A concurrent run carried it (carried_from is one-to-one), or the nominee was nominated
        # there meanwhile: the next run finds the link or the live nomination.
        return None
    return carried


def _link(actor, nomination: Nomination, live: Nomination) -> Nomination | None:
    if live.carried_from_id is not None:
        # Another deferred nomination is linked to it already; that link stays.
        return None
    live.carried_from = nomination
    live.save(update_fields=["carried_from", "updated"])
    audit.record(
        actor=actor,
        verb="nomination.carried",
        obj=nomination,
        from_state=nomination.cycle.slug,
        to_state=live.cycle.slug,
        reason="Already nominated for this track in that cycle: linked, nothing copied.",
        data={"carried_to": live.pk, "linked": True},
    )
    return live
