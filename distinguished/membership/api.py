"""Memberships: terms and their statuses (terms.py), recording a term (recording.py), lifetime
status (lifetime.py), revocation (revocation.py), renewal (renewal.py), the nightly reminders
(lifecycle.py) and the CSV import of earlier terms (csv_import.py). Other apps, the pages and the
REST API call the names below; nominations ask whether someone is an active member."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from . import signals  # the signals other apps listen to (credentials issue and revoke badges)
from .agenda import RenewalAgenda, renewal_agenda
from .cohort_terms import cohort_terms, cohort_terms_of_cycles
from .csv_import import ImportRefused, import_terms_csv, record_earlier_term
from .directory import *  # noqa: F403 - the public directory: the names in directory.__all__
from .exports import membership_table
from .keyset import KeysetPaginator
from .lifecycle import due_reminder, run_lifecycle
from .lifetime import (
    LifetimeOutlook,
    grant_lifetime,
    lifetime_milestone,
    lifetime_milestones,
    lifetime_outlook,
    lifetime_outlooks,
    lifetime_reached,
)
from .models import Membership as _Membership  # the rows, reached only through these functions
from .page_cache import cached, clear_cache, data_stamp, query_key
from .recording import record_term
from .renewal import (
    AlreadyDone,
    Evaluation,
    apply_for_renewal,
    decide_renewal,
    get_renewal,
    is_member_of,
    may_decide,
    may_view,
    renewal_evaluation,
    renewals,
    renewals_for,
)
from .revocation import revoke
from .rules import may_list_memberships
from .stats import *  # noqa: F403 - the members in figures, for the dashboard: the names in stats.__all__
from .terms import (
    Rules,
    Status,
    add_years,
    days_left,
    get_membership,
    member_address,
    membership_rules,
    renewal_of,
    renewal_window,
    status_filter,
    status_of,
    term_before,
    term_end,
)

__all__ = [
    "AlreadyDone",
    "Evaluation",
    "ImportRefused",
    "KeysetPaginator",
    "LifetimeOutlook",
    "RenewalAgenda",
    "Rules",
    "Status",
    "active_membership",
    "active_memberships",
    "add_years",
    "apply_for_renewal",
    "cached",
    "clear_cache",
    "cohort_terms",
    "cohort_terms_of_cycles",
    "data_stamp",
    "days_left",
    "decide_renewal",
    "due_reminder",
    "get_membership",
    "get_renewal",
    "grant_lifetime",
    "import_terms_csv",
    "is_member_of",
    "lifetime_milestone",
    "lifetime_milestones",
    "lifetime_outlook",
    "lifetime_outlooks",
    "lifetime_reached",
    "may_decide",
    "may_view",
    "member_address",
    "membership_rules",
    "memberships",
    "memberships_export",
    "memberships_for",
    "memberships_of",
    "query_key",
    "record_earlier_term",
    "record_term",
    "renewal_agenda",
    "renewal_evaluation",
    "renewal_of",
    "renewal_window",
    "renewals",
    "renewals_for",
    "revoke",
    "run_lifecycle",
    "signals",
    "status_filter",
    "status_of",
    "term_before",
    "term_end",
]


# A term that makes its contributor a member on a day: started, not revoked, and running then
# (lifetime status runs for good).
def _running(on: dt.date) -> Q:
    return Q(revoked_on__isnull=True, start__lte=on) & (
        Q(end__isnull=True) | Q(end__gte=on) | Q(lifetime=True)
    )


def active_membership(contributor_id: int, track_code: str, on: dt.date | None = None) -> _Membership | None:
    """The membership that makes this contributor an active member of the track on that day
    (a lifetime member is one for good; a lapsed or expired term is not, so they may be
    nominated again)."""
    on = on or timezone.localdate()
    return _Membership.objects.filter(
        _running(on), contributor_id=contributor_id, track__code=track_code
    ).first()


def active_memberships(pairs, on: dt.date | None = None) -> dict[tuple[int, str], _Membership]:
    """For many (contributor id, track code) pairs at once: the active membership of each pair
    that has one. One query."""
    on = on or timezone.localdate()
    pairs = set(pairs)
    if not pairs:
        return {}
    found = _Membership.objects.filter(
        _running(on),
        contributor_id__in={contributor for contributor, _ in pairs},
        track__code__in={track for _, track in pairs},
    ).select_related("track")
    return {(m.contributor_id, m.track.code): m for m in found if (m.contributor_id, m.track.code) in pairs}


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
    queryset = _Membership.objects.select_related(
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


def memberships_of(contributor_id) -> list[_Membership]:
    """A member's terms, newest first."""
    return list(memberships(contributor=contributor_id or 0))
