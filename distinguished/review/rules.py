"""Who may do what on a cycle's review panel, as named predicates (django-rules) on (user, cycle).
`api.py`, the pages and the REST API ask these by name; none re-derives them from roles or seats.
What a panel member may see of one nomination (its conflicts, its assignment) is asked through
`nominations.rules` (`nominations.panel_view_nomination`)."""

import rules

from distinguished.people.api import is_chair, is_program_admin

from .models import PanelSeat


@rules.predicate
def has_a_seat(user, cycle) -> bool:
    """The user holds a seat on the cycle's panel."""
    return (
        user.is_authenticated
        and cycle is not None
        and PanelSeat.objects.filter(cycle=cycle, user_id=user.pk).exists()
    )


# The chair role and program admins run the panel: seat it, screen, assign, handle conflicts.
runs_the_panel = is_chair | is_program_admin
can_see_ranking = runs_the_panel | has_a_seat

rules.add_perm("review.run_panel", runs_the_panel)
rules.add_perm("review.view_panel", can_see_ranking)
rules.add_perm("review.view_ranking", can_see_ranking)
