"""Contributions in figures, for the program's dashboard: the key results of many members, each
over their own term, in one query; and the contributions of given kinds in a period.

`key_results_over_terms` is the key-results engine (key_results.py) batched over terms that each
have their own window: the caller's queryset of terms is annotated with one correlated subquery per
key result (its count, sum or maximum over the term's contributions, read through the index on
contributor, kind and date), under a `CASE` on the term's track so that a row computes only its own
track's key results. One query returns every term's raw values; Python turns them into per-year
values, rates and shares exactly as a scorecard does, and counts who meets what.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from types import SimpleNamespace

from django.db.models import Case, Count, F, FloatField, Max, OuterRef, Q, Subquery, Sum, Value, When

from distinguished.program import api as program

from .key_results import _people_kinds, _satisfied, _value, applies
from .models import Contribution
from .scorecard import ZERO, Window

__all__ = [
    "contributions_between",
    "key_results_over_terms",
]

TERM_FIELDS = ("subject_id", "first_day", "track_code", "subject_kind", "subject_tier", "subject_employees")


def contributions_between(kinds, since: dt.date, until: dt.date):
    """The contributions of `kinds` dated in [since, until] (a queryset: the membership figures
    keep those made by members)."""
    return Contribution.objects.filter(kind__in=list(kinds), date__gte=since, date__lte=until).order_by()


def _aggregate_of(key_result):
    if key_result.aggregate in ("count", "rate"):
        return Count("id")
    if key_result.aggregate == "sum":
        # A certification (or a mentorship) recorded without a number is one person.
        quantity = Case(
            When(Q(quantity__isnull=True) & Q(kind__in=_people_kinds()), then=Value(1.0)),
            default=F("quantity"),
            output_field=FloatField(),
        )
        return Sum(quantity, output_field=FloatField())
    return Max("quantity", output_field=FloatField())


def _subquery(key_result, last_day: dt.date, *, affiliates: bool):
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
        rows.order_by().values(owner).annotate(value=_aggregate_of(key_result)).values("value")[:1],
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
    the terms whatever their number, plus the program's tracks and the cycle's targets.

    Returns `[{track, name, members, ready, key_results: [{code, label, unit, target, members, met}]}]`
    in the definition's order; `members` of a key result counts those it applies to (a partner
    tier's key results apply to that tier's partners)."""
    loaded = program.get_program()
    if loaded is None:
        return []
    tracks = list(loaded.tracks.all())
    targets = {}
    if cycle is not None:
        targets = {(t.key_result.track.code, t.key_result.code): t.target for t in program.targets_of(cycle)}
    columns: dict = {}
    for track in tracks:
        for kr in track.key_results.all():
            same_track = Q(track_code=track.code)
            columns[f"own{kr.pk}"] = Case(
                When(same_track, then=_subquery(kr, last_day, affiliates=False)), output_field=FloatField()
            )
            if kr.includes_affiliates:
                columns[f"aff{kr.pk}"] = Case(
                    When(
                        same_track & Q(subject_kind="organization"),
                        then=_subquery(kr, last_day, affiliates=True),
                    ),
                    output_field=FloatField(),
                )
    names = list(columns)
    rows = terms.annotate(**columns).values_list(*TERM_FIELDS[1:], *names)

    by_code = {track.code: track for track in tracks}
    met: dict = defaultdict(lambda: defaultdict(int))
    measured: dict = defaultdict(lambda: defaultdict(int))
    members: dict = defaultdict(int)
    ready: dict = defaultdict(int)
    for first_day, track_code, kind, tier, employees, *values in rows:
        track = by_code.get(track_code)
        if track is None:
            continue
        raw = dict(zip(names, values, strict=True))
        subject = SimpleNamespace(is_organization=kind == "organization", size_tier=tier, employees=employees)
        window = Window(start=first_day - dt.timedelta(days=1), end=max(last_day, first_day))
        outcome = {}
        for kr in track.key_results.all():
            if not applies(kr, subject):
                continue
            value = _combined(kr, raw.get(f"own{kr.pk}"), raw.get(f"aff{kr.pk}"))
            target = targets.get((track_code, kr.code), kr.default_target)
            # Most members have nothing in most key results: no Decimal arithmetic for a zero.
            outcome[kr.code] = _value(kr, value, subject, window) >= target if value else target <= ZERO
            measured[track_code][kr.code] += 1
            met[track_code][kr.code] += outcome[kr.code]
        members[track_code] += 1
        ready[track_code] += _all_met(track, outcome, subject)
    return [
        {
            "track": track.code,
            "name": track.name,
            "members": members[track.code],
            "ready": ready[track.code],
            "key_results": [
                {
                    "code": kr.code,
                    "label": kr.label,
                    "unit": kr.unit,
                    "tier": kr.tier,
                    "target": targets.get((track.code, kr.code), kr.default_target),
                    "members": measured[track.code][kr.code],
                    "met": met[track.code][kr.code],
                }
                for kr in track.key_results.all()
            ],
        }
        for track in tracks
    ]


def _all_met(track, outcome: dict[str, bool], subject) -> bool:
    """Every requirement met, as a scorecard counts them: each key result outside an any-of group,
    and each any-of group that applies (met when one of its key results is)."""
    either = set()
    requirements = []
    for group in track.key_result_groups.all():
        if group.logic != "any" or not applies(group, subject):
            continue
        codes = [kr.code for kr in group.key_results.all() if kr.code in outcome]
        either.update(codes)
        requirements.append(_satisfied("any", [outcome[code] for code in codes]))
    requirements += [value for code, value in outcome.items() if code not in either]
    return bool(requirements) and all(requirements)
