"""The terms that recognized a cycle's cohort: its first terms, not the renewals that keep its name."""

from __future__ import annotations

from .models import Membership


def _first_terms():
    return (
        Membership.objects.filter(previous__isnull=True)
        .select_related("contributor", "track")
        .order_by("track__position", "contributor__name", "id")
    )


def cohort_terms(cycle) -> list[Membership]:
    """The terms that recognized members in `cycle`, by track and name, with contributor and
    track loaded."""
    return list(_first_terms().filter(cycle=cycle))


def cohort_terms_of_cycles(cycle_ids) -> dict[int, list[Membership]]:
    """`cohort_terms` of several cycles in one query: cycle id → its terms (a cycle without a
    term is absent)."""
    found: dict[int, list[Membership]] = {}
    if cycle_ids:
        for term in _first_terms().filter(cycle_id__in=set(cycle_ids)):
            found.setdefault(term.cycle_id, []).append(term)
    return found
