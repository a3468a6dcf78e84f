"""Which nominations a panel member must not see because of a conflict of interest.

Conflicts are the review panel's knowledge (the review app, which sits above this one), so the
review app registers a provider here when Django starts; nominations asks it before showing a
nomination, its endorsements or its scorecard to anyone through their panel role. Being the
nominator, the nominee or an endorser still shows a person their own nomination.
"""

from collections.abc import Callable

from django.db.models import Q

_providers: list[Callable] = []


def register(provider: Callable) -> None:
    """`provider(user) -> set of nomination ids` hidden from that user's panel role."""
    if provider not in _providers:
        _providers.append(provider)


def hidden_from(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_hidden_nominations", None)
    if cached is None:
        cached = set()
        for provider in _providers:
            cached |= set(provider(user))
        user._hidden_nominations = cached
    return cached


def own_nominations(user) -> list[tuple[int, int]]:
    """(id, cycle id) of the nominations `user` made or is the nominee of. One query."""
    from .models import Nomination

    made_or_named = Q(nominator_id=user.pk)
    if user.contributor_id:
        made_or_named |= Q(nominee_id=user.contributor_id)
    return list(Nomination.objects.filter(made_or_named).values_list("pk", "cycle_id"))


_assignment_providers: list[Callable] = []


def register_assignments(provider: Callable) -> None:
    """`provider(user) -> set of nomination ids` assigned to that user for review."""
    if provider not in _assignment_providers:
        _assignment_providers.append(provider)


def assigned_to(user) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_assigned_nominations", None)
    if cached is None:
        cached = set()
        for provider in _assignment_providers:
            cached |= set(provider(user))
        user._assigned_nominations = cached
    return cached
