"""The ranking as its readers see it: who may read it (the chair, program admins, and the seated
panel from deliberation on), the cycle's nominations by reviewer-normalised score with their
conflicts hidden, and the scores the final list shows. Read from the stored standings
(standings.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from distinguished.nominations import api as nominations
from distinguished.people import api as people

from .standings import ranked_rows


def can_see_ranking(user, cycle) -> bool:
    """The chair, program admins and the seated panel (`rules.can_see_ranking`)."""
    return user.has_perm("review.view_ranking", cycle)


def ranking(cycle, *, viewer) -> dict:
    """The cycle's nominations ranked by reviewer-normalised score, with mean, median, spread and
    the number of submitted reviews, the ones the panel disagrees on most flagged, and the panel's
    agreement (Krippendorff's alpha, ordinal). A panelist never sees a nomination they are
    conflicted with."""
    if not can_see_ranking(viewer, cycle):
        raise PermissionDenied(
            _(
                "The ranking is for the chair and program admins during review, and for the whole panel "
                "from deliberation on."
            )
        )
    return ranking_seen_by(cycle, viewer)


def ranking_seen_by(cycle, viewer) -> dict:
    """The ranking as `viewer` may read it (their conflicts hidden), whoever asks: callers that
    checked their own rule (the deliberation board, the final list, the downloads) read it through
    this. Read from the stored standings (`standings.ranked_rows`: recomputed first if stale), so a
    fixed number of queries whatever the number of reviews: {agreement, rows: [{nomination, score}]
    by rank, unreviewed: the nominations no counted review scores that the chair decided}."""
    # The chair too: a conflict hides a nomination from every seat, and nobody reads the panel's
    # work on their own nomination, seat or no seat.
    ranked = ranked_rows(cycle, viewer)
    # The nominations as the panel's pages read them (what nominations_for_review joins to them).
    items = {nomination.pk: nomination for nomination in nominations.nominations_for_review(cycle)}
    rows = [
        {"nomination": items[standing.nomination_id], "score": standing}
        for standing in ranked.rows.select_related(None)
        if standing.nomination_id in items
    ]
    reviewed = {row["nomination"].pk for row in rows} | set(ranked.hidden)
    # Unreviewed nominations stay listed after the chair decides them, like the reviewed ones.
    unreviewed = [
        nomination
        for pk, nomination in items.items()
        if pk not in reviewed and nomination.state in nominations.DELIBERATED_STATES
    ]
    return {"agreement": ranked.agreement, "rows": rows, "unreviewed": unreviewed}


def final_list_scores(cycle, *, viewer) -> dict:
    """{nomination id: score} for the final list: what the ranking shows the panel and admins,
    and every reviewed nomination's score for the approver who signs the list off (an approver
    holds no seat, so no conflict hides one; with a seat, the seat's conflicts hide as ever).
    Nobody else sees scores."""
    if can_see_ranking(viewer, cycle) or people.is_approver(viewer):
        rows = ranking_seen_by(cycle, viewer)["rows"]
    else:
        return {}
    return {row["nomination"].pk: row["score"] for row in rows}
