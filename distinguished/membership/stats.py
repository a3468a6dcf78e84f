"""The members in figures, for the program's dashboard and impact page: who is active on a day
(in all, per track, per partner tier, for life), each cohort's new members, the retention of the
terms that ended in a period, the share of active members meeting their track's key results, and
the contributions members made. Read-only aggregates: a fixed number of queries at any size.

A term makes its contributor a member on a day when it has started, has not ended (a lifetime
term never ends) and was not revoked on or before that day: a revoked member counts until the day
before the revocation, so the figures of a past day stay what they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery

from distinguished.contributions import api as contributions

from .models import Membership

__all__ = [
    "MemberCounts",
    "Retention",
    "cohort_sizes",
    "first_term_start",
    "key_results_readiness",
    "member_contributions",
    "member_counts",
    "retention",
    "retention_by_year",
    "running_on",
    "terms_stamp",
]


def running_on(day) -> Q:
    """The terms that make their contributor a member on `day` (a date, or an `OuterRef`)."""
    return (
        Q(start__lte=day)
        & (Q(end__isnull=True) | Q(end__gte=day))
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    )


@dataclass(frozen=True)
class MemberCounts:
    """Members on one day. A contributor with terms on two tracks counts once in `active` and once
    in each track; `by_tier` counts organizations by their size tier ("" when none is recorded)."""

    on: dt.date
    active: int
    lifetime: int
    by_track: dict[str, int] = field(default_factory=dict)
    by_tier: dict[str, int] = field(default_factory=dict)


def member_counts(on: dt.date) -> MemberCounts:
    """Active members on `on`: in all, for life, per track code and per partner tier. Three queries."""
    running = Membership.objects.filter(running_on(on)).order_by()
    totals = running.aggregate(
        active=Count("contributor", distinct=True),
        lifetime=Count("contributor", distinct=True, filter=Q(lifetime=True)),
    )
    by_track = dict(
        running.values_list("track__code").annotate(n=Count("contributor", distinct=True)).order_by()
    )
    by_tier = dict(
        running.filter(contributor__kind="organization")
        .values_list("contributor__size_tier")
        .annotate(n=Count("contributor", distinct=True))
        .order_by()
    )
    return MemberCounts(
        on=on, active=totals["active"], lifetime=totals["lifetime"], by_track=by_track, by_tier=by_tier
    )


def first_term_start() -> dt.date | None:
    """The first day of the earliest term recorded (an earlier cohort's, imported), if any."""
    return Membership.objects.order_by("start").values_list("start", flat=True).first()


def cohort_sizes() -> dict[int, int]:
    """{cycle id: new members}: the contributors each cohort recognized (its first terms, not the
    renewals that keep its name; a revoked term still counts: it was recognized). One query."""
    return dict(
        Membership.objects.filter(previous__isnull=True, cycle__isnull=False)
        .values_list("cycle_id")
        .annotate(n=Count("contributor", distinct=True))
        .order_by()
    )


@dataclass(frozen=True)
class Retention:
    """Of the terms that ended in a period, how many were renewed. `rate` in % (None when none ended)."""

    ended: int
    renewed: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.renewed / self.ended, 1) if self.ended else None


def retention_by_year(since: dt.date | None, until: dt.date) -> dict[int, Retention]:
    """{year: Retention} of the terms whose last day fell in [since, until] (since None: from the
    first), by the year of that day. A term counts as renewed when a later term continues it, even
    one granted before the term ended (its new term starts the day after). Left out: lifetime terms
    (they do not end) and terms revoked on or before their last day (they did not run out). One query."""
    ended = Membership.objects.filter(end__lte=until, lifetime=False).filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=F("end"))
    )
    if since is not None:
        ended = ended.filter(end__gte=since)
    # Grouped by the day (terms end on few distinct days), the years summed here: no date function
    # per row (SQLite runs Django's in Python).
    rows = (
        ended.values_list("end")
        .annotate(ended=Count("id"), renewed=Count("id", filter=Q(renewed_by__isnull=False)))
        .order_by("end")
    )
    years: dict = {}
    for day, n, renewed in rows:
        before = years.get(day.year, Retention(0, 0))
        years[day.year] = Retention(ended=before.ended + n, renewed=before.renewed + renewed)
    return years


def retention(since: dt.date | None, until: dt.date) -> Retention:
    """`retention_by_year` over the whole period."""
    years = retention_by_year(since, until).values()
    return Retention(ended=sum(r.ended for r in years), renewed=sum(r.renewed for r in years))


def key_results_readiness(on: dt.date, *, cycle) -> dict:
    """How ready the active members are to renew: for each track, how many members with a term
    that ends (lifetime members do not renew) meet each key result over their term so far (its
    first day to `on`), against `cycle`'s targets. See `contributions.api.key_results_over_terms`."""
    terms = (
        Membership.objects.filter(running_on(on), lifetime=False)
        .annotate(
            subject_id=F("contributor_id"),
            first_day=F("start"),
            track_code=F("track__code"),
            subject_kind=F("contributor__kind"),
            subject_tier=F("contributor__size_tier"),
            subject_employees=F("contributor__employees"),
        )
        .order_by()
    )
    return contributions.key_results_over_terms(terms, last_day=on, cycle=cycle)


def member_contributions(kinds, since: dt.date, until: dt.date) -> int:
    """How many contributions of `kinds` dated in [since, until] were made by someone who was a
    member on that day (a community initiative led by a member). One query."""
    member_then = Membership.objects.filter(
        running_on(OuterRef("date")), contributor_id=OuterRef("contributor_id")
    )
    return contributions.contributions_between(kinds, since, until).filter(Exists(member_then)).count()


def terms_stamp() -> str:
    """The last term's id and how many terms have one of the last 1,000 ids: it moves when terms are
    made, in bulk too (a restore, an import), and when a transaction that made one commits after a
    later one. One query, read from the primary key's index."""
    last = Membership.objects.order_by("-pk").values("pk")[:1]
    recent = Membership.objects.filter(pk__gt=Subquery(last) - RECENT_IDS)
    return "{last}:{n}".format(**recent.aggregate(last=Max("id"), n=Count("id")))


# The terms made lately, as far as the stamp counts them.
RECENT_IDS = 1000
