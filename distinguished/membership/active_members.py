"""Who is an active member of a track on a day: the term that makes them one (started, not revoked,
and running then; lifetime status runs for good). Nominations ask it of one person and of many."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from .models import Membership

__all__ = ["active_membership", "active_memberships"]


# A term that makes its contributor a member on a day: started, not revoked, and running then
# (lifetime status runs for good).
def _running(on: dt.date) -> Q:
    return Q(revoked_on__isnull=True, start__lte=on) & (
        Q(end__isnull=True) | Q(end__gte=on) | Q(lifetime=True)
    )


def active_membership(contributor_id: int, track_code: str, on: dt.date | None = None) -> Membership | None:
    """The membership that makes this contributor an active member of the track on that day
    (a lifetime member is one for good; a lapsed or expired term is not, so they may be
    nominated again)."""
    on = on or timezone.localdate()
    return Membership.objects.filter(
        _running(on), contributor_id=contributor_id, track__code=track_code
    ).first()


def active_memberships(pairs, on: dt.date | None = None) -> dict[tuple[int, str], Membership]:
    """For many (contributor id, track code) pairs at once: the active membership of each pair
    that has one. One query."""
    on = on or timezone.localdate()
    pairs = set(pairs)
    if not pairs:
        return {}
    found = Membership.objects.filter(
        _running(on),
        contributor_id__in={contributor for contributor, _ in pairs},
        track__code__in={track for _, track in pairs},
    ).select_related("track")
    return {(m.contributor_id, m.track.code): m for m in found if (m.contributor_id, m.track.code) in pairs}
