"""The panel's decision as its nominee and nominator learn it.

The chair decides in deliberation and may change the decision until the approver signs the list
off; the nominee and the nominator learn it when the cohort is announced, all at once (the program
recognizes a cohort on one day). So before the announcement a decided nomination reads to them, and
to the endorsers they invited, as still in review: its state, its place in a list filtered by
state, its history. From the announcement on (`announce_decisions`) they read the outcome and the
panel's feedback — never the rationale, which stays with the panel. The panel, admins and the
approver read the true state as before.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distinguished.audit import api as audit

from .enums import DECIDED_STATES, OUTCOME_OF, State
from .models import Nomination

__all__ = [
    "UNTOLD_STATES",
    "announce_decisions",
    "decision_for",
    "history_seen_by",
    "seen_state",
    "seen_state_filter",
]

# The states that tell a decision before the announcement (awarded happens at the announcement).
UNTOLD_STATES = (State.SELECTED, State.DECLINED, State.DEFERRED, State.APPROVED)
# The history events that tell it.
DECISION_VERBS = ("nomination.decided", "nomination.approved")
# How the nominee and the nominator read each outcome.
OUTCOME_LABELS = {
    "selected": _("Selected"),
    "declined": _("Not selected this cycle"),
    "deferred": _("Deferred to the next cycle"),
}


def _told(nomination: Nomination) -> bool:
    return nomination.decision_announced is not None


def _reads_true_state(user, nomination: Nomination) -> bool:
    return _told(nomination) or user.has_perm("nominations.panel_view_nomination", nomination)


def seen_state(user, nomination: Nomination) -> str:
    """The state `user` reads: a decided nomination whose decision is not announced yet is in
    review for everyone but the panel (its parties and endorsers learn it at the announcement)."""
    if nomination.state in UNTOLD_STATES and not _reads_true_state(user, nomination):
        return State.IN_REVIEW
    return nomination.state


def seen_state_label(user, nomination: Nomination) -> str:
    # A str, not the lazy label: a spreadsheet cell takes only plain values.
    return str(State(seen_state(user, nomination)).label)


def seen_state_filter(queryset, user, state: str):
    """`queryset` (nominations `user` may list) narrowed to those whose state as `user` reads it is
    `state`: an untold decision is found under in_review, not under its own state. What the
    filter must look at is the caller's own untold decisions: a handful of rows."""
    # Only what the rules read (the state, the cycle's phase): not the list's prefetched evidence,
    # endorsements and invitations, which for the chair would be every untold decision's.
    candidates = (
        queryset.filter(state__in=UNTOLD_STATES, decision_announced__isnull=True)
        .select_related(None)
        .select_related("cycle")
        .prefetch_related(None)
    )
    untold = [nomination.pk for nomination in candidates if not _reads_true_state(user, nomination)]
    if state == State.IN_REVIEW:
        return queryset.filter(Q(state=State.IN_REVIEW) | Q(pk__in=untold))
    return queryset.filter(state=state).exclude(pk__in=untold)


def history_seen_by(user, nomination: Nomination, events):
    """The nomination's history as `user` reads it: without the decision's events until it is announced."""
    if _reads_true_state(user, nomination):
        return events
    return events.exclude(verb__in=DECISION_VERBS)


def decision_for(user, nomination: Nomination) -> dict | None:
    """`{outcome, outcome_label, feedback, decided}` for the nominee and the nominator once the
    decision is announced; None before, and for anyone else. Never the rationale."""
    if not user.has_perm("nominations.read_decision", nomination):
        return None
    outcome = OUTCOME_OF[nomination.state]
    return {
        "outcome": outcome,
        "outcome_label": OUTCOME_LABELS[outcome],
        "feedback": nomination.decision_feedback,
        "decided": nomination.decided,
    }


def announce_decisions(*, actor, cycle) -> list[int]:
    """The announcement tells every decided nomination of the cycle its outcome: from now on its
    nominee and nominator read it. Audited per nomination (`nomination.decision_announced`, to the
    outcome); a nomination told already is left as it is. The ids told. Call inside
    the announcement's transaction (the cycle is locked there)."""
    now = timezone.now()
    with transaction.atomic():
        told = list(
            Nomination.objects.select_for_update()
            .filter(cycle=cycle, state__in=DECIDED_STATES, decision_announced__isnull=True)
            .order_by("id")
        )
        Nomination.objects.filter(pk__in=[n.pk for n in told]).update(decision_announced=now)
        for nomination in told:
            audit.record(
                actor=actor,
                verb="nomination.decision_announced",
                obj=nomination,
                to_state=OUTCOME_OF[nomination.state],
            )
    return [nomination.pk for nomination in told]
