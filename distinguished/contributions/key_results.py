"""The key-results engine: the value of each key result of a track for a contributor over a
window, its target, whether it is met, and the contributions behind it.

Values are aggregated in the database: one GROUP BY query (contributor, organization) with one
conditional aggregate column per key result (`Count/Sum/Max(..., filter=Q(kind__in=...))`) returns
every key result of every subject at once; Python only adds an organization's people to it and
turns counts into rates, shares and per-year values. A scorecard therefore costs the same number of queries at any data size, and
many scorecards (a whole cycle's nominations) cost the same as one.

Aggregates (the definition's `aggregate`):
- count: contributions of the key result's kinds (only `major` ones where the key result says so)
- sum:   the sum of their quantity (money, people, percent); a record of a kind counted in people
         (developers guided, certifications granted) without a quantity counts as one
- max:   the best single quantity (an efficiency gain, a growth)
- rate:  count per week over the window
- share: the largest number of people reported active, as a % of the organization's employees
`period: year` values are per year: a window of other length is scaled to 12 months.

Every value comes with its verified part: the same aggregate over the contributions a source or a
screener confirmed (imports, admins' records, confirmed evidence), so that a panelist sees at a glance
what rests on self-report; each contribution behind a value says whether it is verified. A track's
requirements are its key results, except that an any-of group (a partner's pathways, an advocate's
training sessions or certifications) is one requirement, met when one of its key results is.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from distinguished.people import api as people
from distinguished.program import api as program

from .measures import MEASURES
from .models import Contribution
from .scorecard import ZERO, KeyResultValue, Scorecard, Window, add_months, nomination_window, term_window

__all__ = [
    "KeyResultValue",
    "Scorecard",
    "Window",
    "add_months",
    "nomination_window",
    "scorecard",
    "scorecards",
    "term_window",
]

BEHIND_LIMIT = 50  # contributions listed behind one value


def tier_of(contributor) -> str:
    """An organization's size tier; an individual on a track with tiers is measured by the
    absolute (larger-partner) key results."""
    return contributor.size_tier if contributor.is_organization else "larger"


def applies(key_result_or_group, contributor) -> bool:
    """A partner's scorecard shows only its tier's key results and groups."""
    return not key_result_or_group.tier or key_result_or_group.tier == tier_of(contributor)


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _value(key_result, raw, contributor, window: Window) -> Decimal:
    """A key result's value from its database aggregate (a count, a sum or a max)."""
    raw = Decimal(str(raw)) if raw else ZERO
    measure = MEASURES[key_result.aggregate]
    value = measure.value(raw, contributor, window)
    if key_result.period == "year" and measure.yearly and window.days and abs(window.days - 365) > 1:
        value = value * Decimal(365) / Decimal(window.days)
    return _round(value)


def _column(key_result, *, verified: bool = False):
    """The database aggregate of one key result over the rows of its kinds (verified ones only,
    for the verified part)."""
    condition = Q(kind__in=key_result.kinds)
    if key_result.major_only:
        condition &= Q(major=True)
    if verified:
        condition &= Q(verified=True)
    return MEASURES[key_result.aggregate].column(condition)


def _owned_by(subject_ids, org_ids) -> Q:
    """The contributions of the subjects and of the people affiliated with the organizations among
    them, as one filter on `contributor_id` (the people found first, by their id or organization,
    in a subquery): an `OR` of `contributor_id` and the contributor's `organization_id` across the
    join is served by no index. At 100k on PostgreSQL: a person's scorecard 4 to 8 → 0.1 ms a query;
    three organizations with 684 affiliated people from 150 to 190 ms down to 90 to 120 (the planner still hashes
    every contributor to read their organization)."""
    return Q(contributor_id__in=people.ids_with_affiliated_people(subject_ids, org_ids))


def _aggregate(subjects, window: Window, key_results) -> tuple[dict, dict]:
    """Two maps {subject id: {(key result id, verified): aggregate}} — a subject's own
    contributions, and an organization's with its affiliated people's — from one query: grouped
    by contributor and organization, two conditional aggregate columns per key result (all its
    contributions, and the verified ones)."""
    subject_ids = {s.pk for s in subjects}
    org_ids = {s.pk for s in subjects if s.is_organization}
    key_results = {kr.pk: kr for kr in key_results}
    summed = _summed(key_results)
    own: dict = {}
    with_affiliates: dict = {}
    for contributor_id, organization_id, found in _aggregate_rows(subject_ids, org_ids, window, key_results):
        if contributor_id in subject_ids:
            own[contributor_id] = found
        for owner_id in _organizations_owning(contributor_id, organization_id, org_ids):
            _merge(with_affiliates.setdefault(owner_id, {}), found, summed)
    return own, with_affiliates


def _aggregate_rows(subject_ids, org_ids, window: Window, key_results: dict):
    """The one GROUP BY query behind `_aggregate`, row by row: (contributor id, organization id,
    {(key result id, verified): aggregate}), leaving out the empty aggregates."""
    columns = {f"kr{pk}": _column(kr) for pk, kr in key_results.items()}
    columns |= {f"vr{pk}": _column(kr, verified=True) for pk, kr in key_results.items()}
    rows = (
        Contribution.objects.filter(
            date__gt=window.start, date__lte=window.end, kind__in=_kinds_of(key_results.values())
        )
        .filter(_owned_by(subject_ids, org_ids))
        .values_list("contributor_id", "contributor__organization_id")
        .annotate(**columns)
        .order_by()
    )
    order = [(pk, False) for pk in key_results] + [(pk, True) for pk in key_results]
    for contributor_id, organization_id, *values in rows:
        yield (
            contributor_id,
            organization_id,
            {pk: value for pk, value in zip(order, values, strict=True) if value},
        )


def _kinds_of(key_results) -> set[str]:
    """The contribution kinds the key results count."""
    return {kind for kr in key_results for kind in kr.kinds}


def _summed(key_results: dict) -> set:
    """The (key result id, verified) columns that add up across an organization's people (counts,
    rates and sums); the others (max, share) take the largest."""
    additive = [pk for pk, kr in key_results.items() if kr.aggregate in ("count", "rate", "sum")]
    return {(pk, verified) for pk in additive for verified in (False, True)}


def _organizations_owning(contributor_id, organization_id, org_ids) -> list:
    """The organizations among the subjects whose with-affiliates values a row counts towards: the
    contributor itself when it is one, and the organization it is affiliated with."""
    owners = [contributor_id] if contributor_id in org_ids else []
    if organization_id in org_ids:
        owners.append(organization_id)
    return owners


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
        .filter(_owned_by(subject_ids, org_ids))
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
    targets = _targets(cycle)
    key_results, groups = _definitions({track.code: track for _, track in pairs})
    every_key_result = [kr for krs in key_results.values() for kr in krs]
    subjects = {contributor.pk: contributor for contributor, _ in pairs}.values()
    own, with_affiliates_stats = _aggregate(subjects, window, every_key_result)
    behind = _behind(subjects, window, _kinds_of(every_key_result)) if with_contributions else {}
    cards = {}
    for contributor, track in pairs:
        values = _values(
            contributor,
            track,
            key_results[track.code],
            window=window,
            targets=targets,
            aggregates=(own, with_affiliates_stats),
            behind=behind,
        )
        cards[(contributor.pk, track.code)] = Scorecard(
            contributor_id=contributor.pk,
            track=track.code,
            window=window,
            key_results=values,
            groups=_groups(groups[track.code], values, contributor),
        )
    return cards


def _targets(cycle) -> dict:
    """The cycle's targets: {(track code, key result code): target}."""
    return {(t.key_result.track.code, t.key_result.code): t.target for t in program.targets_of(cycle)}


def _values(contributor, track, key_results, *, window: Window, targets: dict, aggregates, behind) -> list:
    """The values of the track's key results that apply to the contributor, each against the cycle's
    target (or the key result's default); `aggregates` is (own, with affiliates)."""
    own, with_affiliates = aggregates
    return [
        _key_result_value(
            kr,
            contributor,
            window,
            found=_aggregates_for(kr, contributor, own, with_affiliates),
            target=targets.get((track.code, kr.code), kr.default_target),
            behind=behind,
        )
        for kr in key_results
        if applies(kr, contributor)
    ]


def _definitions(tracks: dict) -> tuple[dict, dict]:
    """The key results and the key result groups of each track, by track code."""
    key_results = {code: list(program.key_results_of(track)) for code, track in tracks.items()}
    groups = {code: list(program.key_result_groups_of(track)) for code, track in tracks.items()}
    return key_results, groups


def _aggregates_for(kr, contributor, own: dict, with_affiliates: dict) -> dict:
    """The contributor's aggregates a key result reads: its own, or an organization's with its
    affiliated people's where the key result counts them."""
    return (with_affiliates if _with_affiliates(kr, contributor) else own).get(contributor.pk, {})


def _with_affiliates(key_result, contributor) -> bool:
    """Whether an organization's key result counts its affiliated people's contributions too."""
    return contributor.is_organization and key_result.includes_affiliates


def _key_result_value(
    kr, contributor, window: Window, *, found: dict, target, behind: dict
) -> KeyResultValue:
    """One key result of a scorecard: its value and verified part from the aggregates found for
    the contributor, measured against its target, with the contributions behind it."""
    value = _value(kr, found.get((kr.pk, False)), contributor, window)
    verified_value = _value(kr, found.get((kr.pk, True)), contributor, window)
    return KeyResultValue(
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
        verified_value=verified_value,
        verified_met=verified_value >= target,
        contributions=_listed(kr, contributor, behind),
    )


def _listed(kr, contributor, behind: dict) -> list:
    """The contributions behind a key result's value, newest first, at most BEHIND_LIMIT: the
    contributor's own of its kinds (and its affiliated people's where the key result counts them;
    only major ones where it says so)."""
    owners = ["own", "affiliates"] if _with_affiliates(kr, contributor) else ["own"]
    listed = [c for owner in owners for c in behind.get((contributor.pk, owner), []) if c.kind in kr.kinds]
    if kr.major_only:
        listed = [c for c in listed if c.major]
    return sorted(listed, key=lambda c: (c.date, c.pk), reverse=True)[:BEHIND_LIMIT]


def _groups(groups, values: list[KeyResultValue], contributor) -> list[dict]:
    by_code = {v.code: v for v in values}
    result = []
    for group in groups:
        if not applies(group, contributor):
            continue
        members = [by_code[kr.code] for kr in group.key_results.all() if kr.code in by_code]
        result.append(
            {
                "code": group.code,
                "label": group.label,
                "logic": group.logic,
                "met": _satisfied(group.logic, [m.met for m in members]),
                "verified_met": _satisfied(group.logic, [m.verified_met for m in members]),
                "key_results": [m.code for m in members],
            }
        )
    return result


def _satisfied(logic: str, met: list[bool]) -> bool:
    return (any(met) if logic == "any" else all(met)) if met else False


def scorecard(contributor, track, *, cycle, window: Window | None = None) -> Scorecard:
    """The scorecard of one contributor on one track in a cycle (the nomination window by
    default; a membership term for renewals)."""
    return scorecards([(contributor, track)], cycle=cycle, window=window)[(contributor.pk, track.code)]
