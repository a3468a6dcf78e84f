"""The public directory of Distinguished Contributors and their public profiles.

Everything here is read-only and public, so it shows only contributors who agreed to be listed
(`Contributor.listed_publicly`) and never a revoked membership. Each filter reads a stored column
(the term's status, cohort and first day are kept by `membership.standing`), so that the directory
can filter and count at any size with indexes, in a fixed number of queries.

What the directory shows (docs/member-guide.md, "The public directory"):
- by default the current members: memberships that are active, expiring (inside the renewal window)
  or lifetime. A renewed term is not listed by default: the term that renews it stands for the member.
- with a status filter, any status except revoked: `expired` lists past members, `renewed` the earlier
  terms of renewed members, `all` everything but revoked memberships.
- the cohort of a membership is the cycle that first recognized the member on that track: the cycle of
  the oldest term in its renewal chain that has one (a renewal keeps its cohort); empty for a term recorded
  without a cycle. The cohort filter offers only cohorts that recognized someone (announced, or an
  earlier cohort recorded by hand), never a cycle still taking nominations.
- a member's `since` is the first day of the oldest term in that chain: a lifetime member is
  “Distinguished Engineer since 2021”, not only since their last term.

The pages and the API keep what they computed (`page_cache`); docs/performance.md has the figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as all_countries

from distinguished.contributions import api as contributions
from distinguished.people import api as people
from distinguished.program import api as program

from . import keyset, standing
from .models import LISTED, Membership
from .terms import Status

__all__ = [
    "STATUS_FILTERS",
    "STATUS_LABELS",
    "DirectoryFilters",
    "DirectoryOptions",
    "PublicProfile",
    "as_of",
    "clean_directory_filters",
    "directory_countries",
    "directory_entries",
    "directory_options",
    "public_profile",
    "statuses_q",
]

ACTIVE, EXPIRING, EXPIRED, RENEWED, LIFETIME, REVOKED = (
    Status.ACTIVE,
    Status.EXPIRING,
    Status.EXPIRED,
    Status.RENEWED,
    Status.LIFETIME,
    Status.REVOKED,
)
CURRENT, ALL = "current", "all"

# What the status filter offers, and the statuses each value lists. Revoked memberships are never public.
STATUS_FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    CURRENT: (gettext_lazy("Current members"), (ACTIVE, EXPIRING, LIFETIME)),
    ACTIVE: (gettext_lazy("Active"), (ACTIVE,)),
    EXPIRING: (gettext_lazy("Renewal window open"), (EXPIRING,)),
    LIFETIME: (gettext_lazy("Lifetime"), (LIFETIME,)),
    RENEWED: (gettext_lazy("Earlier terms, renewed"), (RENEWED,)),
    EXPIRED: (gettext_lazy("Past members (term ended)"), (EXPIRED,)),
    ALL: (gettext_lazy("Current and past"), (ACTIVE, EXPIRING, LIFETIME, RENEWED, EXPIRED)),
}
STATUS_LABELS = {
    ACTIVE: gettext_lazy("Active"),
    EXPIRING: gettext_lazy("Renewal window open"),
    EXPIRED: gettext_lazy("Term ended"),
    RENEWED: gettext_lazy("Renewed"),
    LIFETIME: gettext_lazy("Lifetime"),
    REVOKED: gettext_lazy("Revoked"),
}
MAX_QUERY = 100
PUBLIC_CONTRIBUTIONS = 20
DEFAULT_RENEWAL_WINDOW_DAYS = 90


# --- Status ---------------------------------------------------------------------------------------


def statuses_q(statuses, *, today: dt.date | None = None, renewal_window_days: int | None = None) -> Q:
    """The memberships whose status today is one of `statuses`: the stored status and the term's
    last day, an indexed condition (`standing.status_q`)."""
    window = _renewal_window_days() if renewal_window_days is None else renewal_window_days
    return standing.status_q(statuses, today or timezone.localdate(), window)


def as_of(memberships, *, today: dt.date | None = None, renewal_window_days: int | None = None) -> list:
    """The memberships (a page of them), each `status` read as of today: the stored status, the date
    part from today's date (`standing.shown_status`; the nightly job stores it too). No query."""
    today = today or timezone.localdate()
    window = _renewal_window_days() if renewal_window_days is None else renewal_window_days
    memberships = list(memberships)
    for membership in memberships:
        membership.status = standing.shown_status(membership, today, window)
    return memberships


def _renewal_window_days() -> int:
    row = (
        program.programs()
        .annotate(window=KT("definition__membership__renewal_window_days"))
        .values_list("window", flat=True)
        .first()
    )
    return _days(row)


def _days(value) -> int:
    """The renewal window of the definition (a JSON value), or the default when it has none."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return DEFAULT_RENEWAL_WINDOW_DAYS


# --- Filters ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleOption:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class DirectoryOptions:
    """What the filters may be set to, and what a page needs to show the rows: the tracks (code →
    name, in the program's order), the cycles (newest first) and the renewal window."""

    tracks: dict[str, str]
    cycles: list[CycleOption]
    renewal_window_days: int
    statuses: dict[str, str] = field(default_factory=lambda: {k: v[0] for k, v in STATUS_FILTERS.items()})

    def cycle_by_id(self) -> dict[int, CycleOption]:
        return {cycle.id: cycle for cycle in self.cycles}

    def cycle_by_slug(self) -> dict[str, CycleOption]:
        return {cycle.slug: cycle for cycle in self.cycles}

    def track_problems(self, track: str) -> dict[str, list[str]]:
        """A track that is not one of the program's."""
        if not track or track in self.tracks:
            return {}
        message = _("Unknown track “%(track)s”; choose one of %(tracks)s.")
        return {"track": [message % {"track": track, "tracks": ", ".join(self.tracks)}]}

    def cycle_problems(self, slug: str, cycle: CycleOption | None) -> dict[str, list[str]]:
        """A cycle slug that names no announced cohort; the newest cohort is given as an example."""
        if not slug or cycle is not None:
            return {}
        message = (
            _("No announced cohort “%(slug)s”; give the slug of an announced cohort, such as “%(example)s”.")
            if self.cycles
            else _(
                "No announced cohort “%(slug)s”; give the slug of an announced cohort, once one is announced."
            )
        )
        return {"cycle": [message % {"slug": slug, "example": self.cycles[0].slug if self.cycles else ""}]}


def directory_options() -> DirectoryOptions:
    """Three small queries: the program's renewal window, its tracks and the cycles."""
    first = (
        program.programs()
        .annotate(window=KT("definition__membership__renewal_window_days"))
        .only("id")
        .first()
    )
    tracks: dict[str, str] = {}
    window = DEFAULT_RENEWAL_WINDOW_DAYS
    if first is not None:
        tracks = {
            code: program.in_language(name)
            for code, name in first.tracks.order_by("position").values_list("code", "name")
        }
        window = _days(first.window)
    # Only cohorts: cycles that recognized someone (a cycle still taking nominations has no member).
    cohorts = program.every_cycle().filter(Exists(Membership.objects.filter(cycle_id=OuterRef("pk"))))
    cycles = [
        CycleOption(*row)
        for row in cohorts.order_by("-announcement_date", "-id").values_list("id", "slug", "name")
    ]
    return DirectoryOptions(tracks=tracks, cycles=cycles, renewal_window_days=window)


@dataclass(frozen=True)
class DirectoryFilters:
    track: str = ""
    cycle: str = ""
    status: str = CURRENT
    country: str = ""
    q: str = ""
    cycle_id: int | None = None

    def as_params(self) -> dict[str, str]:
        """The filters as query parameters, defaults left out (for links that keep them)."""
        params = {"track": self.track, "cycle": self.cycle, "country": self.country, "q": self.q}
        if self.status != CURRENT:
            params["status"] = self.status
        return {key: value for key, value in params.items() if value}


def _param(data, name: str) -> str:
    """A query parameter, stripped; "" when absent."""
    return (data.get(name) or "").strip()


def _status_problems(status: str) -> dict[str, list[str]]:
    """Revoked memberships are never listed; any other status must be one of the filters."""
    if status == REVOKED:
        return {"status": [_("Revoked memberships are not listed publicly.")]}
    if status in STATUS_FILTERS:
        return {}
    message = _("Unknown status “%(status)s”; choose one of %(statuses)s.")
    return {"status": [message % {"status": status, "statuses": ", ".join(STATUS_FILTERS)}]}


def _country_problems(country: str) -> dict[str, list[str]]:
    """A country that is not a two-letter ISO code."""
    if not country or country in all_countries:
        return {}
    message = _("Unknown country “%(country)s”; give its two-letter ISO code, such as “FR”.")
    return {"country": [message % {"country": country}]}


def clean_directory_filters(data, options: DirectoryOptions) -> DirectoryFilters:
    """Read `track, cycle, status, country, q` from a query dict. An unknown value is an error on its
    field (a ValidationError), never silently ignored: a filter that does not filter would mislead."""
    track = _param(data, "track")
    slug = _param(data, "cycle")
    cycle = options.cycle_by_slug().get(slug) if slug else None
    status = _param(data, "status") or CURRENT
    country = _param(data, "country").upper()
    q = " ".join((data.get("q") or "").split())
    errors = {
        **options.track_problems(track),
        **options.cycle_problems(slug, cycle),
        **_status_problems(status),
        **_country_problems(country),
    }
    if len(q) > MAX_QUERY:
        errors["q"] = [_("Keep the search under %(max)s characters.") % {"max": MAX_QUERY}]
    if errors:
        raise ValidationError(errors)
    cycle_id = cycle.id if cycle else None
    return DirectoryFilters(track=track, cycle=slug, status=status, country=country, q=q, cycle_id=cycle_id)


# --- The directory ----------------------------------------------------------------------------------


def _public(queryset: QuerySet) -> QuerySet:
    # The term's copy of its contributor's consent (`membership.listing`): one table, one index.
    return queryset.filter(LISTED)


def directory_entries(
    filters: DirectoryFilters | None = None,
    *,
    today: dt.date | None = None,
    renewal_window_days: int | None = None,
) -> QuerySet:
    """The public memberships matching the filters, with contributor (and organization) and track
    joined; ordered by name, then track (`as_of` words a page's statuses as of today). Every filter
    reads a stored column of the term or its contributor. One query per page of it, plus one to count."""
    filters = filters or DirectoryFilters()
    queryset = _public(Membership.objects.all()).filter(
        statuses_q(STATUS_FILTERS[filters.status][1], today=today, renewal_window_days=renewal_window_days)
    )
    if filters.track:
        queryset = queryset.filter(track__code=filters.track)
    if filters.cycle_id is not None:
        queryset = queryset.filter(cohort_cycle_id=filters.cycle_id)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    if filters.q:
        for word in filters.q.split():
            # Name, organization's name, GitHub login: each an indexed query (`people.search`).
            queryset = queryset.filter(contributor_id__in=people.matching_word(word))
    return queryset.select_related("contributor__organization", "track").order_by(*keyset.ORDER_BY)


def directory_countries() -> list[tuple[str, str]]:
    """(code, name) of the countries of listed members, by name: the choices of the country filter.

    One query whatever the number of members: a loose index scan over the `(listed_publicly,
    country)` index, which jumps from one country to the next listed member's (a query step per
    country, ~250 at most) instead of reading every listed contributor to keep 17 distinct values."""
    contributors = connection.ops.quote_name(people.contributor_db_table())
    memberships = connection.ops.quote_name(Membership._meta.db_table)

    def next_country(after: str) -> str:
        # Table names from the models; the values are parameters.
        return (
            f"(SELECT c.country FROM {contributors} c WHERE c.listed_publicly = %s AND c.country > {after} "  # noqa: S608
            f"AND EXISTS (SELECT 1 FROM {memberships} m WHERE m.contributor_id = c.id AND m.revoked_on IS NULL) "
            "ORDER BY c.country LIMIT 1)"
        )

    sql = (
        f"WITH RECURSIVE found (country) AS (SELECT {next_country('%s')} "  # noqa: S608 - table names
        f"UNION ALL SELECT {next_country('found.country')} FROM found WHERE found.country IS NOT NULL) "
        "SELECT country FROM found WHERE country IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, "", True])
        codes = [code for (code,) in cursor.fetchall()]
    return sorted(((code, all_countries.name(code)) for code in codes), key=lambda pair: pair[1])


# --- Profiles -----------------------------------------------------------------------------------------


@dataclass
class PublicProfile:
    contributor: Any
    memberships: list
    contributions: list
    # The profile of the contributor's organization when it is a listed member itself.
    organization_listed: bool = False
    contribution_kinds: dict[str, str] = field(default_factory=dict)


def public_profile(contributor_id, *, today: dt.date | None = None, options: DirectoryOptions | None = None):
    """A member's public profile: who they are (the public fields of their contributor record), their
    memberships with status and cohort (revoked ones left out) and the public part of their
    contributions: verified contributions with a public link, newest first, at most 20; never
    quantities (money, people). `ObjectDoesNotExist` for a contributor who is not listed publicly or was
    never a member."""
    organization_is_member = Exists(
        Membership.objects.filter(
            contributor_id=OuterRef("organization_id"),
            contributor__listed_publicly=True,
            revoked_on__isnull=True,
        )
    )
    try:
        contributor = (
            people.contributors()
            .annotate(organization_listed=organization_is_member)
            .get(pk=int(contributor_id), listed_publicly=True)
        )
    except (TypeError, ValueError):
        raise Membership.DoesNotExist("No such member.") from None
    window = options.renewal_window_days if options is not None else None
    memberships = as_of(
        Membership.objects.filter(contributor=contributor, revoked_on__isnull=True)
        .select_related("track")
        .order_by("track__position", "-start", "-id"),
        today=today,
        renewal_window_days=window,
    )
    if not memberships:
        raise Membership.DoesNotExist("No such member.")
    public = list(
        contributions.verified_contributions_of(contributor)
        .exclude(url="")
        .only("id", "kind", "date", "title", "url")
        .order_by("-date", "-id")[:PUBLIC_CONTRIBUTIONS]
    )
    kinds = (
        {
            code: program.in_language(label)
            for code, label in program.contribution_kinds().values_list("code", "label")
        }
        if public
        else {}
    )
    return PublicProfile(
        contributor=contributor,
        memberships=memberships,
        contributions=public,
        organization_listed=contributor.organization_listed,
        contribution_kinds=kinds,
    )
