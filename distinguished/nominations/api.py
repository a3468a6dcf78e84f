"""Nominations: nominate, consent, endorse, submit, withdraw, screen.

Every transition (`draft → submitted → eligible | ineligible`, `draft | submitted → withdrawn`) is
one function: it checks who acts and in which phase, changes rows in one transaction, writes the
audit event and sends its e-mail on commit. An illegal transition raises TransitionError naming
the current state.

This module is the app's public face: pages, the REST API, commands, tests and the other apps call
these names, which live in the modules named for what they do: `reading` (one nomination, the
lists, what the page shows beside it), `nominating` (a draft and its changes), `consent`,
`endorsements`, `submission` (submitting, withdrawing), `screening`, `in_review` (what the review
reads and decides), `outcomes` (after deliberation), `stats` (figures for the dashboard), and
`mailing` and `transition_rules` beneath them.
"""

from __future__ import annotations

from distinguished.program import api as program

from . import conflicts, eligibility, moves, signals
from .agenda import NominationAgenda, nomination_agenda
from .consent import answer_consent
from .cycle_choice import cycle_to_nominate_in, none_open_message
from .decision_notice import (
    announce_decisions,
    decision_for,
    history_seen_by,
    seen_state,
    seen_state_filter,
    seen_state_label,
)
from .endorsements import accept_invitation, endorse, invitation_of, invitation_previews, request_endorsements
from .enums import DECIDED_STATES, DELIBERATED_STATES, UNDECIDED_STATES, State
from .exports import nomination_columns
from .filters import NominationFilter, bound_list_filter
from .in_review import (
    decide,
    find_for_review,
    lock_nomination,
    nominations_for_review,
    nominations_for_review_touching,
    start_review,
)
from .mailing import invitation_token, verify_token
from .nominating import add_evidence, nominate, nominate_someone_new, remove_evidence, update_nomination
from .nominee_answers import LISTING_QUESTION
from .outcomes import (
    approve_selected,
    approved_of,
    award,
    carry,
    decided_list,
    decided_outline,
    deferred_to_carry,
    undecided_by_track,
)
from .reading import (
    NominationNotFound,
    as_created,
    checks_for,
    eligibility_of,
    get_nomination,
    history_of,
    nominations_export,
    nominations_for,
    scorecard_of,
    visible_nomination,
    was_submitted,
)
from .rules import DELIBERATION_PHASES, is_chair, is_nominator, is_nominee, is_program_admin
from .screening import screen, screening_nominations, screening_queue, screening_rows
from .search import search_nominations
from .stats import FUNNEL, cycle_stamps, decision_days, endorsement_figures, funnels, ineligible_reasons
from .submission import submit_nomination, withdraw
from .transition_rules import window_error

__all__ = [
    "DECIDED_STATES",
    "DELIBERATED_STATES",
    "DELIBERATION_PHASES",
    "FUNNEL",
    "LISTING_QUESTION",
    "RULES",
    "UNDECIDED_STATES",
    "NominationAgenda",
    "NominationFilter",
    "NominationNotFound",
    "State",
    "accept_invitation",
    "add_evidence",
    "announce_decisions",
    "answer_consent",
    "approve_selected",
    "approved_of",
    "as_created",
    "award",
    "bound_list_filter",
    "carry",
    "checks_for",
    "cycle_stamps",
    "cycle_to_nominate_in",
    "decide",
    "decided_list",
    "decided_outline",
    "decision_days",
    "decision_for",
    "deferred_to_carry",
    "eligibility_of",
    "endorse",
    "endorsement_figures",
    "find_for_review",
    "funnels",
    "get_nomination",
    "history_of",
    "history_seen_by",
    "ineligible_reasons",
    "invitation_of",
    "invitation_previews",
    "invitation_token",
    "is_chair",
    "is_nominator",
    "is_nominee",
    "is_program_admin",
    "lock_nomination",
    "moves",
    "nominate",
    "nominate_someone_new",
    "nomination_agenda",
    "nomination_columns",
    "nominations_export",
    "nominations_for",
    "nominations_for_review",
    "nominations_for_review_touching",
    "none_open_message",
    "own_nominations",
    "program",
    "register_assignment_provider",
    "register_conflict_provider",
    "remove_evidence",
    "request_endorsements",
    "scorecard_of",
    "screen",
    "screening_nominations",
    "screening_queue",
    "screening_rows",
    "search_nominations",
    "seen_state",
    "seen_state_filter",
    "seen_state_label",
    "signals",
    "start_review",
    "submit_nomination",
    "undecided_by_track",
    "update_nomination",
    "verify_token",
    "visible_nomination",
    "was_submitted",
    "window_error",
    "withdraw",
]

RULES = eligibility.RULES
register_conflict_provider = conflicts.register
register_assignment_provider = conflicts.register_assignments
own_nominations = conflicts.own_nominations
