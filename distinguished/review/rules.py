"""Who may do what on a cycle's review panel, as named predicates (django-rules) on (user, cycle).
`api.py`, the pages and the REST API ask these by name; none re-derives them from roles or seats.
What a panel member may see of one nomination (its conflicts, its assignment) is asked through
`nominations.rules` (`nominations.panel_view_nomination`)."""

import rules

from distinguished.people.api import is_chair, is_program_admin

from .models import PanelSeat


def remember_seats(user, seats: dict[int, bool]) -> None:
    """Keep every seat of the user (cycle id → holds the chair) on the user object for the rest
    of the request: the navigation asks the rules below of every cycle at once (`agenda.py`)."""
    user._panel_seats = seats


def forget_seats(user) -> None:
    """Drop the kept seats after the user's seats changed."""
    if user is not None and hasattr(user, "_panel_seats"):
        del user._panel_seats


def _kept_seats(user) -> dict[int, bool] | None:
    return getattr(user, "_panel_seats", None)


@rules.predicate
def has_a_seat(user, cycle) -> bool:
    """The user holds a seat on the cycle's panel."""
    if not user.is_authenticated or cycle is None:
        return False
    kept = _kept_seats(user)
    if kept is not None:
        return cycle.pk in kept
    return PanelSeat.objects.filter(cycle=cycle, user_id=user.pk).exists()


@rules.predicate
def holds_the_chair(user, cycle) -> bool:
    """The user holds a chair's seat on the cycle's panel."""
    if not user.is_authenticated or cycle is None:
        return False
    kept = _kept_seats(user)
    if kept is not None:
        return kept.get(cycle.pk, False)
    return PanelSeat.objects.filter(cycle=cycle, user_id=user.pk, chair=True).exists()


@rules.predicate
def is_deliberating(user, cycle) -> bool:
    """The cycle is in deliberation or later: the whole panel discusses every nomination."""
    return cycle is not None and cycle.phase in ("deliberation", "approval", "announced", "closed")


# The chair role and program admins run the panel: seat it, screen, assign, handle conflicts.
runs_the_panel = is_chair | is_program_admin
can_see_panel = runs_the_panel | has_a_seat
# Reviews stay independent: the seated panel reads the ranking (every nominee's scores) from
# deliberation on; during review only those who run the panel follow it.
can_see_ranking = runs_the_panel | (has_a_seat & (is_deliberating | holds_the_chair))

rules.add_perm("review.run_panel", runs_the_panel)
rules.add_perm("review.view_panel", can_see_panel)
rules.add_perm("review.view_ranking", can_see_ranking)

# Program admins seat the panel, by hand or by copying an earlier cycle's (panel_copy.py).
seats_the_panel = is_program_admin
# Who runs the panel follows who reviews what (reviewer_table.py); conflicts hide rows there too.
sees_who_reviews_what = runs_the_panel

rules.add_perm("review.seat_panel", seats_the_panel)
rules.add_perm("review.view_reviewers", sees_who_reviews_what)

# The lists the chair and admins download (review/exports.py), each read by whoever reads its page:
# the panel's scores beside each nomination (the ranking's, which those who run the panel follow in
# every phase); each review with its scores (who reviews what); every conflict with its reasons and
# waivers (the panel page's Conflicts). A conflict of interest hides a nomination from them all.
sees_the_scores = runs_the_panel
reads_the_reviews = sees_who_reviews_what
reads_the_conflicts = runs_the_panel

# The chair's download of the whole ranking (every row the page shows them, unpaged).
exports_the_ranking = runs_the_panel

rules.add_perm("review.view_scores", sees_the_scores)
rules.add_perm("review.export_ranking", exports_the_ranking)
rules.add_perm("review.view_reviews", reads_the_reviews)
rules.add_perm("review.view_conflicts", reads_the_conflicts)
