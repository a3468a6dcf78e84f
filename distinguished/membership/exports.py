"""The list of terms as a download (CSV or XLSX): the columns of the memberships page in its words,
read from the list's own query in chunks. `api.memberships_export` chooses the rows (the filters and
who may see which terms); this module reads each chunk's lifetime milestones in one query and turns
a term into the cells the page shows for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from django.utils.dateformat import format as date_format
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from distinguished.core.exports import Column, Table, rows_of

from .directory import STATUS_LABELS
from .lifetime import LifetimeOutlook, lifetime_milestones, lifetime_outlook
from .models import Membership, Renewal
from .rules import is_member_of, may_list_memberships
from .terms import Rules, Status, renewal_of, status_of

__all__ = ["CHUNK", "membership_table"]

# Terms read (and their milestones looked up) at a time.
CHUNK = 1000
# A renewal application's state, as the page's badge says it.
RENEWAL_LABELS = {
    "pending": gettext_lazy("pending decision"),
    "renewed": pgettext_lazy("renewal state", "renewed"),
    "lapsed": pgettext_lazy("renewal state", "lapsed"),
}


@dataclass(frozen=True)
class Term:
    """One row: a term with what the page computes for it, and whether the reader sees the member's
    name and the renewal application (the REST API's rules; program admins see both)."""

    membership: Membership
    status: str
    renewal: Renewal | None
    outlook: LifetimeOutlook
    named: bool


def _day(day: dt.date) -> str:
    """A day as the page writes it (1 Jul 2029)."""
    return _day_in(day, get_language())


@lru_cache(maxsize=4096)
def _day_in(day: dt.date, language: str | None) -> str:
    # The milestones of a list repeat: each is written once (a month's name is the language's).
    return date_format(day, "j M Y")


def _lifetime(term: Term) -> str:
    """The page's Lifetime column in words."""
    outlook, membership = term.outlook, term.membership
    if outlook.state == "eligible":
        return _("Eligible for lifetime status")
    if outlook.state == "later":
        if membership.end and membership.end < outlook.milestone:
            return _("Milestone on %(date)s, if renewed") % {"date": _day(outlook.milestone)}
        return _("Milestone on %(date)s") % {"date": _day(outlook.milestone)}
    if outlook.state == "blocked":
        return _("Milestone reached %(date)s; decide the pending renewal first") % {
            "date": _day(outlook.milestone)
        }
    if outlook.state == "unreachable":
        if term.renewal is not None and term.renewal.state == "lapsed":
            return _("Not reachable: renewal not granted")
        return _("Not reachable: ended without renewal")
    return _("Lifetime") if term.status == Status.LIFETIME else ""


def _milestone(term: Term) -> dt.date | None:
    return term.outlook.milestone if term.outlook.state in ("eligible", "later", "blocked") else None


COLUMNS = (
    Column(gettext_lazy("Member"), lambda t: t.membership.contributor.name if t.named else None),
    Column(gettext_lazy("Kind"), lambda t: t.membership.contributor.get_kind_display()),
    Column(pgettext_lazy("program track", "Track"), lambda t: t.membership.track.name),
    Column(gettext_lazy("Cohort"), lambda t: t.membership.cycle.name if t.membership.cycle_id else None),
    Column(gettext_lazy("Term starts"), lambda t: t.membership.start),
    Column(gettext_lazy("Term ends"), lambda t: t.membership.end or _("lifetime")),
    Column(gettext_lazy("Renews an earlier term"), lambda t: bool(t.membership.previous_id)),
    Column(gettext_lazy("Status"), lambda t: STATUS_LABELS.get(t.status, t.status)),
    Column(gettext_lazy("Revoked on"), lambda t: t.membership.revoked_on),
    Column(
        gettext_lazy("Reason for revocation"),
        lambda t: t.membership.revoke_reason if t.membership.revoked_on else None,
    ),
    Column(
        gettext_lazy("Renewal application"), lambda t: RENEWAL_LABELS[t.renewal.state] if t.renewal else None
    ),
    Column(gettext_lazy("Renewal decided"), lambda t: t.renewal.decided if t.renewal else None),
    Column(gettext_lazy("Lifetime status"), _lifetime),
    Column(gettext_lazy("Lifetime milestone"), _milestone),
)


def _chunks(iterator, size: int) -> Iterator[list]:
    """Lists of `size` rows; one is let go before the next is read, so one chunk is in memory."""
    while True:
        chunk = list(islice(iterator, size))
        if not chunk:
            return
        yield chunk
        del chunk


def _terms(user, queryset, rules: Rules, today: dt.date) -> Iterator[Term]:
    admin = may_list_memberships(user)
    for chunk in _chunks(rows_of(queryset, chunk_size=CHUNK), CHUNK):
        milestones = lifetime_milestones(chunk, years=rules.lifetime_after_years)
        for membership in chunk:
            own = is_member_of(user, membership)
            status = status_of(membership, today, renewal_window_days=rules.renewal_window_days)
            outlook = lifetime_outlook(
                membership,
                milestones[membership.pk],
                today,
                years=rules.lifetime_after_years,
                renewal_window_days=rules.renewal_window_days,
            )
            yield Term(
                membership=membership,
                status=status,
                renewal=renewal_of(membership) if admin or own else None,
                outlook=outlook,
                named=admin or own or membership.contributor.listed_publicly,
            )
        del chunk, milestones, membership


def membership_table(user, queryset, rules: Rules, today: dt.date) -> Table:
    """The terms of `queryset` (the list's query, already narrowed to what `user` may see) as rows."""
    # Headers in the reader's language, as plain strings (the XLSX writer takes no lazy text).
    columns = tuple(Column(str(column.header), column.read) for column in COLUMNS)
    return Table(_("Memberships"), columns, _terms(user, queryset, rules, today))
