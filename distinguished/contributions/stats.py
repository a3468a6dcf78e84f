"""Contributions in figures, for the program's dashboard: the key results of many members, each
over their own term, in one query; and the contributions of given kinds in a period.

`key_results_over_terms` is the key-results engine (key_results.py) batched over terms that each
have their own window: the caller's queryset of terms is annotated with one correlated subquery per
key result (its count, sum or maximum over the term's contributions, read through the index on
contributor, kind and date), under a `CASE` on the term's track so that a row computes only its own
track's key results. One query returns every term's raw values; Python turns them into per-year
values, rates and shares exactly as a scorecard does, once per distinct row, and counts who meets
what.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.db import connection
from django.db.models import Case, Count, F, FloatField, Func, Max, OuterRef, Q, Subquery, Value, When

from distinguished.program import api as program

from .key_results import _value, applies
from .measures import PEOPLE
from .models import Contribution
from .scorecard import ZERO, Window

__all__ = [
    "contributions_between",
    "contributions_stamp",
    "key_results_over_terms",
]

TERM_FIELDS = ("subject_id", "first_day", "track_code", "subject_kind", "subject_tier", "subject_employees")


def contributions_between(kinds, since: dt.date, until: dt.date):
    """The contributions of `kinds` dated in [since, until] (a queryset: the membership figures
    keep those made by members)."""
    return Contribution.objects.filter(kind__in=list(kinds), date__gte=since, date__lte=until).order_by()


def contributions_stamp() -> str:
    """The last contribution's id and how many have one of the last 1,000 ids: it moves when
    contributions are recorded, in bulk too (a Slack import), and when a transaction that recorded
    one commits after a later one. One query, read from the primary key's index."""
    last = Contribution.objects.order_by("-pk").values("pk")[:1]
    recent = Contribution.objects.filter(pk__gt=Subquery(last) - RECENT_IDS)
    return "{last}:{n}".format(**recent.aggregate(last=Max("id"), n=Count("id")))


# The contributions recorded lately, as far as the stamp counts them.
RECENT_IDS = 1000


def _aggregate_of(key_result, people_kinds: list[str]):
    """The key result's aggregate as a plain SQL function: inside a correlated subquery it needs
    no GROUP BY (and no LIMIT), which SQLite answers faster."""
    if key_result.aggregate in ("count", "rate"):
        return Func(F("id"), function="COUNT", output_field=FloatField())
    if key_result.aggregate == "sum":
        # A certification (or a mentorship) recorded without a number is one person.
        quantity = Case(
            When(Q(quantity__isnull=True) & Q(kind__in=people_kinds), then=Value(1.0)),
            default=F("quantity"),
            output_field=FloatField(),
        )
        return Func(quantity, function="SUM", output_field=FloatField())
    return Func(F("quantity"), function="MAX", output_field=FloatField())


def _subquery(key_result, last_day: dt.date, people_kinds: list[str], *, affiliates: bool):
    """The key result's aggregate over one term's contributions (the subject's own, or for an
    organization its affiliated people's), correlated with the outer term row."""
    owner = "contributor__organization_id" if affiliates else "contributor_id"
    rows = Contribution.objects.filter(
        **{owner: OuterRef("subject_id")},
        kind__in=key_result.kinds,
        date__gte=OuterRef("first_day"),
        date__lte=last_day,
    )
    if key_result.major_only:
        rows = rows.filter(major=True)
    return Subquery(
        rows.order_by().annotate(value=_aggregate_of(key_result, people_kinds)).values("value"),
        output_field=FloatField(),
    )


def _combined(key_result, own, affiliated):
    if own is None or affiliated is None:
        return affiliated if own is None else own
    return max(own, affiliated) if key_result.aggregate == "max" else own + affiliated


def key_results_over_terms(terms, *, last_day: dt.date, cycle=None) -> list[dict]:
    """For each track, how many of `terms` meet each of its key results over their own window
    (the term's `first_day` to `last_day`), against `cycle`'s targets (the definition's defaults
    without one), and how many meet every requirement (an any-of group is one requirement).

    `terms` is a queryset annotated with the names in `TERM_FIELDS`: `subject_id` (the member),
    `first_day`, `track_code`, `subject_kind`, `subject_tier`, `subject_employees`. One query for
    the terms whatever their number, plus the program and the cycle's targets.

    Returns `[{track, name, members, ready, key_results: [{code, label, unit, target, members, met}]}]`
    in the definition's order; `members` of a key result counts those it applies to (a partner
    tier's key results apply to that tier's partners)."""
    loaded = program.get_program()
    if loaded is None:
        return []
    targets = _targets(cycle)
    tracks = list(loaded.tracks.all())
    people = [kind.code for kind in loaded.contribution_kinds.all() if kind.quantity == PEOPLE]
    columns, plans = _columns_and_plans(tracks, targets, last_day, people)
    distinct = _distinct_rows(terms, columns, plans)
    return [_track_readiness(track, plans[track.code], distinct, last_day) for track in tracks]


def _targets(cycle) -> dict:
    """The cycle's targets by (track code, key result code); none without a cycle."""
    if cycle is None:
        return {}
    return {(t.key_result.track.code, t.key_result.code): t.target for t in program.targets_of(cycle)}


def _columns_and_plans(tracks, targets: dict, last_day: dt.date, people: list[str]) -> tuple[dict, dict]:
    """The terms' query columns (each key result's own value, and its affiliated people's where it
    counts them, computed only on its track's rows) and each track's plan: [(key result, place
    of its own value in a row, place of its affiliated people's or None, target)]."""
    columns: dict = {}
    plans = {}
    for track in tracks:
        plan = []
        for kr in track.key_results.all():
            own = f"own{kr.pk}"
            columns[own] = Case(
                When(track_code=track.code, then=_subquery(kr, last_day, people, affiliates=False)),
                output_field=FloatField(),
            )
            affiliated = f"aff{kr.pk}" if kr.includes_affiliates else None
            if affiliated:
                columns[affiliated] = Case(
                    When(
                        Q(track_code=track.code, subject_kind="organization"),
                        then=_subquery(kr, last_day, people, affiliates=True),
                    ),
                    output_field=FloatField(),
                )
            plan.append((kr, own, affiliated, targets.get((track.code, kr.code), kr.default_target)))
        plans[track.code] = plan
    at = {name: 4 + j for j, name in enumerate(columns)}
    plans = {
        code: [(kr, at[own], at.get(affiliated), target) for kr, own, affiliated, target in plan]
        for code, plan in plans.items()
    }
    return columns, plans


def _distinct_rows(terms, columns: dict, plans: dict) -> Counter:
    """The terms' query run once, its rows counted by their distinct values: members with the same
    values, start and kind meet the same key results, so each such row is counted once (most
    members with nothing yet share one) and the Python after runs per distinct row."""
    shares = {code for code, plan in plans.items() if any(kr.aggregate == "share" for kr, *_ in plan)}
    query = terms.annotate(**columns).values_list(
        "track_code", "first_day", "subject_kind", "subject_tier", *columns
    )
    query = query.annotate(employees=F("subject_employees"))
    sql, params = query.query.sql_with_params()
    distinct: Counter = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for track_code, first_day, kind, tier, *values, employees in cursor.fetchall():
            if not any(values):
                first_day = None  # nothing to scale
            distinct[
                track_code, first_day, kind, tier, employees if track_code in shares else None, *values
            ] += 1
    return distinct


def _track_readiness(track, plan, distinct: Counter, last_day: dt.date) -> dict:
    """One track's readiness from the distinct rows of the terms' query."""
    profiles: dict = {}
    rows_of: dict = defaultdict(int)
    met = [0] * len(plan)
    ready = 0
    for (track_code, first_day, kind, tier, employees, *values), n in distinct.items():
        if track_code != track.code:
            continue
        profile = profiles.get((kind, tier))
        if profile is None:
            profile = profiles[kind, tier] = _profile(track, plan, kind, tier)
        rows_of[kind, tier] += n
        items, any_groups, singles = profile
        oks = _met_by_row(items, values, first_day, employees, last_day)
        for (j, *_), ok in zip(items, oks, strict=True):
            if ok:
                met[j] += n
        if _all_requirements_met(oks, any_groups, singles):
            ready += n
    measured = _measured(len(plan), profiles, rows_of)
    return {
        "track": track.code,
        "name": track.name,
        "members": sum(rows_of.values()),
        "ready": ready,
        "key_results": [
            {
                "code": kr.code,
                "label": kr.label,
                "unit": kr.unit,
                "tier": kr.tier,
                "target": target,
                "members": measured[j],
                "met": met[j],
            }
            for j, (kr, _, _, target) in enumerate(plan)
        ],
    }


def _met_by_row(items, values: list, first_day, employees, last_day: dt.date) -> list[bool]:
    """Whether one distinct row meets each key result that applies to it (`items` of its profile),
    as a scorecard over the term's window would say."""
    window = subject = None
    oks = []
    for _j, kr, own_at, aff_at, target in items:
        own = values[own_at - 4]
        value = own if aff_at is None else _combined(kr, own, values[aff_at - 4])
        if not value:
            # Most members have nothing in most key results: no Decimal arithmetic for a zero.
            oks.append(target <= ZERO)
            continue
        if window is None:
            window = _term_window(first_day, last_day)
            subject = SimpleNamespace(employees=employees)
        oks.append(_value(kr, value, subject, window) >= target)
    return oks


def _term_window(first_day, last_day: dt.date) -> Window:
    """A term's window: from its first day (a date, or its ISO text from the database) to
    `last_day`."""
    first = first_day if isinstance(first_day, dt.date) else dt.date.fromisoformat(first_day)
    return Window(start=first - dt.timedelta(days=1), end=max(last_day, first))


def _all_requirements_met(oks: list[bool], any_groups: list, singles: list) -> bool:
    """Whether a row meets every requirement: each any-of group through one of its key results,
    each key result outside them by itself."""
    requirements = [any(oks[k] for k in group) for group in any_groups] + [oks[k] for k in singles]
    return bool(requirements) and all(requirements)


def _measured(size: int, profiles: dict, rows_of: dict) -> list[int]:
    """How many members each key result of the plan applies to."""
    measured = [0] * size
    for key, (items, _, _) in profiles.items():
        for j, *_ in items:
            measured[j] += rows_of[key]
    return measured


def _any_groups(track, subject, position: dict[str, int]) -> list[list[int]]:
    """The track's any-of groups that apply to the subject, each as the positions of its key results
    that apply (`position`: a key result's code to its place)."""
    return [
        [position[kr.code] for kr in group.key_results.all() if kr.code in position]
        for group in track.key_result_groups.all()
        if group.logic == "any" and applies(group, subject)
    ]


def _profile(track, plan, kind: str, tier: str) -> tuple:
    """What applies to a subject of this kind and tier, as a scorecard counts requirements: the key
    results (each with its place in `plan`), the any-of groups (each one requirement, met when one
    of its key results is; as positions in the key results that apply) and the key results outside
    them (each a requirement of its own)."""
    subject = SimpleNamespace(is_organization=kind == "organization", size_tier=tier)
    items = [(j, *item) for j, item in enumerate(plan) if applies(item[0], subject)]
    position = {kr.code: k for k, (_, kr, *_) in enumerate(items)}
    any_groups = _any_groups(track, subject, position)
    grouped = {k for group in any_groups for k in group}
    return items, any_groups, [k for k in range(len(items)) if k not in grouped]
