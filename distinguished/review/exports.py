"""The review panel's lists as downloads (CSV or XLSX, `core.exports`), each with the rules of its
page: the nominations with the panel's scores beside them (the ranking's), the reviews of a cycle
(who reviews what, with each submitted review's scores) and its conflicts of interest with their
waivers. A conflict of interest hides a nomination from the chair or admin who exports it exactly
as on the pages, and a voided assignment's review is in none of them. Re-exported by review.api.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from distinguished.core.exports import Column, Table, rows_of
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from . import aggregation
from .conflicts import conflicts_seen_by
from .enums import ConflictSource, Recommendation, ReviewStatus
from .models import Assignment, Review
from .ranking import ranking_seen_by
from .reviewer_table import review_status
from .seats import seats_of
from .standings import ranked_rows

__all__ = [
    "conflicts_export",
    "nominations_export",
    "nominations_file_name",
    "ranking_export",
    "reviews_export",
    "scores_seen_by",
]

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


# --- The nominations, with the panel's scores -------------------------------------------------------


def scores_seen_by(viewer, *, cycle: str = "") -> dict[int, aggregation.NominationScore]:
    """{nomination id: its scores} as the ranking shows them to `viewer` (their conflicts of
    interest hidden), over every cycle with a submitted review, or the cycle named: one ranking per
    such cycle, whatever the number of nominations."""
    reviewed = set(
        Review.objects.filter(submitted__isnull=False, assignment__voided__isnull=True).values_list(
            "assignment__cycle_id", flat=True
        )
    )
    scores = {}
    for each in program.cycles().filter(pk__in=reviewed):
        if not cycle or each.slug == cycle:
            rows = ranking_seen_by(each, viewer)["rows"]
            scores.update({row["nomination"].pk: row["score"] for row in rows})
    return scores


def _is_party(viewer, nomination) -> bool:
    """The viewer made the nomination or is its nominee: whatever their role, they read none of the
    panel's work on it (its scores, reviews, conflicts) here, even where no seat makes it a
    conflict of interest (a chair or an admin without a seat on that cycle's panel)."""
    return bool(nominations.is_nominator(viewer, nomination) or nominations.is_nominee(viewer, nomination))


def _score_columns(viewer, scores: dict) -> tuple[Column, ...]:
    def score(nomination):
        return None if _is_party(viewer, nomination) else scores.get(nomination.pk)

    def reading(field):
        return lambda n: None if score(n) is None else round(getattr(score(n), field), 2)

    return (
        Column("Reviews", lambda n: None if score(n) is None else score(n).reviews),
        Column("Mean score", reading("mean")),
        Column("Normalized score", reading("normalized")),
    )


def nominations_export(user, *, cycle: str = "", track: str = "", state: str = "", q: str = "") -> Table:
    """The nominations `user` may list, filtered as the list is (`nominations.nominations_export`);
    for the chair and program admins (`review.view_scores`) with the panel's scores as the ranking
    computes them — the number of submitted reviews that count, their mean and the
    reviewer-normalised score — read for all the rows at once, never row by row."""
    more = ()
    if user.has_perm("review.view_scores"):
        more = _score_columns(user, scores_seen_by(user, cycle=cycle))
    return nominations.nominations_export(user, cycle=cycle, track=track, state=state, q=q, more_columns=more)


def nominations_file_name(cycle: str = "") -> str:
    """`nominations`, or `nominations-<cycle>` for a download of one cycle's."""
    return f"nominations-{cycle}" if cycle and SLUG.fullmatch(cycle) else "nominations"


# --- The reviews of a cycle -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ReviewRow:
    """A nomination and one of its live assignments (None: the nomination has no reviewer yet)."""

    nomination: object
    assignment: Assignment | None

    @property
    def review(self) -> Review | None:
        """The assignment's review once submitted: a draft is its reviewer's own until then."""
        review = getattr(self.assignment, "review", None) if self.assignment else None
        return review if review is not None and review.submitted else None


def _review_rows(listed, viewer) -> Iterator[ReviewRow]:
    for nomination in rows_of(listed):
        if _is_party(viewer, nomination):
            continue
        for assignment in nomination.live_assignments or [None]:
            yield ReviewRow(nomination, assignment)


def reviews_export(cycle, *, viewer) -> Table:
    """Who reviews what, with each review's scores: a row per live assignment of the cycle's
    reviewable nominations (one for a nomination without a reviewer too), for the chair and
    program admins (`review.view_reviews`). A nomination a conflict of interest hides from the
    viewer is left out, as on the page, and so is one the viewer made or is the nominee of; a
    voided assignment is no reviewer. A submitted review gives its score on each key area of the
    track, their mean and the recommendation."""
    if not viewer.has_perm("review.view_reviews", cycle):
        raise PermissionDenied(_("Only the chair and program admins see who reviews what."))
    hidden = conflicts_seen_by(cycle, viewer)["hidden"]
    groups = {seat.user_id: seat.group.name for seat in seats_of(cycle)}
    scale = program.program_settings().definition["selection"]["review"]
    areas = [
        (area.code, area.label)
        for track in program.tracks_of(cycle.program)
        for area in program.key_areas_of(track)
    ]
    live = Assignment.objects.filter(voided__isnull=True).select_related("panelist", "review").order_by("id")
    listed = (
        nominations.nominations_for_review(cycle)
        .exclude(pk__in=hidden)
        .prefetch_related(Prefetch("assignments", queryset=live, to_attr="live_assignments"))
    )

    def reviewer(read):
        return lambda row: None if row.assignment is None else read(row.assignment)

    def scored(read):
        return lambda row: None if row.review is None else read(row.review)

    def area_score(code):
        return scored(lambda review: review.scores.get(code))

    def mean(review):
        if not review.scores:
            return None
        return round(aggregation.overall(review.scores, low=scale["score_min"], high=scale["score_max"]), 2)

    columns = (
        Column("Nomination", lambda row: row.nomination.pk),
        Column("Nominee", lambda row: row.nomination.nominee.name),
        Column("Track", lambda row: row.nomination.track.name),
        Column("State", lambda row: nominations.seen_state_label(viewer, row.nomination)),
        Column("Reviewer", reviewer(lambda a: a.panelist.display_name)),
        Column("Group", reviewer(lambda a: groups.get(a.panelist_id, "no seat now"))),
        Column("Review", reviewer(lambda a: ReviewStatus(review_status(a)).label)),
        Column("Submitted", scored(lambda review: review.submitted)),
        Column("By hand", reviewer(lambda a: a.by_hand)),
        *(Column(label, area_score(code)) for code, label in areas),
        Column("Mean score", scored(mean)),
        Column(
            "Recommendation",
            scored(
                lambda review: Recommendation(review.recommendation).label if review.recommendation else None
            ),
        ),
    )
    return Table("Reviews", columns, _review_rows(listed, viewer))


# --- The conflicts of a cycle -----------------------------------------------------------------------


def conflicts_export(cycle, *, viewer) -> Table:
    """The cycle's conflicts of interest as the panel page lists them — declared, added by the
    chair and detected, each with its reason and its waiver — for the chair and program admins
    (`review.view_conflicts`); none about a nomination the viewer is conflicted with (an admin or
    a co-chair handles it), nor one they made or are the nominee of. The conflicts are computed for
    the cycle at once, as the page does."""
    if not viewer.has_perm("review.view_conflicts", cycle):
        raise PermissionDenied(_("Only the chair and program admins see every conflict."))
    rows = [
        row for row in conflicts_seen_by(cycle, viewer)["rows"] if not _is_party(viewer, row["nomination"])
    ]
    columns = (
        Column("Panelist", lambda c: c["panelist"].display_name),
        Column("Nomination", lambda c: c["nomination"].pk),
        Column("Nominee", lambda c: c["nomination"].nominee.name),
        Column("Track", lambda c: c["nomination"].track.name),
        Column("Source", lambda c: ConflictSource(c["source"]).label),
        Column(
            "Covers",
            lambda c: f"Every nomination of {c['contributor']}" if c["contributor"] else "This nomination",
        ),
        Column("Reason", lambda c: c["reason"]),
        Column("Waived", lambda c: c["waived"]),
        Column("Why it was waived", lambda c: c["waiver_reason"] or None),
    )
    return Table("Conflicts", columns, rows)


# --- The ranking -----------------------------------------------------------------------------------


def ranking_export(cycle, *, viewer, sort: str = "normalized", track: str = "") -> Table:
    """The whole ranking as its page shows it to `viewer`, every page at once, in the page's sort
    and of its track: rank (by normalised score, whatever the sort), nomination, nominee, track,
    the normalised score, mean, median, spread (standard deviation and range), the number of
    counted reviews and the disagreement flag. For the chair and program admins
    (`review.export_ranking`); a nomination a conflict of interest hides from the viewer, or
    (without a seat) one they made or are the nominee of, is left out as on the page. Rows are
    read from the stored standings in chunks."""
    if not viewer.has_perm("review.export_ranking", cycle):
        raise PermissionDenied(_("The chair and program admins export the ranking."))
    ranked = ranked_rows(cycle, viewer, sort=sort, track=track)

    def score(field):
        return lambda standing: round(getattr(standing, field), 2)

    columns = (
        Column("Rank", ranked.rank_of),
        Column("Nomination", lambda s: s.nomination_id),
        Column("Nominee", lambda s: s.nomination.nominee.name),
        Column("Track", lambda s: s.nomination.track.name),
        Column("Normalized score", score("normalized")),
        Column("Mean score", score("mean")),
        Column("Median", score("median")),
        Column("Standard deviation", score("sd")),
        Column("Range", score("range")),
        Column("Reviews", lambda s: s.reviews),
        Column("Disagreement", lambda s: s.disagreement),
    )
    return Table("Ranking", columns, rows_of(ranked.rows))
