"""Nominations in figures, for the program's dashboard: each cycle's funnel, the screening's
reasons for ineligibility, the endorsements a nomination gathers and the days from submission to
decision. Read-only aggregates: one query each, whatever the number of nominations.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from .enums import OUTCOME_OF, REVIEW_STATES, State
from .models import Endorsement, Nomination

__all__ = [
    "FUNNEL",
    "cycle_stamps",
    "decision_days",
    "endorsement_figures",
    "funnels",
    "ineligible_reasons",
]

SELECTED_STATES = [state for state, outcome in OUTCOME_OF.items() if outcome == "selected"]

# The funnel's stages, in order, each a condition on a nomination as it stands now.
FUNNEL = {
    "started": Q(),
    "draft": Q(state=State.DRAFT),
    "submitted": Q(submitted__isnull=False),
    "consent": Q(nominee_consent=True),
    "eligible": Q(state__in=REVIEW_STATES),
    "ineligible": Q(state=State.INELIGIBLE),
    "selected": Q(state__in=SELECTED_STATES),
    "declined": Q(state=State.DECLINED),
    "deferred": Q(state=State.DEFERRED),
    "withdrawn": Q(state=State.WITHDRAWN),
    # Deferred in an earlier cycle and carried to this one's screening.
    "carried_in": Q(carried_from__isnull=False),
}


def funnels(cycle_ids) -> dict[int, dict[str, int]]:
    """{cycle id: {stage: nominations}} for the stages of `FUNNEL`: `started` every nomination,
    `draft` those still drafts, `submitted` every one ever submitted (withdrawn later or not),
    `consent` those whose nominee consented, `eligible` those screened eligible (in review or
    decided since), `selected` those the panel selected (approved and awarded since too)."""
    rows = (
        Nomination.objects.filter(cycle_id__in=list(cycle_ids))
        .values("cycle_id")
        .annotate(**{stage: Count("id", filter=condition) for stage, condition in FUNNEL.items()})
        .order_by()
    )
    empty = dict.fromkeys(FUNNEL, 0)
    found = {row.pop("cycle_id"): row for row in rows}
    return {cycle_id: found.get(cycle_id, empty) for cycle_id in cycle_ids}


def ineligible_reasons(cycle_ids) -> dict[int, list[tuple[str, int]]]:
    """{cycle id: [(reason, nominations)]}, the reasons the screeners gave, most frequent first;
    reasons that differ only in case or spacing are one."""
    rows = (
        Nomination.objects.filter(cycle_id__in=list(cycle_ids), state=State.INELIGIBLE)
        .values_list("cycle_id", "screening_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    counted: dict = defaultdict(Counter)
    spellings: dict = defaultdict(Counter)
    for cycle_id, reason, n in rows:
        text = " ".join((reason or "").split()) or "No reason recorded"
        key = text.casefold()
        spellings[(cycle_id, key)][text] += n
        counted[cycle_id][key] += n
    # Each reason in its most frequent spelling (the first in order on a tie).
    spelling = {
        found: min(texts.items(), key=lambda item: (-item[1], item[0]))[0]
        for found, texts in spellings.items()
    }
    return {
        cycle_id: sorted(
            ((spelling[(cycle_id, key)], n) for key, n in counted[cycle_id].items()),
            key=lambda item: (-item[1], item[0].casefold()),
        )
        for cycle_id in cycle_ids
    }


def _home():
    """A nominee's organization: itself when it is one, else the one its profile names."""
    return Case(
        When(nominee__kind="organization", then=F("nominee_id")),
        default=F("nominee__organization_id"),
        output_field=IntegerField(),
    )


def _external_endorsement():
    """Whether a nomination has an endorsement from outside the nominee's organization: an
    endorser whose profile names another organization or none (the eligibility rule's reading)."""
    endorsements = Endorsement.objects.filter(
        nomination=OuterRef("pk"), endorser__contributor__isnull=False
    ).annotate(
        organization=Case(
            When(endorser__contributor__kind="organization", then=F("endorser__contributor_id")),
            default=F("endorser__contributor__organization_id"),
            output_field=IntegerField(),
        )
    )
    outside = endorsements.filter(Q(organization__isnull=True) | ~Q(organization=OuterRef("home")))
    return Case(
        When(home__isnull=True, then=Exists(endorsements)),
        default=Exists(outside),
        output_field=BooleanField(),
    )


def endorsement_figures(cycle_ids) -> dict[int, dict]:
    """{cycle id: {nominations, median, external, external_share}} over the submitted nominations:
    the median number of endorsements, and how many (and what % of them) have one from outside
    the nominee's organization. One query, grouped by cycle and number of endorsements."""
    counts = (
        Endorsement.objects.filter(nomination=OuterRef("pk"))
        .order_by()
        .values("nomination")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = (
        Nomination.objects.filter(cycle_id__in=list(cycle_ids), submitted__isnull=False)
        .annotate(home=_home())
        .annotate(
            endorsement_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0),
            external=_external_endorsement(),
        )
        .values_list("cycle_id", "endorsement_count", "external")
        .annotate(nominations=Count("id"))
        .order_by()
    )
    histogram: dict = defaultdict(Counter)
    external: dict = defaultdict(int)
    for cycle_id, endorsements, is_external, n in rows:
        histogram[cycle_id][endorsements] += n
        if is_external:
            external[cycle_id] += n
    result = {}
    for cycle_id in cycle_ids:
        counted = histogram[cycle_id]
        total = sum(counted.values())
        result[cycle_id] = {
            "nominations": total,
            "median": statistics.median(counted.elements()) if total else None,
            "external": external[cycle_id],
            "external_share": round(100 * external[cycle_id] / total, 1) if total else None,
        }
    return result


def decision_days(cycle_ids) -> dict[int, float | None]:
    """{cycle id: the median number of days from a nomination's submission to the panel's
    decision} over the decided nominations (a carried one counts from its carrying). One query,
    grouped by the two days."""
    rows = (
        Nomination.objects.filter(
            cycle_id__in=list(cycle_ids), decided__isnull=False, submitted__isnull=False
        )
        .annotate(submitted_on=TruncDate("submitted"), decided_on=TruncDate("decided"))
        .values_list("cycle_id", "submitted_on", "decided_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    days: dict = defaultdict(Counter)
    for cycle_id, submitted_on, decided_on, n in rows:
        days[cycle_id][(decided_on - submitted_on).days] += n
    return {
        cycle_id: (float(statistics.median(days[cycle_id].elements())) if days[cycle_id] else None)
        for cycle_id in cycle_ids
    }


def cycle_stamps(cycle_ids) -> dict[int, str]:
    """{cycle id: a stamp of its nominations and their endorsements}: it changes when a nomination is
    made, saved (its `updated`) or deleted, or an endorsement given or removed. Two queries."""
    cycle_ids = list(cycle_ids)
    made = {
        cycle_id: f"{n}:{s}:{u.isoformat() if u else ''}"
        for cycle_id, n, s, u in Nomination.objects.filter(cycle_id__in=cycle_ids)
        .values_list("cycle_id")
        .annotate(n=Count("id"), ids=Sum("id"), last=Max("updated"))
        .order_by()
    }
    endorsed = {
        cycle_id: f"{n}:{s}"
        for cycle_id, n, s in Endorsement.objects.filter(nomination__cycle_id__in=cycle_ids)
        .values_list("nomination__cycle_id")
        .annotate(n=Count("id"), ids=Sum("id"))
        .order_by()
    }
    return {cycle_id: f"{made.get(cycle_id, '')}/{endorsed.get(cycle_id, '')}" for cycle_id in cycle_ids}
