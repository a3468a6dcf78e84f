"""Memberships. The lifecycle (announcement, renewal, lifetime, directory) grows here with the
membership issue; nominations already ask whether someone is an active member."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.people import api as people
from distinguished.program import api as program

from . import signals
from .models import Membership

__all__ = [
    "Membership",
    "Status",
    "active_membership",
    "active_memberships",
    "add_years",
    "get_membership",
    "grant_lifetime",
    "lifetime_milestone",
    "record_term",
    "revoke",
    "status_of",
    "term_end",
]


def active_membership(contributor_id: int, track_code: str, on: dt.date | None = None) -> Membership | None:
    """The membership that makes this contributor an active member of the track on that day."""
    on = on or timezone.localdate()
    return (
        Membership.objects.filter(
            contributor_id=contributor_id, track__code=track_code, revoked_on__isnull=True
        )
        .filter(start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .first()
    )


def active_memberships(pairs, on: dt.date | None = None) -> dict[tuple[int, str], Membership]:
    """For many (contributor id, track code) pairs at once: the active membership of each pair
    that has one. One query."""
    on = on or timezone.localdate()
    pairs = set(pairs)
    if not pairs:
        return {}
    found = (
        Membership.objects.filter(
            contributor_id__in={contributor for contributor, _ in pairs},
            track__code__in={track for _, track in pairs},
            revoked_on__isnull=True,
            start__lte=on,
        )
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("track")
    )
    return {(m.contributor_id, m.track.code): m for m in found if (m.contributor_id, m.track.code) in pairs}


# --- Terms, statuses, lifetime, revocation -------------------------------------------------------


class Status:
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    RENEWED = "renewed"
    LIFETIME = "lifetime"
    REVOKED = "revoked"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 1 March in a common year, so that a term
    from 29 February lasts exactly its years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of `years` starting on `start`."""
    return add_years(start, years) - dt.timedelta(days=1)


def status_of(membership: Membership, today: dt.date | None = None, *, renewal_window_days: int = 90) -> str:
    """active, expiring (inside the renewal window), expired, renewed (continued by a later term),
    lifetime or revoked — computed from the dates and events."""
    today = today or timezone.localdate()
    if membership.revoked_on:
        return Status.REVOKED
    if membership.lifetime:
        return Status.LIFETIME
    if _renewed(membership):
        return Status.RENEWED
    if membership.end is not None and today > membership.end:
        return Status.EXPIRED
    if membership.end is not None and (membership.end - today).days < renewal_window_days:
        return Status.EXPIRING
    return Status.ACTIVE


def _renewed(membership: Membership) -> bool:
    try:
        return membership.renewed_by is not None
    except Membership.DoesNotExist:
        return False


def _program():
    return program.get_program()


def _chain(membership: Membership) -> list[Membership]:
    """The terms that lead to this one, oldest first, as long as each follows the previous
    without a gap."""
    chain = [membership]
    current = membership
    while current.previous_id:
        previous = Membership.objects.get(pk=current.previous_id)
        if (
            previous.revoked_on
            or previous.end is None
            or current.start != previous.end + dt.timedelta(days=1)
        ):
            break
        chain.append(previous)
        current = previous
    return list(reversed(chain))


def lifetime_milestone(membership: Membership) -> dt.date:
    """The day the chained terms reach the definition's sustained years (4 in the shipped program)."""
    years = _program().lifetime_after_years
    return term_end(_chain(membership)[0].start, years)


def get_membership(membership_id) -> Membership:
    return Membership.objects.select_related("contributor", "track", "cycle", "previous").get(
        pk=membership_id
    )


def record_term(
    *, actor, contributor, track, start: dt.date, previous: Membership | None = None, cycle=None
) -> Membership:
    """Record a term (an earlier cohort's, or a renewal with `previous`): it lasts the
    definition's term. Impossible dates and overlapping terms on the same track are refused."""
    if not people.is_program_admin(actor):
        raise PermissionDenied("Only program admins record memberships.")
    years = _program().term_years
    errors = {}
    today = timezone.localdate()
    if not isinstance(start, dt.date):
        raise ValidationError({"start": ["Give the first day of the term (YYYY-MM-DD)."]})
    if start > add_years(today, 1):
        errors["start"] = ["A term more than a year ahead cannot be recorded."]
    end = term_end(start, years)
    if previous is not None:
        if previous.contributor_id != contributor.pk or previous.track_id != track.pk:
            errors["previous"] = ["The term it renews must be the same contributor's, on the same track."]
        elif previous.revoked_on:
            errors["previous"] = ["A revoked membership cannot be renewed."]
        elif _renewed(previous):
            errors["previous"] = ["That term is renewed already."]
        elif previous.end is not None and start <= previous.end:
            errors["start"] = [
                f"A renewal starts after the term it renews ends ({program.human(previous.end)})."
            ]
    overlapping = Membership.objects.filter(
        contributor=contributor, track=track, revoked_on__isnull=True, start__lte=end
    ).filter(Q(end__isnull=True) | Q(end__gte=start))
    if previous is not None:
        overlapping = overlapping.exclude(pk=previous.pk)
    clash = overlapping.first()
    if clash is not None and "start" not in errors:
        errors["start"] = [
            f"{contributor} is already a {track} from {program.human(clash.start)}"
            + (f" to {program.human(clash.end)}" if clash.end else " for life")
            + "; terms on one track cannot overlap."
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        membership = Membership.objects.create(
            contributor=contributor, track=track, cycle=cycle, start=start, end=end, previous=previous
        )
        audit.record(actor=actor, verb="membership.recorded", obj=membership, to_state=status_of(membership))
        signals.term_recorded.send(sender=Membership, membership=membership, actor=actor)
    return membership


def grant_lifetime(*, actor, membership: Membership) -> Membership:
    """Lifetime status after the sustained milestone (chained terms covering the definition's years,
    every renewal granted); before it, a 400 that says when it will be reached."""
    if not people.is_program_admin(actor):
        raise PermissionDenied("Only program admins grant lifetime status.")
    current = status_of(membership)
    if current in (Status.REVOKED, Status.LIFETIME, Status.RENEWED):
        raise TransitionError(f"This membership is {current}; lifetime status is granted on the latest term.")
    reached = lifetime_milestone(membership)
    if timezone.localdate() < reached or (membership.end is not None and membership.end < reached):
        years = _program().lifetime_after_years
        raise ValidationError(
            {
                "lifetime": [
                    f"The {years}-year milestone is reached on {program.human(reached)}, if every renewal is granted until then."
                ]
            }
        )
    with transaction.atomic():
        membership.lifetime = True
        membership.save(update_fields=["lifetime"])
        audit.record(
            actor=actor,
            verb="membership.lifetime_granted",
            obj=membership,
            from_state=current,
            to_state=Status.LIFETIME,
        )
        signals.lifetime_granted.send(sender=Membership, membership=membership, actor=actor)
    return membership


def revoke(*, actor, membership: Membership, reason: str) -> Membership:
    if not people.is_program_admin(actor):
        raise PermissionDenied("Only program admins revoke memberships.")
    if membership.revoked_on:
        raise TransitionError("This membership is revoked already.")
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": ["Say why the membership is revoked; it is kept in the audit trail."]}
        )
    with transaction.atomic():
        before = status_of(membership)
        membership.revoked_on = timezone.localdate()
        membership.revoke_reason = reason.strip()
        membership.save(update_fields=["revoked_on", "revoke_reason"])
        audit.record(
            actor=actor,
            verb="membership.revoked",
            obj=membership,
            from_state=before,
            to_state=Status.REVOKED,
            reason=reason,
        )
        signals.revoked.send(sender=Membership, membership=membership, actor=actor)
    return membership
