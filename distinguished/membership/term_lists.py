"""The lists of terms: every term narrowed by track, status, name or contributor, with what a list
shows fetched alongside; the list a user may read (program admins every term, anyone else their
own), its download, and a member's own terms."""

from __future__ import annotations

from django.utils import timezone

from .exports import membership_table
from .models import Membership
from .rules import may_list_memberships
from .terms import membership_rules, status_filter

__all__ = ["memberships", "memberships_export", "memberships_for", "memberships_of"]


def memberships(
    *,
    track: str = "",
    status: str = "",
    name: str = "",
    contributor=None,
    today=None,
    renewal_window_days: int = 90,
):
    """Terms with what a list shows (contributor, track, cohort, its renewal and the term renewing
    it) fetched alongside, newest first; narrowed by track code, status, part of the contributor's
    name or contributor id."""
    queryset = Membership.objects.select_related(
        "contributor", "track", "cycle", "renewal__new_term", "renewed_by"
    ).order_by("-start", "-id")
    if track:
        queryset = queryset.filter(track__code=track)
    if status:
        queryset = queryset.filter(status_filter(status, today, renewal_window_days=renewal_window_days))
    if name:
        queryset = queryset.filter(contributor__name__icontains=name)
    if contributor is not None:
        queryset = queryset.filter(contributor_id=contributor)
    return queryset


def memberships_for(user, *, track: str = "", status: str = "", name: str = "", contributor=None, rules=None):
    """The list of terms `user` may read: every term for program admins, their own terms for anyone
    else signed in (`contributor` then names them, or nobody); narrowed like `memberships`, whose
    ValidationError for an unknown status it raises."""
    rules = rules or membership_rules()
    if not may_list_memberships(user):
        own = user.contributor_id or 0
        contributor = own if contributor in (None, own) else 0
    return memberships(
        track=track,
        status=status,
        name=name,
        contributor=contributor,
        renewal_window_days=rules.renewal_window_days,
    )


def memberships_export(user, **filters):
    """`memberships_for(user, **filters)` as a table to download (core.exports), in the page's
    words: a bad filter is refused before a row is read; the rows are read in chunks."""
    rules = membership_rules()
    queryset = memberships_for(user, rules=rules, **filters)
    return membership_table(user, queryset, rules, timezone.localdate())


def memberships_of(contributor_id) -> list[Membership]:
    """A member's terms, newest first."""
    return list(memberships(contributor=contributor_id or 0))
