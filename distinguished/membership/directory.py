"""The public directory of Distinguished Contributors and their public profiles.

Everything here is read-only and public, so it shows only contributors who agreed to be listed
(`Contributor.listed_publicly`) and never a revoked membership. The status of each membership is
computed in SQL (`status_expression`), the same rules as `membership.api.status_of`, so that the
directory can filter and count by status at any size in a fixed number of queries.

What the directory shows (docs/member-guide.md, "The public directory"):
- by default the current members: memberships that are active, expiring (inside the renewal window)
  or lifetime. A renewed term is not listed by default: the term that renews it stands for the member.
- with a status filter, any status except revoked: `expired` lists past members, `renewed` the earlier
  terms of renewed members, `all` everything but revoked memberships.
- the cohort of a membership is the cycle that first recognized the member on that track: the cycle of
  the oldest term in its renewal chain (a renewal keeps its cohort); empty for an earlier term recorded
  without a cycle. The cohort filter offers only cohorts that recognized someone (announced, or an
  earlier cohort recorded by hand), never a cycle still taking nominations.
- a member's `since` is the first day of the oldest term in that chain: a lifetime member is
  “Distinguished Engineer since 2021”, not only since their last term.

The pages and the API keep what they computed (`cached`, keyed by `data_stamp`: see "The cache of
rendered directory pages" below); docs/performance.md has the figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django_countries import countries as all_countries

from distinguished.audit import api as audit
from distinguished.contributions import api as contributions
from distinguished.people import api as people
from distinguished.program import api as program

from .models import Membership
from .terms import Status

__all__ = [
    "STATUS_FILTERS",
    "STATUS_LABELS",
    "DirectoryFilters",
    "DirectoryOptions",
    "PublicProfile",
    "cached",
    "clean_directory_filters",
    "clear_cache",
    "data_stamp",
    "directory_countries",
    "directory_entries",
    "directory_options",
    "public_profile",
    "query_key",
    "status_expression",
    "with_status",
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
    CURRENT: ("Current members", (ACTIVE, EXPIRING, LIFETIME)),
    ACTIVE: ("Active", (ACTIVE,)),
    EXPIRING: ("Renewal window open", (EXPIRING,)),
    LIFETIME: ("Lifetime", (LIFETIME,)),
    RENEWED: ("Earlier terms, renewed", (RENEWED,)),
    EXPIRED: ("Past members (term ended)", (EXPIRED,)),
    ALL: ("Current and past", (ACTIVE, EXPIRING, LIFETIME, RENEWED, EXPIRED)),
}
STATUS_LABELS = {
    ACTIVE: "Active",
    EXPIRING: "Renewal window open",
    EXPIRED: "Term ended",
    RENEWED: "Renewed",
    LIFETIME: "Lifetime",
    REVOKED: "Revoked",
}
# How far up a renewal chain the cohort is looked for (each level is one join). Five terms are ten
# years at the shipped two-year term; a longer chain shows the cohort of its fifth-oldest term.
COHORT_DEPTH = 5
MAX_QUERY = 100
PUBLIC_CONTRIBUTIONS = 20
DEFAULT_RENEWAL_WINDOW_DAYS = 90


# --- Status in SQL -------------------------------------------------------------------------------


def status_expression(today: dt.date, renewal_window_days: int) -> Case:
    """A CASE expression equal to `membership.api.status_of(m, today, renewal_window_days=…)`:
    revoked, lifetime, renewed (a later term points to this one), expired (after the last day),
    expiring (fewer than `renewal_window_days` days left), else active."""
    renewed = Exists(Membership.objects.filter(previous_id=OuterRef("pk")))
    return Case(
        When(revoked_on__isnull=False, then=Value(REVOKED)),
        When(lifetime=True, then=Value(LIFETIME)),
        When(renewed, then=Value(RENEWED)),
        When(end__lt=today, then=Value(EXPIRED)),
        When(end__lt=today + dt.timedelta(days=renewal_window_days), then=Value(EXPIRING)),
        default=Value(ACTIVE),
        output_field=CharField(),
    )


def with_status(
    queryset: QuerySet | None = None, *, today: dt.date | None = None, renewal_window_days: int | None = None
) -> QuerySet:
    """Memberships annotated with `status` (computed in SQL), `cohort_cycle_id` (the cycle of the
    oldest term of the renewal chain) and `since` (that term's first day)."""
    queryset = Membership.objects.all() if queryset is None else queryset
    today = today or timezone.localdate()
    window = _renewal_window_days() if renewal_window_days is None else renewal_window_days
    return queryset.annotate(
        status=status_expression(today, window),
        cohort_cycle_id=_cohort_expression(),
        since=_chain_expression("start"),
    )


def _chain_expression(field_name: str):
    """`field_name` of the oldest term of the renewal chain (up to COHORT_DEPTH terms back) that has one."""
    paths = ["__".join(["previous"] * depth + [field_name]) for depth in range(COHORT_DEPTH)]
    return Coalesce(*(F(path) for path in reversed(paths)))


def _cohort_expression():
    return _chain_expression("cycle_id")


def _renewal_window_days() -> int:
    row = (
        program.Program.objects.order_by("id")
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


def directory_options() -> DirectoryOptions:
    """Three small queries: the program's renewal window, its tracks and the cycles."""
    first = (
        program.Program.objects.order_by("id")
        .annotate(window=KT("definition__membership__renewal_window_days"))
        .only("id")
        .first()
    )
    tracks: dict[str, str] = {}
    window = DEFAULT_RENEWAL_WINDOW_DAYS
    if first is not None:
        tracks = dict(first.tracks.order_by("position").values_list("code", "name"))
        window = _days(first.window)
    # Only cohorts: cycles that recognized someone (a cycle still taking nominations has no member).
    cohorts = program.Cycle.objects.filter(Exists(Membership.objects.filter(cycle_id=OuterRef("pk"))))
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


def clean_directory_filters(data, options: DirectoryOptions) -> DirectoryFilters:
    """Read `track, cycle, status, country, q` from a query dict. An unknown value is an error on its
    field (a ValidationError), never silently ignored: a filter that does not filter would mislead."""
    get = data.get
    errors: dict[str, list[str]] = {}
    track = (get("track") or "").strip()
    if track and track not in options.tracks:
        errors["track"] = [f"Unknown track “{track}”; choose one of {', '.join(options.tracks)}."]
    slug = (get("cycle") or "").strip()
    cycle = options.cycle_by_slug().get(slug) if slug else None
    if slug and cycle is None:
        example = f"such as “{options.cycles[0].slug}”" if options.cycles else "once one is announced"
        errors["cycle"] = [f"No announced cohort “{slug}”; give the slug of an announced cohort, {example}."]
    status = (get("status") or "").strip() or CURRENT
    if status == REVOKED:
        errors["status"] = ["Revoked memberships are not listed publicly."]
    elif status not in STATUS_FILTERS:
        errors["status"] = [f"Unknown status “{status}”; choose one of {', '.join(STATUS_FILTERS)}."]
    country = (get("country") or "").strip().upper()
    if country and country not in all_countries:
        errors["country"] = [f"Unknown country “{country}”; give its two-letter ISO code, such as “FR”."]
    q = " ".join((get("q") or "").split())
    if len(q) > MAX_QUERY:
        errors["q"] = [f"Keep the search under {MAX_QUERY} characters."]
    if errors:
        raise ValidationError(errors)
    return DirectoryFilters(
        track=track,
        cycle=slug,
        status=status,
        country=country,
        q=q,
        cycle_id=cycle.id if cycle else None,
    )


# --- The directory ----------------------------------------------------------------------------------


def _public(queryset: QuerySet) -> QuerySet:
    return queryset.filter(contributor__listed_publicly=True, revoked_on__isnull=True)


def directory_entries(
    filters: DirectoryFilters | None = None,
    *,
    today: dt.date | None = None,
    renewal_window_days: int | None = None,
) -> QuerySet:
    """The public memberships matching the filters, each annotated with `status` and
    `cohort_cycle_id`, with contributor (and organization) and track joined; ordered by name, then
    track. One query per page of it, plus one to count."""
    filters = filters or DirectoryFilters()
    queryset = with_status(
        _public(Membership.objects.all()), today=today, renewal_window_days=renewal_window_days
    )
    queryset = queryset.filter(status__in=STATUS_FILTERS[filters.status][1])
    if filters.track:
        queryset = queryset.filter(track__code=filters.track)
    if filters.cycle_id is not None:
        queryset = queryset.filter(cohort_cycle_id=filters.cycle_id)
    if filters.country:
        queryset = queryset.filter(contributor__country=filters.country)
    if filters.q:
        for word in filters.q.split():
            queryset = queryset.filter(
                Q(contributor__name__icontains=word)
                | Q(contributor__organization__name__icontains=word)
                | Q(contributor__github__iexact=word)
            )
    return queryset.select_related("contributor__organization", "track").order_by(
        "contributor__name", "contributor_id", "track__position", "-start", "-id"
    )


def directory_countries() -> list[tuple[str, str]]:
    """(code, name) of the countries of listed members, by name: the choices of the country filter."""
    codes = (
        people.Contributor.objects.filter(listed_publicly=True)
        .exclude(country="")
        .filter(Exists(Membership.objects.filter(contributor_id=OuterRef("pk"), revoked_on__isnull=True)))
        .values_list("country", flat=True)
        .distinct()
        .order_by()
    )
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
    memberships = list(
        with_status(
            Membership.objects.filter(contributor=contributor, revoked_on__isnull=True),
            today=today,
            renewal_window_days=window,
        )
        .select_related("track")
        .order_by("track__position", "-start", "-id")
    )
    if not memberships:
        raise Membership.DoesNotExist("No such member.")
    public = list(
        contributions.Contribution.objects.filter(contributor=contributor, verified=True)
        .exclude(url="")
        .only("id", "kind", "date", "title", "url")
        .order_by("-date", "-id")[:PUBLIC_CONTRIBUTIONS]
    )
    kinds = dict(program.contribution_kinds().values_list("code", "label")) if public else {}
    return PublicProfile(
        contributor=contributor,
        memberships=memberships,
        contributions=public,
        organization_listed=contributor.organization_listed,
        contribution_kinds=kinds,
    )


# --- The cache of rendered directory pages ---------------------------------------------------------
#
# The directory is read far more often than it changes, and computing a page (a count and a page of
# memberships with their status in SQL, then rendering 50 rows) costs tens of milliseconds at 10,000
# members. So the views keep what they computed in Django's cache `directory` (settings.CACHES: per
# process by default), under a key that changes whenever what they show may have changed:
# - the day (statuses are computed from today's date);
# - the data stamp: the newest audit event (every state change of the apps records one, in the same
#   transaction), the newest membership, contributor and contribution (rows inserted in bulk by the
#   CSV imports), read from the database at most once a second per process (STAMP_SECONDS) so that a
#   cached page costs no query: a change made by another process shows within that second;
# - a counter of the saves and deletions, in this process, of the models the directory reads and of
#   audit events: a change made by this process shows at once (also an edit in the Django admin);
# - the request's filters and page (and, for the API, the host its links are built on).
# An entry lives at most DIRECTORY_CACHE_SECONDS (default 60; 0 turns the cache off), which bounds how
# long an edit made by another process without an audit event or a new row can go unseen. Nothing is
# cached inside a transaction: what it reads may not be committed (the test suite runs each test in
# one; tests/membership/test_directory.py tests the cache outside one).

WATCHED_MODELS = {
    "audit.auditevent",  # any change the apps make in this process, e.g. a bulk update they audit
    "membership.membership",
    "people.contributor",
    "program.program",
    "program.track",
    "program.cycle",
    "contributions.contribution",
    "credentials.credential",
}
_saves = [0]
# The Django cache (settings.CACHES) that holds the computed pages: per process by default.
CACHE = "directory"
_MISSING = object()
STAMP_SECONDS = 1.0
_stamp: list = [0.0, None]  # when the newest rows were read, and what they were


def _count_save(sender, **kwargs) -> None:
    if sender._meta.label_lower in WATCHED_MODELS:
        _saves[0] += 1


post_save.connect(_count_save, weak=False, dispatch_uid="membership.directory.count_save")
post_delete.connect(_count_save, weak=False, dispatch_uid="membership.directory.count_delete")


def _cache_seconds() -> float:
    return float(getattr(settings, "DIRECTORY_CACHE_SECONDS", 60))


def data_stamp() -> tuple | None:
    """What identifies the state of the data the directory shows; None when nothing may be cached
    (the cache is off, or this is inside a transaction). The part read from the database (one query
    of four index look-ups) is read again after STAMP_SECONDS at the latest, so that a page served
    from the cache costs no query: a change made in another process shows within that second; one
    made in this process at once (the save counter)."""
    if _cache_seconds() <= 0 or connection.in_atomic_block:
        return None
    now = time.monotonic()
    read_at, newest = _stamp
    if newest is None or now - read_at >= STAMP_SECONDS:
        newest = _newest_rows()
        _stamp[:] = [now, newest]
    return (*newest, _saves[0], timezone.localdate())


def _newest_rows() -> tuple:
    tables = [
        model._meta.db_table
        for model in (audit.AuditEvent, Membership, people.Contributor, contributions.Contribution)
    ]
    # Table names from the models, quoted: nothing here comes from a request.
    newest = ", ".join(f"(SELECT MAX(id) FROM {connection.ops.quote_name(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {newest}")
        return tuple(cursor.fetchone())


def clear_cache() -> None:
    """Forget every cached page (the next requests compute them again)."""
    caches[CACHE].clear()
    _stamp[:] = [0.0, None]


def query_key(query) -> tuple:
    """A query dict as a hashable cache key, the same whatever the order of its parameters."""
    return tuple(sorted((name, tuple(values)) for name, values in query.lists()))


def cached(key: Hashable, stamp: tuple | None, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it returned for the same key and data stamp within the last
    DIRECTORY_CACHE_SECONDS (Django's cache `directory`). A stamp of None computes every time."""
    if stamp is None:
        return compute()
    name = "directory:" + hashlib.sha256(repr((key, stamp)).encode()).hexdigest()
    value = caches[CACHE].get(name, _MISSING)
    if value is _MISSING:
        value = compute()
        caches[CACHE].set(name, value, timeout=_cache_seconds())
    return value
