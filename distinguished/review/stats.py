"""The review panel in figures, for the program's dashboard: seats per group, how far the
reviewing went, reviews per nomination and the panel's agreement (Krippendorff's alpha, computed by
`aggregation` as on the ranking) per cycle. Read-only: three queries for any number of cycles
(`panel_stamps`, what they rest on: three more).

The reviews counted are those the ranking counts: submitted, of an assignment a later conflict did
not void.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Max, Q, Sum

from distinguished.program import api as program

from . import aggregation
from .models import Assignment, PanelSeat, Review

__all__ = [
    "panel_figures",
    "panel_stamps",
]


def panel_figures(cycle_ids) -> dict[int, dict]:
    """{cycle id: {seats: {group code: n}, assigned, submitted, completion, nominations, reviewed,
    reviews_per_nomination, alpha}}: `completion` is the % of the live assignments whose review is
    submitted; `reviews_per_nomination` the mean number of submitted reviews of a reviewed
    nomination; `alpha` the panel's agreement (None until two reviewers scored one nomination
    differently from another)."""
    cycle_ids = list(cycle_ids)
    seats: dict = defaultdict(dict)
    for cycle_id, group, n in (
        PanelSeat.objects.filter(cycle_id__in=cycle_ids)
        .values_list("cycle_id", "group__code")
        .annotate(n=Count("id"))
        .order_by()
    ):
        seats[cycle_id][group] = n
    done = Q(review__submitted__isnull=False)
    work = {
        row.pop("cycle_id"): row
        for row in Assignment.objects.filter(cycle_id__in=cycle_ids, voided__isnull=True)
        .values("cycle_id")
        .annotate(
            assigned=Count("id"),
            submitted=Count("id", filter=done),
            nominations=Count("nomination", distinct=True),
            reviewed=Count("nomination", distinct=True, filter=done),
        )
        .order_by()
    }
    alphas = _alphas(cycle_ids)
    result = {}
    for cycle_id in cycle_ids:
        row = work.get(cycle_id, {"assigned": 0, "submitted": 0, "nominations": 0, "reviewed": 0})
        result[cycle_id] = {
            "seats": seats[cycle_id],
            **row,
            "completion": round(100 * row["submitted"] / row["assigned"], 1) if row["assigned"] else None,
            "reviews_per_nomination": round(row["submitted"] / row["reviewed"], 2)
            if row["reviewed"]
            else None,
            "alpha": alphas.get(cycle_id),
        }
    return result


def _alphas(cycle_ids) -> dict[int, float | None]:
    """Krippendorff's alpha (ordinal) of each cycle's panel over its counted reviews' overall scores."""
    settings = program.program_settings()
    scale = settings.definition["selection"]["review"] if settings else {"score_min": 1, "score_max": 5}
    low, high = scale["score_min"], scale["score_max"]
    records: dict = defaultdict(list)
    for cycle_id, panelist, nomination, scores in Review.objects.filter(
        assignment__cycle_id__in=cycle_ids, assignment__voided__isnull=True, submitted__isnull=False
    ).values_list("assignment__cycle_id", "assignment__panelist_id", "assignment__nomination_id", "scores"):
        if scores:
            records[cycle_id].append(
                aggregation.Review(panelist, nomination, aggregation.overall(scores, low=low, high=high))
            )
    return {cycle_id: aggregation.panel_alpha(items) for cycle_id, items in records.items()}


def panel_stamps(cycle_ids) -> dict[int, str]:
    """{cycle id: a stamp of what `panel_figures` reads}: its seats, assignments (made, voided,
    removed) and reviews (written, edited: their `updated`). Three queries."""
    cycle_ids = list(cycle_ids)
    voided = Q(voided__isnull=False)
    parts = [
        PanelSeat.objects.filter(cycle_id__in=cycle_ids)
        .values_list("cycle_id")
        .annotate(n=Count("id"), ids=Sum("id"), groups=Sum("group_id")),
        Assignment.objects.filter(cycle_id__in=cycle_ids)
        .values_list("cycle_id")
        .annotate(
            n=Count("id"),
            ids=Sum("id"),
            n_voided=Count("id", filter=voided),
            voided_ids=Sum("id", filter=voided),
        ),
        Review.objects.filter(assignment__cycle_id__in=cycle_ids)
        .values_list("assignment__cycle_id")
        .annotate(n=Count("id"), ids=Sum("id"), last=Max("updated")),
    ]
    stamps: dict = defaultdict(list)
    for part in parts:
        found = {row[0]: ":".join(str(value) for value in row[1:]) for row in part.order_by()}
        for cycle_id in cycle_ids:
            stamps[cycle_id].append(found.get(cycle_id, ""))
    return {cycle_id: "/".join(stamps[cycle_id]) for cycle_id in cycle_ids}
