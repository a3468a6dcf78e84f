"""Memberships. The lifecycle (announcement, renewal, lifetime, directory) grows here with the
membership issue; nominations already ask whether someone is an active member."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from .models import Membership

__all__ = ["Membership", "active_membership", "active_memberships"]


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
