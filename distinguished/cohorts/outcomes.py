"""Each decided nomination's outcome told to its nominee and nominator (selected, declined or
deferred, with the panel's feedback — never its rationale), and where a deferred nomination goes:
the next cycle whose screening is not over."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from distinguished.nominations import api as nominations
from distinguished.notifications import api as notifications
from distinguished.program import api as program

from . import announcement as text
from .cycle_steps import _link
from .models import Award

State = nominations.State


def _next_cycle(cycle, today: dt.date):
    """The next cycle by dates whose screening is not over: where a deferred nomination goes."""
    return (
        program.cycles()
        .filter(nominations_open__gt=cycle.nominations_open, screening_due__gte=today)
        .order_by("nominations_open", "id")
        .first()
    )


def _parties(nomination) -> list[tuple[str, bool]]:
    """(address, is the nominee) for the nominee and the nominator, each address once."""
    nominee = nomination.nominee
    user = getattr(nominee, "user", None)
    candidates = [(nominee.email or (user.email if user else ""), True)]
    if nomination.nominator.contributor_id != nominee.pk:
        candidates.append((nomination.nominator.email, False))
    found: dict[str, bool] = {}
    for address, is_nominee in candidates:
        if address:
            found.setdefault(address.lower(), is_nominee)
    return list(found.items())


def _tell_outcome(nomination, name: str, context: dict) -> None:
    # The nomination page shows the decision from the announcement on.
    context = {"decision_link": reverse("nominations:nomination", args=[nomination.pk]), **context}
    for address, to_nominee in _parties(nomination):
        notifications.notify(
            address,
            name,
            {
                "nomination": nomination,
                "nominee": nomination.nominee,
                "track": nomination.track,
                "cycle": nomination.cycle,
                "feedback": nomination.decision_feedback,
                "to_nominee": to_nominee,
                **context,
            },
        )


def _announce_outcomes(actor, cycle, today: dt.date) -> list[int]:
    """E-mail every decided nomination's outcome; carry the deferred ones. The carried ids."""
    awards = {
        award.nomination_id: award.membership
        for award in Award.objects.filter(announcement__cycle=cycle).select_related("membership")
    }
    target = _next_cycle(cycle, today)
    carried = []
    # From now on the nominee and the nominator read the decision on the nomination too.
    nominations.announce_decisions(actor=actor, cycle=cycle)
    for nomination in nominations.decided_list(cycle):
        if nomination.state == State.AWARDED:
            term = awards[nomination.pk]
            _tell_outcome(
                nomination,
                "nomination_awarded",
                {
                    "membership": term,
                    "profile_link": text.profile_path(nomination.nominee_id),
                    "listed": nomination.nominee.listed_publicly,
                    "settings_link": reverse("people:me"),
                    "answered": nomination.list_publicly is not None,
                    "announcement_link": _link("cohorts:announcement", cycle),
                },
            )
        elif nomination.state == State.DECLINED:
            _tell_outcome(nomination, "nomination_declined", {})
        elif nomination.state == State.DEFERRED:
            copy = nominations.carry(actor=actor, nomination=nomination, to_cycle=target) if target else None
            if copy is not None:
                carried.append(copy.pk)
            _tell_outcome(nomination, "nomination_deferred", {"next_cycle": copy.cycle if copy else None})
    return carried
