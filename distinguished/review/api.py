"""The review panel's public face: seats by stakeholder group, conflicts of interest, assignment of
reviewers, reviews, the ranking and the deliberation. Every change checks who acts, runs in one
transaction and is audited. The rules live in the modules named for them; other apps, the pages, the
REST API and the commands reach them through the names re-exported here:

- seats.py: who sits on a cycle's panel, seating and unseating, whether the panel is complete;
- conflicts.py: conflicts of interest as read (declared, detected, waived), and who they hide;
  declarations.py: declaring one; waivers.py: waiving one and taking a waiver back;
  late_conflicts.py: what a conflict arising after assignment voids, and the chair's reassignment;
- assigning.py: assigning reviewers (the solver, assignment.py, or by hand);
- reviews.py: a panelist's assignments and reviews; reminders.py: the e-mails before the deadline;
- standings.py: the ranking as stored; ranking.py: the ranking as its readers see it;
  kept_pairs.py: the conflicted pairs kept with the standings;
- deliberation.py: votes, quorum and decisions; board.py: the deliberation board, a page at a time;
- exports.py, reviewer_table.py, panel_copy.py, agenda.py, stats.py: the lists, downloads and figures.
"""

from __future__ import annotations

from .agenda import PanelAgenda, panel_agenda
from .assigning import NoAssignment, assign_by_hand, assign_reviewers
from .board import BOARD_PAGE_SIZE, board, board_filters, board_pages, page_number
from .conflicts import (
    conflicted_pairs,
    conflicts_of,
    conflicts_seen_by,
    declarable_nominations,
    is_conflicted,
    is_party,
    own_unseated,
)
from .declarations import ConflictExists, declare_conflict
from .deliberation import (
    Quorum,
    cast_vote,
    is_deciding_chair,
    quorum_fraction,
    quorum_of,
    record_decision,
    require_deciding_chair,
    require_voter,
    sees_in_deliberation,
    tally_of,
    vote_of,
    votes_needed,
)
from .enums import ConflictSource, Outcome, Recommendation, VoteChoice
from .exports import (
    conflicts_export,
    nominations_export,
    nominations_file_name,
    ranking_export,
    reviews_export,
    scores_seen_by,
)
from .kept_pairs import hidden_nominations
from .late_conflicts import (
    reassign,
    void_after_affiliation_change,
    void_after_endorsement,
    void_after_profile_claimed,
    void_conflicted,
    voided_assignment,
    voided_assignments,
)
from .panel_copy import CopiedPanel, copy_panel, panels_to_copy
from .ranking import can_see_ranking, final_list_scores, ranking, ranking_seen_by
from .reminders import send_review_reminders
from .review_window import review_window_message, reviews_are_open
from .reviewer_table import who_reviews_what
from .reviews import (
    REVIEW_STATUSES,
    assigned_nominations,
    assignments_in,
    assignments_of,
    get_assignment,
    no_assignments,
    review_progress,
    save_review,
)
from .seats import get_seat, panel_status, seat_of, seat_panelist, seats_of, unseat
from .standings import (
    RANKING_SORTS,
    RankedRows,
    cycle_summary,
    mark_stale,
    ranked_rows,
    ranking_filters,
    refresh_standings,
    standings_of,
)
from .stats import panel_figures, panel_stamps
from .waivers import get_waiver, waive_conflict, withdraw_waiver

__all__ = [
    "BOARD_PAGE_SIZE",
    "RANKING_SORTS",
    "REVIEW_STATUSES",
    "ConflictExists",
    "ConflictSource",
    "CopiedPanel",
    "NoAssignment",
    "Outcome",
    "PanelAgenda",
    "Quorum",
    "RankedRows",
    "Recommendation",
    "VoteChoice",
    "assign_by_hand",
    "assign_reviewers",
    "assigned_nominations",
    "assignments_in",
    "assignments_of",
    "board",
    "board_filters",
    "board_pages",
    "can_see_ranking",
    "cast_vote",
    "conflicted_pairs",
    "conflicts_export",
    "conflicts_of",
    "conflicts_seen_by",
    "copy_panel",
    "cycle_summary",
    "declarable_nominations",
    "declare_conflict",
    "final_list_scores",
    "get_assignment",
    "get_seat",
    "get_waiver",
    "hidden_nominations",
    "is_conflicted",
    "is_deciding_chair",
    "is_party",
    "mark_stale",
    "no_assignments",
    "nominations_export",
    "nominations_file_name",
    "own_unseated",
    "page_number",
    "panel_agenda",
    "panel_figures",
    "panel_stamps",
    "panel_status",
    "panels_to_copy",
    "quorum_fraction",
    "quorum_of",
    "ranked_rows",
    "ranking",
    "ranking_export",
    "ranking_filters",
    "ranking_seen_by",
    "reassign",
    "record_decision",
    "refresh_standings",
    "require_deciding_chair",
    "require_voter",
    "review_progress",
    "review_window_message",
    "reviews_are_open",
    "reviews_export",
    "save_review",
    "scores_seen_by",
    "seat_of",
    "seat_panelist",
    "seats_of",
    "sees_in_deliberation",
    "send_review_reminders",
    "standings_of",
    "tally_of",
    "unseat",
    "void_after_affiliation_change",
    "void_after_endorsement",
    "void_after_profile_claimed",
    "void_conflicted",
    "voided_assignment",
    "voided_assignments",
    "vote_of",
    "votes_needed",
    "waive_conflict",
    "who_reviews_what",
    "withdraw_waiver",
]
