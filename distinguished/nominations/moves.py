"""The nomination's state machine: every allowed move in one table, and `move`, the one function
that makes a move — it locks the row, checks the move from the state it finds there, saves and
writes the audit event, so two racing requests can never both move the same nomination.

Who may make a move, in which phase and with what input is checked by the caller in `api.py`
(or `outcomes.py`) before it calls `move`; this module knows only which states lead where.

    draft ─► submitted ─► eligible ─► in_review ─► selected ─► approved ─► awarded
      │          │  ▲ │        │                 ▲  declined
      └──────────┴──┼─┼──► withdrawn             └─ deferred   (a decision may change until sign-off)
                    │ └─► ineligible  (screening may be corrected: eligible ⇄ ineligible)
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError

from .decision_notice import seen_state
from .enums import DECISION_STATES, State
from .models import Nomination

SCREENING = (State.ELIGIBLE, State.INELIGIBLE)

# From each state, the states a nomination may move to.
MOVES: dict[str, frozenset[str]] = {
    State.DRAFT: frozenset({State.SUBMITTED, State.WITHDRAWN}),
    State.SUBMITTED: frozenset({State.WITHDRAWN, *SCREENING}),
    # A screening decision may be corrected while the cycle is in screening.
    State.ELIGIBLE: frozenset({*SCREENING, State.IN_REVIEW, *DECISION_STATES}),
    State.INELIGIBLE: frozenset(SCREENING),
    State.IN_REVIEW: frozenset(DECISION_STATES),
    # A decision may change until the approver signs the list off.
    State.SELECTED: frozenset({*DECISION_STATES, State.APPROVED}),
    State.DECLINED: frozenset(DECISION_STATES),
    State.DEFERRED: frozenset(DECISION_STATES),
    State.APPROVED: frozenset({State.AWARDED}),
    State.AWARDED: frozenset(),
    State.WITHDRAWN: frozenset(),
}

# How a refusal names the move: "This nomination is withdrawn; it cannot be submitted now."
DOING = {
    State.SUBMITTED: "submitted",
    State.WITHDRAWN: "withdrawn",
    State.ELIGIBLE: "screened",
    State.INELIGIBLE: "screened",
    State.IN_REVIEW: "reviewed",
    State.SELECTED: "decided",
    State.DECLINED: "decided",
    State.DEFERRED: "decided",
    State.APPROVED: "approved",
    State.AWARDED: "awarded",
}


# The words of DOING and of api.py's refusals as a translation reads them in the refusal's sentence
# (each context written out: makemessages reads only a literal one).
PARTICIPLES = {
    "submitted": pgettext_lazy("a nomination cannot be … now", "submitted"),
    "withdrawn": pgettext_lazy("a nomination cannot be … now", "withdrawn"),
    "screened": pgettext_lazy("a nomination cannot be … now", "screened"),
    "reviewed": pgettext_lazy("a nomination cannot be … now", "reviewed"),
    "decided": pgettext_lazy("a nomination cannot be … now", "decided"),
    "approved": pgettext_lazy("a nomination cannot be … now", "approved"),
    "awarded": pgettext_lazy("a nomination cannot be … now", "awarded"),
    "changed": pgettext_lazy("a nomination cannot be … now", "changed"),
    "answered": pgettext_lazy("a nomination cannot be … now", "answered"),
    "endorsed": pgettext_lazy("a nomination cannot be … now", "endorsed"),
}


def may_move(state: str, to: str) -> bool:
    return to in MOVES.get(state, frozenset())


def refusal(nomination: Nomination, doing: str, reader=None) -> TransitionError:
    """The refusal of an action, naming the state as `reader` reads it: to a nominee, nominator or
    endorser an untold decision is "in review" here as everywhere (`decision_notice.seen_state`),
    so that a refused withdrawal never tells them the panel's decision before the announcement.
    Without a reader the state is named as it is (the panel's own moves)."""
    state = seen_state(reader, nomination) if reader is not None else nomination.state
    return TransitionError(
        _("This nomination is %(state)s; it cannot be %(doing)s now.")
        % {"state": State(state).label.lower(), "doing": PARTICIPLES.get(doing, doing)}
    )


def require_move(nomination: Nomination, *targets: str, doing: str = "", reader=None) -> None:
    """Refuse early, with the state named as `reader` reads it, when none of `targets` can follow the
    nomination's state (`move` checks again under the lock)."""
    if not any(may_move(nomination.state, to) for to in targets):
        raise refusal(nomination, doing or DOING.get(targets[0], "changed"), reader)


def move(
    *,
    actor,
    nomination: Nomination,
    to: str,
    verb: str,
    reason: str = "",
    data: dict | None = None,
    doing: str = "",
    **fields,
) -> Nomination:
    """Move `nomination` to the state `to`: lock its row, check the move from the state found
    there, set the state and `fields`, save, and record the audit event `verb` (actor, from, to,
    reason, data) — all in one transaction. An illegal move is a `TransitionError` naming the state;
    nothing is written then. `nomination` is updated in place and returned."""
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update()
            .only("id", "state", "decision_announced", "cycle_id", "nominator_id", "nominee_id")
            .get(pk=nomination.pk)
        )
        if not may_move(locked.state, to):
            raise refusal(locked, doing or DOING.get(to, f"made {to}"), actor)
        before = locked.state
        nomination.state = to
        for name, value in fields.items():
            setattr(nomination, name, value)
        nomination.save(update_fields=["state", *fields, "updated"])
        audit.record(
            actor=actor if actor is not None and actor.is_authenticated else None,
            verb=verb,
            obj=nomination,
            from_state=before,
            to_state=to,
            reason=reason,
            data=data,
        )
    return nomination
