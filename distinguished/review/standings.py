"""The ranking of a cycle, stored: each reviewed nomination's standing (review.aggregation's numbers
and its rank by normalised score) and the panel's agreement, kept per cycle, so that a page of the
ranking is one ordered, limited query whatever the number of nominations (decision 0013).

The standings do not depend on who reads them; only which rows a viewer may read does: never a
nomination a conflict of interest hides from them (the conflicted pairs are stored with the
standings), nor, without a seat, one they made or are the nominee of (read per request).

They are recomputed by one function, `refresh_standings`, from the same counted reviews and the
same `aggregation.summarize` as `ranking_seen_by`, when a read finds them stale: `mark_stale` was
called (a change a lower app reports: an endorsement, an organization, a claimed profile), or the
stamp of the data they rest on differs from the stored one — the cycle's counted reviews (a review
submitted or edited, an assignment voided), its declared conflicts, waivers and seats, and its
reviewable nominations. Re-exported by review.api.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from distinguished.nominations import api as nominations
from distinguished.program import api as program

from . import aggregation
from .conflicts import conflicted_pairs
from .models import Assignment, Conflict, ConflictWaiver, CycleStandings, PanelSeat, Review, Standing
from .reviews import counted_reviews
from .seats import seat_of

__all__ = [
    "RANKING_SORTS",
    "RankedRows",
    "conflicts_stamp",
    "cycle_summary",
    "kept_conflicts",
    "mark_stale",
    "nominee_renamed",
    "ranked_rows",
    "ranking_filters",
    "refresh_standings",
    "standings_of",
]

# The sorts of the ranking, in words, and their order: the rank (by normalised score) breaks ties.
RANKING_SORTS = {
    "normalized": (gettext_lazy("Normalised score"), ("rank",)),
    "mean": (gettext_lazy("Mean score"), ("-mean", "rank")),
    "spread": (gettext_lazy("Spread (range)"), ("-range", "-sd", "rank")),
    "disagreement": (gettext_lazy("Disagreement"), ("-disagreement", "-range", "-sd", "rank")),
    "track": (pgettext_lazy("noun", "Track"), ("track__position", "rank")),
    "nominee": (gettext_lazy("Nominee"), ("nominee_sort", "rank")),
}
DEFAULT_SORT = "normalized"
JOINED = ("nomination__nominee", "nomination__track")


def cycle_summary(cycle, pairs: set[tuple[int, int]]) -> aggregation.CycleSummary:
    """review.aggregation's summary of the cycle's counted reviews (`pairs`: the conflicted pairs,
    whose reviews never count)."""
    scale = program.program_settings().definition["selection"]["review"]
    low, high = scale["score_min"], scale["score_max"]
    return aggregation.summarize(
        [
            aggregation.Review(
                r.assignment.panelist_id,
                r.assignment.nomination_id,
                aggregation.overall(r.scores, low=low, high=high),
            )
            for r in counted_reviews(cycle, pairs)
            if r.scores
        ],
        low=low,
        high=high,
    )


# --- Keeping them true -------------------------------------------------------------------------


def _stamps(cycle) -> tuple[str, str]:
    """What the standings rest on, in a few aggregates: (the counted reviews, the conflicts). Any
    change to either changes its stamp."""
    reviews = Review.objects.filter(
        assignment__cycle=cycle, assignment__voided__isnull=True, submitted__isnull=False
    ).aggregate(n=Count("id"), s=Sum("id"), u=Max("updated"))
    voided = Assignment.objects.filter(cycle=cycle, voided__isnull=False).aggregate(
        n=Count("id"), s=Sum("id")
    )
    return _joined(reviews, voided), conflicts_stamp(cycle)


def conflicts_stamp(cycle) -> str:
    """What the cycle's conflicts rest on: its seats, declared conflicts and waivers, and its
    reviewable nominations, their nominees, nominators and tracks (an endorsement, an organization
    or a claimed profile changes through a signal, which marks the standings stale)."""
    declared = Conflict.objects.filter(cycle=cycle).aggregate(n=Count("id"), s=Sum("id"))
    waivers = ConflictWaiver.objects.filter(nomination__cycle=cycle).aggregate(n=Count("id"), s=Sum("id"))
    seats = PanelSeat.objects.filter(cycle=cycle).aggregate(n=Count("id"), s=Sum("id"))
    # Who each nomination concerns and its track, not when it last changed: a decision or an edit
    # of its texts changes no conflict and no rank (a recompute is 30 s at 10,000 nominations).
    items = (
        nominations.nominations_for_review(cycle)
        .order_by()
        .aggregate(
            n=Count("id"),
            s=Sum("id"),
            nominees=Sum(F("id") * F("nominee_id")),
            nominators=Sum(F("id") * F("nominator_id")),
            tracks=Sum(F("id") * F("track_id")),
        )
    )
    return _joined(declared, waivers, seats, items)


def _joined(*parts: dict) -> str:
    return "|".join(":".join(str(value) for value in part.values()) for part in parts)


def kept_conflicts(cycle) -> dict[str, list[int]] | None:
    """{panelist id: [nomination ids]} of the cycle's conflicts not waived, as stored with the
    standings, when nothing they rest on changed since; None when they must be computed afresh.
    A few aggregate queries, whatever the number of nominations."""
    state = CycleStandings.objects.filter(cycle=cycle).only("stale", "conflicts_stamp", "conflicted").first()
    if state is None or state.stale or state.conflicts_stamp != conflicts_stamp(cycle):
        return None
    return state.conflicted


def mark_stale(cycle=None) -> None:
    """The standings of `cycle` (of every cycle when None) are recomputed at their next read."""
    rows = CycleStandings.objects.all() if cycle is None else CycleStandings.objects.filter(cycle=cycle)
    rows.update(stale=True)


def nominee_renamed(contributor) -> int:
    """Copy a nominee's new name onto their standings (the ranking's sort by nominee); how many."""
    name = contributor.name.lower()
    return (
        Standing.objects.filter(nomination__nominee_id=contributor.pk)
        .exclude(nominee_sort=name)
        .update(nominee_sort=name)
    )


def refresh_standings(cycle, *, stamps: tuple[str, str] | None = None) -> CycleStandings:
    """Recompute and store the cycle's standings and the panel's agreement from its counted reviews,
    with the conflicted pairs; one transaction, the cycle's row locked so that two readers do not
    both write them. `stamps`: `_stamps(cycle)`, taken before the data is read."""
    stamps = _stamps(cycle) if stamps is None else stamps
    with transaction.atomic():
        state, _ = CycleStandings.objects.get_or_create(cycle=cycle)
        state = CycleStandings.objects.select_for_update().get(pk=state.pk)
        items = list(nominations.nominations_for_review(cycle))
        pairs = conflicted_pairs(cycle, items=items)
        summary = cycle_summary(cycle, pairs)
        listed = {n.pk: n for n in items}
        Standing.objects.filter(cycle=cycle).delete()
        Standing.objects.bulk_create(
            (
                Standing(
                    cycle=cycle,
                    nomination_id=score.nomination,
                    rank=rank,
                    reviews=score.reviews,
                    normalized=score.normalized,
                    mean=score.mean,
                    median=score.median,
                    sd=score.sd,
                    range=score.range,
                    mean_z=score.mean_z,
                    disagreement=score.disagreement,
                    track_id=listed[score.nomination].track_id,
                    nominee_sort=listed[score.nomination].nominee.name.lower(),
                )
                for rank, score in enumerate((s for s in summary.ranking if s.nomination in listed), start=1)
            ),
            batch_size=1000,
        )
        conflicted: dict[str, list[int]] = {}
        for panelist, nomination in sorted(pairs):
            conflicted.setdefault(str(panelist), []).append(nomination)
        (state.stamp, state.conflicts_stamp), state.stale, state.alpha = stamps, False, summary.alpha
        state.conflicted, state.computed = conflicted, timezone.now()
        state.save()
    return state


def standings_of(cycle) -> CycleStandings:
    """The cycle's standings, recomputed first when stale."""
    stamps = _stamps(cycle)
    state = CycleStandings.objects.filter(cycle=cycle).first()
    if state is None or state.stale or (state.stamp, state.conflicts_stamp) != stamps:
        state = refresh_standings(cycle, stamps=stamps)
    return state


# --- Reading them --------------------------------------------------------------------------------


def ranking_filters(cycle, data) -> dict:
    """The ranking's `sort` and `track` (a track code of the cycle's program) checked: {sort,
    track}; a ValidationError naming each refused one."""
    sort = (data.get("sort") or DEFAULT_SORT).strip()
    track = (data.get("track") or "").strip()
    errors = {}
    if sort not in RANKING_SORTS:
        errors["sort"] = [
            _("Sort by one of %(sorts)s; “%(sort)s” is not one.")
            % {"sorts": ", ".join(RANKING_SORTS), "sort": sort}
        ]
    if track and track not in {t.code for t in program.tracks_of(cycle.program)}:
        errors["track"] = [_("“%(track)s” is not a track of the program.") % {"track": track}]
    if errors:
        raise ValidationError(errors)
    return {"sort": sort, "track": track}


@dataclass(frozen=True)
class RankedRows:
    """The ranking as one viewer reads it: `rows`, a queryset of Standing (nomination, nominee and
    track joined) in the chosen order without the hidden nominations; `rank_of(standing)` its
    rank by normalised score among the rows the viewer reads, whatever the sort."""

    agreement: float | None
    rows: object
    hidden: frozenset
    hidden_ranks: tuple[int, ...]
    cycle: object

    def rank_of(self, standing: Standing) -> int:
        return standing.rank - bisect.bisect_left(self.hidden_ranks, standing.rank)

    def ids(self):
        """The rows' ids in their order: paginate these, then `load` a page of them. Sorting and
        skipping narrow rows keeps a deep page as quick as the first."""
        return self.rows.values_list("pk", flat=True)

    def load(self, ids) -> list[Standing]:
        """The standings of `ids` (a page of `ids()`), nomination, nominee and track joined, in order."""
        found = {s.pk: s for s in Standing.objects.filter(pk__in=list(ids)).select_related(*JOINED)}
        return [found[pk] for pk in ids if pk in found]

    def row(self, standing: Standing) -> dict:
        """The row as the pages and the API read it: {nomination, score, rank}."""
        return {"nomination": standing.nomination, "score": standing, "rank": self.rank_of(standing)}

    def unreviewed(self):
        """The cycle's reviewable nominations the viewer may read and no counted review scores."""
        return (
            nominations.nominations_for_review(self.cycle)
            .exclude(pk__in=Standing.objects.filter(cycle=self.cycle).values("nomination_id"))
            .exclude(pk__in=self.hidden)
        )


def ranked_rows(cycle, viewer, *, sort: str = DEFAULT_SORT, track: str = "") -> RankedRows:
    """The cycle's standings as `viewer` reads them (their conflicts of interest hidden, and
    without a seat their own nominations), in the order of `sort` (RANKING_SORTS), of one track
    if given. A fixed number of queries, whatever the number of nominations. The caller checked
    the viewer may read the ranking."""
    state = standings_of(cycle)
    hidden = set(state.conflicted.get(str(viewer.pk), ()))
    own = {pk for pk, cycle_id in nominations.own_nominations(viewer) if cycle_id == cycle.pk}
    if own and seat_of(viewer, cycle) is None:
        hidden |= own
    ranks = ()
    if hidden:
        ranks = tuple(
            sorted(
                Standing.objects.filter(cycle=cycle, nomination_id__in=hidden).values_list("rank", flat=True)
            )
        )
    rows = (
        Standing.objects.filter(cycle=cycle)
        .exclude(nomination_id__in=hidden)
        .select_related(*JOINED)
        .order_by(*RANKING_SORTS[sort][1])
    )
    if track:
        rows = rows.filter(track__code=track)
    return RankedRows(
        agreement=state.alpha, rows=rows, hidden=frozenset(hidden), hidden_ranks=ranks, cycle=cycle
    )
