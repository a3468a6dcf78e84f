"""Deliberation: the panel votes on each nomination in review and the chair records the decision.

A seated panelist without a conflict votes `select`, `decline` or `defer` while the cycle is in
the deliberation phase and the nomination is in review; the vote may change until the chair
decides. A decision needs a quorum: votes from at least ceil(quorum * eligible voters) of the seated
panelists without a conflict on that nomination (the chair counts when seated; `quorum` is
`selection.review.quorum` of the program definition, 0.5 by default). The chair — the seated
chair of the cycle, without a conflict — records the outcome with a rationale for the panel and,
for declined and deferred nominations, feedback the nominee reads at the announcement. The
decision may change while the cycle is in deliberation; the approver's sign-off ends that phase
and so locks it.

Who is conflicted is read from the pairs kept with the standings (kept_pairs.py). The board, a page
of the nominations at a time, is board.py.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from .enums import Outcome, VoteChoice
from .kept_pairs import is_conflicted_kept, kept_pairs
from .models import Vote
from .seats import seat_of, seats_of

DEFAULT_QUORUM = Decimal("0.5")
# The longest rationale or feedback a decision keeps (a few pages of text).
DECISION_TEXT_MAX = 10_000
# The nomination states the deliberation board lists: in review, decided, and beyond.
BOARD_STATES = nominations.DELIBERATED_STATES


# --- Quorum ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    """Votes a decision on one nomination needs, votes cast, and who may cast them."""

    needed: int
    voted: int
    eligible: int

    @property
    def met(self) -> bool:
        return self.eligible > 0 and self.voted >= self.needed

    def problem(self) -> str:
        """Why a decision cannot be recorded yet, in words; empty when the quorum is met."""
        if self.met:
            return ""
        if self.eligible == 0:
            return _(
                "No seated panelist is free of a conflict with this nomination, so the panel cannot "
                "decide it; ask a program admin to seat another panelist."
            )
        if self.voted == 1:
            words = ngettext(
                "A decision needs %(needed)s of the %(eligible)s panelist without a conflict to vote; "
                "%(voted)s has voted.",
                "A decision needs %(needed)s of the %(eligible)s panelists without a conflict to vote; "
                "%(voted)s has voted.",
                self.eligible,
            )
        else:
            words = ngettext(
                "A decision needs %(needed)s of the %(eligible)s panelist without a conflict to vote; "
                "%(voted)s have voted.",
                "A decision needs %(needed)s of the %(eligible)s panelists without a conflict to vote; "
                "%(voted)s have voted.",
                self.eligible,
            )
        return words % {"needed": self.needed, "eligible": self.eligible, "voted": self.voted}

    def as_dict(self) -> dict:
        return {"needed": self.needed, "voted": self.voted, "eligible": self.eligible, "met": self.met}


def quorum_fraction(cycle) -> Decimal:
    """`selection.review.quorum` of the cycle's program definition (0.5 when absent)."""
    review = (cycle.program.definition or {}).get("selection", {}).get("review", {})
    return Decimal(str(review.get("quorum", DEFAULT_QUORUM)))


def votes_needed(eligible: int, fraction) -> int:
    """ceil(fraction * eligible) in exact decimal arithmetic (0.7 * 10 is 7, not 8), and at least
    one: a decision always needs a vote."""
    return max(1, math.ceil(Decimal(str(fraction)) * eligible))


def quorum_and_tally(nomination_id, seated, pairs, votes: dict[int, str], fraction) -> tuple[Quorum, dict]:
    """The quorum and the tally of one nomination from its votes {panelist id: vote}; only
    the votes of seated panelists without a conflict count."""
    eligible = {user_id for user_id in seated if (user_id, nomination_id) not in pairs}
    counted = [vote for user_id, vote in votes.items() if user_id in eligible]
    tally = Counter(counted)
    quorum = Quorum(needed=votes_needed(len(eligible), fraction), voted=len(counted), eligible=len(eligible))
    return quorum, {choice: tally.get(choice, 0) for choice in VoteChoice.values}


def _votes_of(nomination) -> dict[int, str]:
    return dict(Vote.objects.filter(nomination=nomination).values_list("panelist_id", "vote"))


def quorum_of(nomination) -> Quorum:
    """Votes needed, votes cast and eligible voters (the seated panelists of the nomination's
    cycle without a conflict on it) for a decision on this nomination."""
    cycle = nomination.cycle
    seated = {seat.user_id for seat in seats_of(cycle)}
    quorum, _ = quorum_and_tally(
        nomination.pk, seated, kept_pairs(cycle), _votes_of(nomination), quorum_fraction(cycle)
    )
    return quorum


def tally_of(nomination) -> dict:
    """{select, decline, defer}: the counted votes (seated panelists without a conflict)."""
    cycle = nomination.cycle
    seated = {seat.user_id for seat in seats_of(cycle)}
    _, tally = quorum_and_tally(
        nomination.pk, seated, kept_pairs(cycle), _votes_of(nomination), quorum_fraction(cycle)
    )
    return tally


# --- Votes -------------------------------------------------------------------------------------


def _phase_error(cycle, wrong_phase: str) -> dict:
    """`wrong_phase`: the sentence for another phase, with %(cycle)s and %(phase)s."""
    if cycle.list_signed_off is not None:
        return {
            "cycle": [
                _(
                    "The final list of %(cycle)s was signed off on %(day)s; its votes and decisions are locked."
                )
                % {"cycle": cycle, "day": program.human(timezone.localdate(cycle.list_signed_off))}
            ]
        }
    if cycle.phase == program.Phase.DELIBERATION:
        return {}
    return {"cycle": [wrong_phase % {"cycle": cycle, "phase": cycle.get_phase_display().lower()}]}


def is_open(cycle) -> bool:
    """Whether the panel votes and decides now: deliberation, and the list not signed off."""
    return cycle.phase == program.Phase.DELIBERATION and cycle.list_signed_off is None


# Open to votes and a decision: in review, or eligible without reviewers (the panel decides those
# too, or the list could never be signed off).
UNDECIDED_STATES = nominations.UNDECIDED_STATES


def require_voter(actor, nomination) -> None:
    """PermissionDenied unless the actor holds a seat on the nomination's panel and has no
    conflict with it; the REST API asks this before it reads the body."""
    cycle = nomination.cycle
    if seat_of(actor, cycle) is None:
        raise PermissionDenied(
            _("Only panelists seated on the %(cycle)s panel vote; you have no seat on it.") % {"cycle": cycle}
        )
    if is_conflicted_kept(actor, nomination):
        raise PermissionDenied(
            _("You have a conflict of interest with this nomination, so you do not vote on it.")
        )


def cast_vote(*, actor, nomination, vote: str) -> Vote:
    """A seated panelist without a conflict votes select, decline or defer on an eligible
    nomination or one in review, in the deliberation phase and before sign-off; voting again
    changes the vote until the chair decides.
    Audited (`nomination.vote_cast`, filed under the vote so the nominee's history never shows it)."""
    cycle = nomination.cycle
    require_voter(actor, nomination)
    errors = _phase_error(
        cycle, _("Votes are cast in the deliberation phase; %(cycle)s is in the %(phase)s phase.")
    )
    if nomination.state not in UNDECIDED_STATES or nomination.decided is not None:
        errors["state"] = [
            _(
                "This nomination is %(state)s; votes are cast only on "
                "eligible nominations and nominations in review, before the chair decides."
            )
            % {"state": nomination.get_state_display().lower()}
        ]
    if vote not in VoteChoice.values:
        errors["vote"] = [_("Vote one of %(choices)s.") % {"choices": ", ".join(VoteChoice.values)}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The decision locks the same row: a vote never slips in after it.
        locked = nominations.lock_nomination(nomination.pk)
        if locked.state not in UNDECIDED_STATES or locked.decided is not None:
            raise ValidationError(
                {
                    "state": [
                        _("The chair decided this nomination (%(state)s) meanwhile.")
                        % {"state": locked.get_state_display().lower()}
                    ]
                }
            )
        existing = Vote.objects.select_for_update().filter(nomination=nomination, panelist=actor).first()
        before = existing.vote if existing else ""
        if existing is None:
            existing = Vote.objects.create(nomination=nomination, panelist=actor, vote=vote)
        elif existing.vote != vote:
            existing.vote = vote
            existing.save(update_fields=["vote", "updated"])
        if before != vote:
            audit.record(
                actor=actor,
                verb="nomination.vote_cast",
                obj=existing,
                from_state=before,
                to_state=vote,
                data={"nomination": nomination.pk},
            )
    return existing


def vote_of(user, nomination) -> str | None:
    return Vote.objects.filter(nomination=nomination, panelist=user).values_list("vote", flat=True).first()


# --- Decisions ---------------------------------------------------------------------------------


def is_deciding_chair(user, cycle, seat=None) -> bool:
    """Whether the user holds the chair's seat on the cycle's panel."""
    seat = seat if seat is not None else seat_of(user, cycle)
    return seat is not None and seat.chair


def require_deciding_chair(actor, nomination) -> None:
    """PermissionDenied unless the actor holds the chair's seat on the nomination's panel and has
    no conflict with it; the REST API asks this before it reads the body."""
    cycle = nomination.cycle
    if not is_deciding_chair(actor, cycle):
        raise PermissionDenied(
            _("Only the chair of the %(cycle)s panel records decisions.") % {"cycle": cycle}
        )
    if is_conflicted_kept(actor, nomination):
        raise PermissionDenied(
            _("You have a conflict of interest with this nomination, so you cannot decide it.")
        )


def record_decision(*, actor, nomination, outcome: str, rationale: str, feedback: str = ""):
    """The seated chair without a conflict decides selected, declined or deferred once the quorum
    has voted, in the deliberation phase; the decision may change until the phase ends. The
    rationale stays with the panel; declined and deferred need feedback, which the nominee reads
    at the announcement (no e-mail now)."""
    cycle = nomination.cycle
    require_deciding_chair(actor, nomination)
    errors = _phase_error(
        cycle, _("Decisions are recorded in the deliberation phase; %(cycle)s is in the %(phase)s phase.")
    )
    if nomination.state not in (*UNDECIDED_STATES, *Outcome.values):
        errors["state"] = [
            _(
                "This nomination is %(state)s; only eligible nominations and "
                "nominations in review (or decided during this deliberation) are decided."
            )
            % {"state": nomination.get_state_display().lower()}
        ]
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose one of %(choices)s.") % {"choices": ", ".join(Outcome.values)}]
    errors |= _decision_text_problems(outcome, rationale, feedback)
    quorum = quorum_of(nomination)
    if not quorum.met:
        errors["votes"] = [quorum.problem()]
    if errors:
        raise ValidationError(errors)
    return nominations.decide(
        actor=actor, nomination=nomination, outcome=outcome, rationale=rationale, feedback=feedback
    )


def _decision_text_problems(outcome: str, rationale: str, feedback: str) -> dict:
    """What is wrong with a decision's texts, by field: no rationale, no feedback for a declined or
    deferred nomination's nominee, and either text too long."""
    errors = {}
    if not (rationale or "").strip():
        errors["rationale"] = [
            _("Write the rationale: why the panel decided so (the panel reads it, the nominee does not).")
        ]
    if outcome in (Outcome.DECLINED, Outcome.DEFERRED) and not (feedback or "").strip():
        errors["feedback"] = [
            _(
                "Write feedback for the nominee: a %(outcome)s nomination's nominee reads it when the cohort is "
                "announced."
            )
            % {"outcome": Outcome(outcome).label.lower()}
        ]
    for name, text in (("rationale", rationale), ("feedback", feedback)):
        if len(text or "") > DECISION_TEXT_MAX:
            errors[name] = [
                (
                    _("Keep the rationale under %(max)s characters.")
                    if name == "rationale"
                    else _("Keep the feedback under %(max)s characters.")
                )
                % {"max": f"{DECISION_TEXT_MAX:,}"}
            ]
    return errors


# --- The board ---------------------------------------------------------------------------------


def sees_in_deliberation(user, nomination) -> bool:
    """Whether the user's seat shows them the nomination (the nominations rules know roles, not
    seats): the seated chair sees every nomination in review or decided, a seated panelist those
    from deliberation on; never a conflicted one."""
    cycle = nomination.cycle
    seat = seat_of(user, cycle)
    if seat is None or nomination.state not in BOARD_STATES:
        return False
    if not (seat.chair or cycle.phase in nominations.DELIBERATION_PHASES):
        return False
    return not is_conflicted_kept(user, nomination)
