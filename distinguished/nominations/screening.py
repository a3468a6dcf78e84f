"""The screening queue: a cycle's nominations awaiting or under screening, as a queryset the
screening list takes a page of, and the eligibility checks of the rows of that page.

The list is ordered by submission (then id), filtered in the database by track and by words
(`search.py`) and without the nominations a conflict of interest hides from the viewer. The
"failed check" filter asks `eligibility.failing`, which reads the candidates with only what that
one rule needs; every check of a row is computed only for the rows of the page shown. The queries
do not grow with the cycle.
"""

from __future__ import annotations

from . import conflicts, eligibility
from .enums import SCREENABLE_STATES
from .models import Nomination
from .search import search_nominations


def screening_nominations(cycle, *, viewer=None, track: str = "", failed: str = "", q: str = ""):
    """The cycle's screenable nominations `viewer` screens (none a conflict hides from them; every
    one when no viewer is given), filtered by track, by a failed rule (a code of
    `eligibility.RULES`) and by words, in submission order, with what their checks read."""
    queryset = Nomination.objects.filter(cycle=cycle, state__in=SCREENABLE_STATES)
    hidden = conflicts.hidden_from(viewer) if viewer is not None else set()
    if hidden:
        queryset = queryset.exclude(pk__in=hidden)
    if track:
        queryset = queryset.filter(track__code=track)
    queryset = search_nominations(queryset, q)
    if failed and failed not in eligibility.RULES:
        return Nomination.objects.none()
    if failed:
        queryset = Nomination.objects.filter(pk__in=eligibility.failing(queryset, failed))
    return eligibility.prefetch(queryset.select_related("nominator")).order_by("submitted", "id")


def screening_rows(nominations) -> list[tuple[Nomination, list[eligibility.Check]]]:
    """[(nomination, checks)] for nominations read from `screening_nominations` (a page of it)."""
    nominations = list(nominations)
    checks = eligibility.checks_for(nominations)
    return [(nomination, checks[nomination.pk]) for nomination in nominations]
