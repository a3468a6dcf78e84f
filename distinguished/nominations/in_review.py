"""Nominations as the review reads and moves them: the cycle's nominations from screening on, the
few a panel's conflicts of interest can rest on, finding one by number or name, starting review
and recording the panel's decision."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.people import api as people
from distinguished.program import api as program

from . import eligibility, moves
from .enums import DECISION_STATES, REVIEW_STATES, State
from .models import Endorsement, Nomination
from .reading import with_parties


def lock_nomination(nomination_id: int) -> Nomination:
    """The nomination's row, locked until the caller's transaction ends (the lock its decision and
    the panel's votes take)."""
    return Nomination.objects.select_for_update().get(pk=nomination_id)


def nominations_for_review(cycle):
    """The cycle's nominations from screening on (eligible and after), with nominee and endorsements."""
    return eligibility.prefetch(with_parties()).filter(cycle=cycle, state__in=REVIEW_STATES).order_by("id")


def start_review(*, actor, nomination_ids) -> int:
    """eligible → in_review for the nominations given reviewers; audited. Returns how many moved."""
    moved = 0
    with transaction.atomic():
        for nomination in Nomination.objects.filter(pk__in=list(nomination_ids), state=State.ELIGIBLE):
            moves.move(
                actor=actor, nomination=nomination, to=State.IN_REVIEW, verb="nomination.review_started"
            )
            moved += 1
    return moved


def decide(*, actor, nomination: Nomination, outcome: str, rationale: str, feedback: str = "") -> Nomination:
    """in_review (or eligible without reviewers) → selected | declined | deferred, or a change of
    that decision: the state, who
    decided and when, the rationale (for the panel) and the feedback (for the nominee, read at the
    announcement); audited, no e-mail. review.api.record_decision calls this after checking the
    chair's seat, the phase, the quorum and the input."""
    if outcome not in DECISION_STATES:
        raise ValidationError(
            {"outcome": [_("Choose one of %(outcomes)s.") % {"outcomes": ", ".join(DECISION_STATES)}]}
        )
    with transaction.atomic():
        # The cycle first (the approver's sign-off locks it, then the nominations): once the list
        # is signed off, no decision slips in, whatever the caller read before.
        cycle = program.lock_cycle(nomination.cycle_id)
        if cycle.list_signed_off is not None:
            raise ValidationError(
                {
                    "cycle": [
                        _("The final list of %(cycle)s is signed off; its decisions are locked.")
                        % {"cycle": cycle}
                    ]
                }
            )
        rationale, feedback = (rationale or "").strip(), (feedback or "").strip()
        # The nominator and the nominee read their nomination's history: the rationale stays out
        # of the shown reason (the trail keeps it in `data`, which only program admins read).
        moves.move(
            actor=actor,
            nomination=nomination,
            to=outcome,
            verb="nomination.decided",
            data={"rationale": rationale, "feedback": feedback},
            decided=timezone.now(),
            decided_by=actor,
            decision_rationale=rationale,
            decision_feedback=feedback,
        )
    return nomination


# --- Few of the nominations in review: what the panel page reads at any size -----------------------


def nominations_for_review_touching(cycle, *, users=(), contributors=()):
    """The cycle's nominations from screening on, with nominee and endorsements, that one of `users`
    made or endorsed, or whose nominee is one of `contributors` or belongs to one (an organization):
    the few a panel's conflicts of interest can rest on, in two queries whatever the cycle's size."""
    users, contributors = list(users), list(contributors)
    endorsed = Endorsement.objects.filter(endorser_id__in=users).values("nomination_id")
    reviewed = with_parties().filter(cycle=cycle, state__in=REVIEW_STATES).prefetch_related("endorsements")
    return reviewed.order_by("id").filter(
        Q(nominator_id__in=users)
        | Q(pk__in=endorsed)
        | Q(nominee_id__in=contributors)
        | Q(nominee__organization_id__in=contributors)
    )


def find_for_review(cycle, q: str, *, exclude=(), limit: int = 20) -> list[Nomination]:
    """At most `limit` of the cycle's nominations from screening on matching `q`: its number (“42”
    or “#42”) or every word of it in the nominee's name, case aside; by number, leaving out the ids
    in `exclude` (those a conflict hides from the reader). Nothing for an empty `q`."""
    q = (q or "").strip()
    if not q:
        return []
    found = with_parties().filter(cycle=cycle, state__in=REVIEW_STATES).exclude(pk__in=list(exclude))
    number = q.removeprefix("#").strip()
    if number.isascii() and number.isdigit():
        # A number past any id matches nothing (the database would refuse to compare it).
        found = found.filter(pk=int(number)) if int(number) < 2**63 else found.none()
    else:
        # The nominee's name looked up for each of the cycle's nominations (by its key), not found by
        # scanning every contributor for the words, as PostgreSQL's plan of the join did (190 ms at
        # 100,000 members; 66 ms this way, whatever the number of members).
        name = people.contributors().filter(pk=OuterRef("nominee_id")).order_by().values("name")[:1]
        found = found.annotate(nominee_name=Subquery(name))
        for word in q.split()[:8]:
            found = found.filter(nominee_name__icontains=word)
    return list(found.order_by("id")[:limit])
