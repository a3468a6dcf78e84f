"""The key-results engine: the value of each key result of a track for a contributor over a
window, its target, whether it is met, and the contributions behind it.

Values are aggregated in the database: one GROUP BY query (contributor, organization) with one
conditional aggregate column per key result (`Count/Sum/Max(..., filter=Q(kind__in=...))`) returns
every key result of every subject at once; Python only adds an organization's people to it and
turns counts into rates, shares and per-year values. A scorecard therefore costs the same number of queries at any data size, and
many scorecards (a whole cycle's nominations) cost the same as one.

Aggregates (the definition's `aggregate`):
- count: contributions of the key result's kinds (only `major` ones where the key result says so)
- sum:   the sum of their quantity (money, people, percent)
- max:   the best single quantity (an efficiency gain, a growth)
- rate:  count per week over the window
- share: the largest number of people reported active, as a % of the organization's employees
`period: year` values are per year: a window of other length is scaled to 12 months.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, FloatField, Max, Q, Sum

from distinguished.program import api as program

from .models import Contribution

BEHIND_LIMIT = 50  # contributions listed behind one value


@dataclass(frozen=True)
class Window:
    start: dt.date  # exclusive
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def __str__(self) -> str:
        return f"{program.human(self.start + dt.timedelta(days=1))} – {program.human(self.end)}"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def nomination_window(cycle) -> Window:
    """The months (the definition's `key_result_window_months`, 12 by default) before
    nominations close."""
    months = program.key_result_window_months()
    return Window(start=add_months(cycle.nominations_close, -months), end=cycle.nominations_close)


def term_window(start: dt.date, end: dt.date) -> Window:
    """A membership term, for renewals."""
    return Window(start=start - dt.timedelta(days=1), end=end)


@dataclass
class KeyResultValue:
    code: str
    label: str
    unit: str
    period: str
    aggregate: str
    tier: str
    group: str
    target: Decimal
    value: Decimal
    met: bool
    contributions: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "unit": self.unit,
            "period": self.period,
            "aggregate": self.aggregate,
            "tier": self.tier or None,
            "group": self.group or None,
            "value": float(self.value),
            "target": float(self.target),
            "met": self.met,
            "contributions": [
                {
                    "id": c.pk,
                    "kind": c.kind,
                    "date": c.date.isoformat(),
                    "title": c.title,
                    "url": c.url,
                    "quantity": None if c.quantity is None else float(c.quantity),
                    "major": c.major,
                    "contributor": c.contributor_id,
                }
                for c in self.contributions
            ],
        }


@dataclass
class Scorecard:
    contributor_id: int
    track: str
    window: Window
    key_results: list[KeyResultValue]
    groups: list[dict]

    @property
    def met(self) -> int:
        return sum(1 for kr in self.key_results if kr.met)

    @property
    def total(self) -> int:
        return len(self.key_results)

    @property
    def qualifies(self) -> bool | None:
        """Whether every group of the track is satisfied; None for a track without groups."""
        return all(group["met"] for group in self.groups) if self.groups else None

    def as_dict(self) -> dict:
        return {
            "contributor": self.contributor_id,
            "track": self.track,
            "window": {
                "start": (self.window.start + dt.timedelta(days=1)).isoformat(),
                "end": self.window.end.isoformat(),
            },
            "key_results": [kr.as_dict() for kr in self.key_results],
            "groups": self.groups,
            "met": self.met,
            "total": self.total,
            "qualifies": self.qualifies,
        }


def tier_of(contributor) -> str:
    """An organization's size tier; an individual on a track with tiers is measured by the
    absolute (larger-partner) key results."""
    return contributor.size_tier if contributor.is_organization else "larger"


def applies(key_result_or_group, contributor) -> bool:
    """A partner's scorecard shows only its tier's key results and groups."""
    return not key_result_or_group.tier or key_result_or_group.tier == tier_of(contributor)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


ZERO = Decimal(0)


def _value(key_result, raw, contributor, window: Window) -> Decimal:
    """A key result's value from its database aggregate (a count, a sum or a max)."""
    raw = Decimal(str(raw)) if raw else ZERO
    aggregate = key_result.aggregate
    if aggregate == "rate":
        value = raw * 7 / Decimal(max(window.days, 1))
    elif aggregate == "share":
        employees = contributor.employees or 0
        value = raw * 100 / employees if employees else ZERO
    else:
        value = raw
    if (
        key_result.period == "year"
        and aggregate in ("count", "sum")
        and window.days
        and abs(window.days - 365) > 1
    ):
        value = value * Decimal(365) / Decimal(window.days)
    return _round(value)


def _column(key_result):
    """The database aggregate of one key result over the rows of its kinds."""
    condition = Q(kind__in=key_result.kinds)
    if key_result.major_only:
        condition &= Q(major=True)
    if key_result.aggregate in ("count", "rate"):
        return Count("id", filter=condition)
    # Floats from the database, made Decimal once per value used (in _value): cheaper than a
    # Decimal converter on every cell, and exact once rounded to cents.
    if key_result.aggregate == "sum":
        return Sum("quantity", filter=condition, output_field=FloatField())
    return Max("quantity", filter=condition, output_field=FloatField())


def _aggregate(subjects, window: Window, key_results) -> tuple[dict, dict]:
    """Two maps {subject id: {key result id: aggregate}} — a subject's own contributions, and an
    organization's with its affiliated people's — from one query: grouped by contributor and
    organization, one conditional aggregate column per key result."""
    subject_ids = {s.pk for s in subjects}
    org_ids = {s.pk for s in subjects if s.is_organization}
    key_results = {kr.pk: kr for kr in key_results}
    kinds = {kind for kr in key_results.values() for kind in kr.kinds}
    columns = {f"kr{pk}": _column(kr) for pk, kr in key_results.items()}
    rows = (
        Contribution.objects.filter(date__gt=window.start, date__lte=window.end, kind__in=kinds)
        .filter(Q(contributor_id__in=subject_ids) | Q(contributor__organization_id__in=org_ids))
        .values_list("contributor_id", "contributor__organization_id")
        .annotate(**columns)
        .order_by()
    )
    order = list(key_results)
    summed = {pk for pk, kr in key_results.items() if kr.aggregate in ("count", "rate", "sum")}
    own: dict = {}
    with_affiliates: dict = {}
    for contributor_id, organization_id, *values in rows:
        found = {pk: value for pk, value in zip(order, values, strict=True) if value}
        if contributor_id in subject_ids:
            own[contributor_id] = found
            if contributor_id in org_ids:
                _merge(with_affiliates.setdefault(contributor_id, {}), found, summed)
        if organization_id in org_ids:
            _merge(with_affiliates.setdefault(organization_id, {}), found, summed)
    return own, with_affiliates


def _merge(target: dict, found: dict, summed: set) -> None:
    for pk, value in found.items():
        if pk not in target:
            target[pk] = value
        elif pk in summed:
            target[pk] += value
        else:
            target[pk] = max(target[pk], value)


def _behind(subjects, window: Window, kinds: set[str]) -> dict:
    """The contributions behind the values: {(owner id, kind): [Contribution]} newest first, in
    one query."""
    subject_ids = {s.pk for s in subjects}
    org_ids = {s.pk for s in subjects if s.is_organization}
    found: dict = defaultdict(list)
    queryset = (
        Contribution.objects.filter(date__gt=window.start, date__lte=window.end, kind__in=kinds)
        .filter(Q(contributor_id__in=subject_ids) | Q(contributor__organization_id__in=org_ids))
        .select_related("contributor")
        .order_by("-date", "-id")
    )
    for contribution in queryset:
        found[(contribution.contributor_id, "own")].append(contribution)
        if contribution.contributor.organization_id in org_ids:
            found[(contribution.contributor.organization_id, "affiliates")].append(contribution)
    return found


def scorecards(pairs, *, cycle, window: Window | None = None, with_contributions: bool = True) -> dict:
    """Scorecards for many (contributor, track) pairs of one cycle: {(contributor id, track code):
    Scorecard}. The queries do not grow with the number of pairs or of contributions."""
    pairs = list(pairs)
    if not pairs:
        return {}
    window = window or nomination_window(cycle)
    targets = {(t.key_result.track.code, t.key_result.code): t.target for t in program.targets_of(cycle)}
    tracks = {track.code: track for _, track in pairs}
    key_results = {code: list(program.key_results_of(track)) for code, track in tracks.items()}
    groups = {code: list(program.key_result_groups_of(track)) for code, track in tracks.items()}
    kinds = {kind for krs in key_results.values() for kr in krs for kind in kr.kinds}
    subjects = {contributor.pk: contributor for contributor, _ in pairs}.values()
    own, with_affiliates_stats = _aggregate(
        subjects, window, [kr for krs in key_results.values() for kr in krs]
    )
    behind = _behind(subjects, window, kinds) if with_contributions else {}
    cards = {}
    for contributor, track in pairs:
        values = []
        for kr in key_results[track.code]:
            if not applies(kr, contributor):
                continue
            with_affiliates = contributor.is_organization and kr.includes_affiliates
            raw = (with_affiliates_stats if with_affiliates else own).get(contributor.pk, {}).get(kr.pk)
            value = _value(kr, raw, contributor, window)
            target = targets.get((track.code, kr.code), kr.default_target)
            listed = [c for c in behind.get((contributor.pk, "own"), []) if c.kind in kr.kinds]
            if with_affiliates:
                listed += [c for c in behind.get((contributor.pk, "affiliates"), []) if c.kind in kr.kinds]
            if kr.major_only:
                listed = [c for c in listed if c.major]
            values.append(
                KeyResultValue(
                    code=kr.code,
                    label=kr.label,
                    unit=kr.unit,
                    period=kr.period,
                    aggregate=kr.aggregate,
                    tier=kr.tier,
                    group=kr.group.code if kr.group else "",
                    target=target,
                    value=value,
                    met=value >= target,
                    contributions=sorted(listed, key=lambda c: (c.date, c.pk), reverse=True)[:BEHIND_LIMIT],
                )
            )
        cards[(contributor.pk, track.code)] = Scorecard(
            contributor_id=contributor.pk,
            track=track.code,
            window=window,
            key_results=values,
            groups=_groups(groups[track.code], values, contributor),
        )
    return cards


def _groups(groups, values: list[KeyResultValue], contributor) -> list[dict]:
    by_code = {v.code: v for v in values}
    result = []
    for group in groups:
        if not applies(group, contributor):
            continue
        members = [by_code[kr.code] for kr in group.key_results.all() if kr.code in by_code]
        met = [m.met for m in members]
        ok = (any(met) if group.logic == "any" else all(met)) if met else False
        result.append(
            {
                "code": group.code,
                "label": group.label,
                "logic": group.logic,
                "met": ok,
                "key_results": [m.code for m in members],
            }
        )
    return result


def scorecard(contributor, track, *, cycle, window: Window | None = None) -> Scorecard:
    """The scorecard of one contributor on one track in a cycle (the nomination window by
    default; a membership term for renewals)."""
    return scorecards([(contributor, track)], cycle=cycle, window=window)[(contributor.pk, track.code)]
