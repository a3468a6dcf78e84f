"""The review panel: seats by stakeholder group, conflicts of interest, assignment of reviewers,
reviews, and the ranking. Every change checks who acts, runs in one transaction and is audited."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program

from . import assignment as solver
from . import rules as _rules  # registers the review.* permissions asked here
from .agenda import PanelAgenda, panel_agenda
from .enums import ConflictSource, Recommendation
from .models import Assignment, ConflictWaiver, PanelSeat, Review
from .review_window import review_window_message, reviews_are_open
from .stats import *  # noqa: F403 - the panel in figures, for the dashboard: the names in stats.__all__

__all__ = [
    "BOARD_PAGE_SIZE",
    "RANKING_SORTS",
    "REVIEW_STATUSES",
    "Assignment",
    "ConflictExists",
    "ConflictSource",
    "ConflictWaiver",
    "CopiedPanel",
    "NoAssignment",
    "Outcome",
    "PanelAgenda",
    "Quorum",
    "RankedRows",
    "Recommendation",
    "Review",
    "Vote",
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

# Nominations the panel works on, from screening on.
REVIEWABLE = ("eligible", "in_review", "selected", "declined", "deferred", "approved", "awarded")


def _require_admin(actor, refusal: str) -> None:
    if not people.is_program_admin(actor):
        raise PermissionDenied(refusal)


# --- Seats -----------------------------------------------------------------------------------


def seats_of(cycle):
    return (
        PanelSeat.objects.filter(cycle=cycle)
        .select_related("user", "group")
        .order_by("group__position", "id")
    )


def seat_of(user, cycle) -> PanelSeat | None:
    if not user.is_authenticated:
        return None
    return PanelSeat.objects.filter(cycle=cycle, user=user).select_related("group").first()


def seat_panelist(*, actor, cycle, user, group: str, chair: bool = False, tracks=()) -> PanelSeat:
    """Seat a user on the cycle's panel in a stakeholder group (program admins)."""
    _require_admin(actor, _("Only program admins seat the panel."))
    groups = {g.code: g for g in program.panel_groups_of(cycle.program)}
    track_codes = {t.code for t in program.tracks_of(cycle.program)}
    errors = {}
    if group not in groups:
        errors["group"] = [
            _("Unknown panel group “%(group)s”; the groups are %(groups)s.")
            % {"group": group, "groups": ", ".join(groups)}
        ]
    unknown = [t for t in tracks if t not in track_codes]
    if unknown:
        errors["tracks"] = [_("Unknown track “%(track)s”.") % {"track": t} for t in unknown]
    if PanelSeat.objects.filter(cycle=cycle, user=user).exists():
        errors["user"] = [
            _("%(user)s already has a seat on the %(cycle)s panel.") % {"user": user, "cycle": cycle}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        seat = PanelSeat.objects.create(
            cycle=cycle, user=user, group=groups[group], chair=bool(chair), tracks=list(dict.fromkeys(tracks))
        )
        audit.record(actor=actor, verb="panel.seated", obj=cycle, to_state=f"{user.get_username()}:{group}")
    _rules.forget_seats(user)
    return seat


def unseat(*, actor, seat: PanelSeat, reason: str = "") -> None:
    _require_admin(actor, _("Only program admins change the panel."))
    with transaction.atomic():
        cycle, user, group = seat.cycle, seat.user, seat.group.code
        seat.delete()
        audit.record(
            actor=actor,
            verb="panel.unseated",
            obj=cycle,
            from_state=f"{user.get_username()}:{group}",
            reason=reason,
        )
    _rules.forget_seats(user)


def panel_status(cycle) -> dict:
    """Whether every stakeholder group is within its seat range, and what is missing, in words."""
    seats = list(seats_of(cycle))
    counts = defaultdict(int)
    for seat in seats:
        counts[seat.group_id] += 1
    problems = []
    for group in program.panel_groups_of(cycle.program):
        n = counts.get(group.pk, 0)
        if not group.min_seats <= n <= group.max_seats:
            problems.append(
                ngettext(
                    "%(group)s: %(count)s seat, needs %(min)s–%(max)s",
                    "%(group)s: %(count)s seats, needs %(min)s–%(max)s",
                    n,
                )
                % {
                    "group": program.in_language(group.name),
                    "count": n,
                    "min": group.min_seats,
                    "max": group.max_seats,
                }
            )
    if not any(seat.chair for seat in seats):
        problems.append(_("No chair: name one of the seated panelists chair."))
    return {"seats": seats, "valid": not problems, "problems": problems}


# --- Assignments of a panelist ---------------------------------------------------------------


def assigned_nominations(user) -> set[int]:
    """The nominations assigned to a user for review, in every cycle (a voided assignment is not)."""
    return set(
        Assignment.objects.filter(panelist=user, voided__isnull=True).values_list("nomination_id", flat=True)
    )


# --- Reviews ---------------------------------------------------------------------------------


def save_review(
    *,
    actor,
    assignment: Assignment,
    scores: dict,
    recommendation: str = "",
    comment: str = "",
    feedback: str = "",
    submit: bool = False,
    version: int | None = None,
) -> Review:
    """Save a panelist's review of their assignment: a draft, or submitted (every key area scored
    and a recommendation). Editable until the review phase ends. A save based on an older version
    than the stored one lost a race and is refused (409). A voided assignment, or one whose
    panelist is conflicted with the nomination, is no assignment (Assignment.DoesNotExist, a 404)."""
    if assignment.panelist_id != actor.pk:
        raise PermissionDenied(_("You may only review your own assignments."))
    if assignment.voided is not None or is_conflicted(actor, assignment.nomination):
        raise Assignment.DoesNotExist(_("No such assignment."))
    closed = review_window_message(assignment.cycle)
    if closed:
        raise ValidationError({"cycle": [closed]})
    areas = {a.code: a.label for a in program.key_areas_of(assignment.nomination.track)}
    errors = {}
    if not isinstance(scores, dict):
        raise ValidationError({"scores": [_("Give {key area: score}.")]})
    for code, value in scores.items():
        if code not in areas:
            errors[f"scores.{code}"] = [
                _("“%(code)s” is not a key area of %(track)s.")
                % {"code": code, "track": assignment.nomination.track}
            ]
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[f"scores.{code}"] = [_("Score each key area from 1 to 5.")]
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = [
            _("Choose one of %(choices)s.") % {"choices": ", ".join(Recommendation.values)}
        ]
    if submit:
        missing = [label for code, label in areas.items() if code not in scores]
        if missing:
            errors["scores"] = [
                _("Score every key area before submitting; missing: %(areas)s.")
                % {"areas": ", ".join(missing)}
            ]
        if not recommendation:
            errors["recommendation"] = [_("Give a recommendation before submitting.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The lock a conflict's void takes too: whichever comes second sees the other's work.
        if (
            Assignment.objects.select_for_update().filter(pk=assignment.pk, voided__isnull=True).first()
            is None
        ):
            raise Assignment.DoesNotExist(_("No such assignment."))
        review = Review.objects.select_for_update().filter(assignment=assignment).first()
        if review is None:
            review = Review(assignment=assignment, version=0)
        elif version is not None and version != review.version:
            raise IntegrityError("The review was saved elsewhere in the meantime.")
        review.scores = {code: scores[code] for code in areas if code in scores}
        review.recommendation = recommendation or ""
        review.comment = comment or ""
        review.feedback = feedback or ""
        if submit and review.submitted is None:
            review.submitted = timezone.now()
        review.version += 1
        review.save()
        # Filed under the assignment: the nomination's history is read by its nominee.
        audit.record(
            actor=actor,
            verb="review.submitted" if submit else "review.saved",
            obj=assignment,
            data={"nomination": assignment.nomination_id},
        )
    return review


# --- Assignments (read) ------------------------------------------------------------------------


# What the review list narrows to: the reviews still to submit (drafts included), the submitted ones.
REVIEW_STATUSES = {
    "todo": gettext_lazy("To do"),
    "submitted": pgettext_lazy("review status", "Submitted"),
}


def _submitted():
    """Whether an assignment has a submitted review, as an EXISTS on the review's unique index (a
    LEFT JOIN made PostgreSQL hash every review of every panelist)."""
    return Exists(Review.objects.filter(assignment=OuterRef("pk"), submitted__isnull=False))


def assignments_of(user, cycle=None, *, status: str = ""):
    """A panelist's live assignments (never a voided one), with their nomination and review, by
    nomination; of one cycle, and `status` (REVIEW_STATUSES) narrows them to those to do (drafts
    included) or those submitted. Paginate `.values_list("pk", flat=True)` of it and load a page
    with `assignments_in`: a deep page then sorts narrow rows, not every joined one."""
    queryset = Assignment.objects.filter(panelist=user, voided__isnull=True).select_related(
        "cycle", "nomination__nominee", "nomination__track", "review"
    )
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    if status == "todo":
        queryset = queryset.filter(~_submitted())
    elif status == "submitted":
        queryset = queryset.filter(_submitted())
    return queryset.order_by("nomination_id", "id")


def assignments_in(user, ids) -> list[Assignment]:
    """The panelist's live assignments of `ids` (a page of `assignments_of`), in the order of `ids`."""
    found = {a.pk: a for a in assignments_of(user).filter(pk__in=list(ids))}
    return [found[pk] for pk in ids if pk in found]


def review_progress(user, cycle=None) -> dict:
    """{done, total}: how many of the panelist's live assignments (of one cycle) have a submitted
    review, and how many there are. One query."""
    queryset = Assignment.objects.filter(panelist=user, voided__isnull=True)
    if cycle is not None:
        queryset = queryset.filter(cycle=cycle)
    return queryset.aggregate(total=Count("id"), done=Count("id", filter=_submitted()))


def no_assignments():
    return Assignment.objects.none()


def get_assignment(assignment_id) -> Assignment:
    """A live assignment; Assignment.DoesNotExist for a voided one, as for an unknown id."""
    return Assignment.objects.select_related(
        "cycle", "nomination__track", "nomination__nominee", "panelist"
    ).get(pk=assignment_id, voided__isnull=True)


def seats_held_by(user):
    """Every panel seat of a user, in any cycle."""
    return PanelSeat.objects.filter(user=user)


def get_seat(cycle, seat_id) -> PanelSeat:
    return seats_of(cycle).get(pk=seat_id)


# --- Assignment --------------------------------------------------------------------------------

NoAssignment = solver.NoAssignment


def assign_reviewers(*, actor, cycle, reviewers_per_nomination: int = 3) -> dict:
    """Give every reviewable nomination k reviewers from at least two panel groups, never a
    conflicted one, with balanced loads and preferred tracks — solved exactly (review/assignment.py).
    Re-running keeps every pair that has a review and changes as few others as possible.
    Raises NoAssignment with reasons when the rules cannot all be met."""
    if not actor.has_perm("review.run_panel"):
        raise PermissionDenied(_("Only the chair or a program admin assigns reviewers."))
    k = reviewers_per_nomination
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValidationError(
            {"reviewers_per_nomination": [_("Give a whole number of reviewers, at least 1.")]}
        )
    if cycle.phase not in (program.Phase.SCREENING, program.Phase.REVIEW):
        raise ValidationError(
            {
                "cycle": [
                    _(
                        "Reviewers are assigned in the screening or review phase; %(cycle)s is in the %(phase)s phase."
                    )
                    % {"cycle": cycle, "phase": cycle.get_phase_display().lower()}
                ]
            }
        )
    status = panel_status(cycle)
    if not status["valid"]:
        raise ValidationError({"panel": status["problems"]})
    min_groups = program.program_settings().definition["selection"]["review"][
        "min_panel_groups_per_nomination"
    ]
    seats = status["seats"]
    items = [n for n in nominations.nominations_for_review(cycle) if n.state in ("eligible", "in_review")]
    existing = list(Assignment.objects.filter(cycle=cycle, voided__isnull=True).select_related("review"))
    current = {(a.panelist_id, a.nomination_id) for a in existing}
    keep = {(a.panelist_id, a.nomination_id) for a in existing if getattr(a, "review", None) is not None}
    # A voided pair stays voided: its row (and review) is kept, so the pair is never reused.
    voided = set(
        Assignment.objects.filter(cycle=cycle, voided__isnull=False).values_list(
            "panelist_id", "nomination_id"
        )
    )
    result = solver.assign(
        [solver.Nomination(id=n.pk, track=n.track.code) for n in items],
        [solver.Panelist(id=s.user_id, group=s.group.code, tracks=frozenset(s.tracks)) for s in seats],
        k=k,
        min_groups=min(min_groups, k),
        conflicts=conflicted_pairs(cycle) | voided,
        keep=keep,
        current=current,
    )
    added = result.pairs - current
    removed = current - result.pairs
    with transaction.atomic():
        Assignment.objects.filter(cycle=cycle, review__isnull=True).filter(
            pk__in=[a.pk for a in existing if (a.panelist_id, a.nomination_id) in removed]
        ).delete()
        Assignment.objects.bulk_create(
            Assignment(cycle=cycle, panelist_id=panelist, nomination_id=nomination)
            for panelist, nomination in added
        )
        nominations.start_review(actor=actor, nomination_ids={n for _, n in result.pairs})
        audit.record(
            actor=actor,
            verb="review.assigned",
            obj=cycle,
            to_state=f"{len(result.pairs)} assignments",
            data={"added": len(added), "removed": len(removed), "k": k, "gap": result.gap},
        )
        users = {s.user_id: s.user for s in seats}
        for panelist_id in {p for p, _ in added}:
            notifications.notify(
                users[panelist_id].email,
                "review_assigned",
                {
                    "user": users[panelist_id],
                    "cycle": cycle,
                    "count": sum(1 for p, _ in added if p == panelist_id),
                },
            )
    return {
        "assignments": len(result.pairs),
        "added": len(added),
        "removed": len(removed),
        "per_reviewer": {str(panelist): load for panelist, load in sorted(result.per_reviewer.items())},
        "gap": result.gap,
    }


def assign_by_hand(*, actor, nomination, panelist) -> Assignment:
    """The chair assigns one reviewer by hand: a seated panelist without a conflict."""
    if not actor.has_perm("review.run_panel"):
        raise PermissionDenied(_("Only the chair or a program admin assigns reviewers."))
    # A nomination the chair may not see (a draft, or one a conflict hides) does not exist for them.
    if not actor.has_perm("nominations.panel_view_nomination", nomination):
        raise nominations.Nomination.DoesNotExist(_("No such nomination."))
    cycle = nomination.cycle
    errors = {}
    if seat_of(panelist, cycle) is None:
        errors["panelist"] = [
            _("%(panelist)s has no seat on the %(cycle)s panel.") % {"panelist": panelist, "cycle": cycle}
        ]
    elif (panelist.pk, nomination.pk) in conflicted_pairs(cycle):
        errors["panelist"] = [
            _("%(panelist)s has a conflict of interest with this nomination.") % {"panelist": panelist}
        ]
    if nomination.state not in ("eligible", "in_review"):
        errors["nomination"] = [
            _("This nomination is %(state)s; only eligible nominations are reviewed.")
            % {"state": nomination.get_state_display().lower()}
        ]
    earlier = Assignment.objects.filter(nomination=nomination, panelist=panelist).first()
    if earlier is not None:
        errors["panelist"] = [
            (
                _(
                    "%(panelist)s's assignment to this nomination was voided by a conflict of interest; "
                    "choose another panelist."
                )
                if earlier.voided
                else _("%(panelist)s already reviews this nomination.")
            )
            % {"panelist": panelist}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            cycle=cycle, nomination=nomination, panelist=panelist, by_hand=True
        )
        nominations.start_review(actor=actor, nomination_ids=[nomination.pk])
        # Filed under the assignment: the nomination's history is read by its nominee.
        audit.record(
            actor=actor,
            verb="review.assigned_by_hand",
            obj=assignment,
            to_state=panelist.get_username(),
            data={"nomination": nomination.pk},
        )
        notifications.notify(
            panelist.email, "review_assigned", {"user": panelist, "cycle": cycle, "count": 1}
        )
    return assignment


# --- Ranking -----------------------------------------------------------------------------------


def can_see_ranking(user, cycle) -> bool:
    """The chair, program admins and the seated panel (`rules.can_see_ranking`)."""
    return user.has_perm("review.view_ranking", cycle)


def ranking(cycle, *, viewer) -> dict:
    """The cycle's nominations ranked by reviewer-normalised score, with mean, median, spread and
    the number of submitted reviews, the ones the panel disagrees on most flagged, and the panel's
    agreement (Krippendorff's alpha, ordinal). A panelist never sees a nomination they are
    conflicted with."""
    if not can_see_ranking(viewer, cycle):
        raise PermissionDenied(
            _(
                "The ranking is for the chair and program admins during review, and for the whole panel "
                "from deliberation on."
            )
        )
    return ranking_seen_by(cycle, viewer)


def ranking_seen_by(cycle, viewer) -> dict:
    """The ranking as `viewer` may read it (their conflicts hidden), whoever asks: callers that
    checked their own rule (the deliberation board, the final list, the downloads) read it through
    this. Read from the stored standings (`standings.ranked_rows`: recomputed first if stale), so a
    fixed number of queries whatever the number of reviews: {agreement, rows: [{nomination, score}]
    by rank, unreviewed: the nominations no counted review scores that the chair decided}."""
    # The chair too: a conflict hides a nomination from every seat, and nobody reads the panel's
    # work on their own nomination, seat or no seat.
    ranked = ranked_rows(cycle, viewer)
    # The nominations as the panel's pages read them (what nominations_for_review joins to them).
    items = {nomination.pk: nomination for nomination in nominations.nominations_for_review(cycle)}
    rows = [
        {"nomination": items[standing.nomination_id], "score": standing}
        for standing in ranked.rows.select_related(None)
        if standing.nomination_id in items
    ]
    reviewed = {row["nomination"].pk for row in rows} | set(ranked.hidden)
    # Unreviewed nominations stay listed after the chair decides them, like the reviewed ones.
    unreviewed = [
        nomination
        for pk, nomination in items.items()
        if pk not in reviewed and nomination.state in nominations.DELIBERATED_STATES
    ]
    return {"agreement": ranked.agreement, "rows": rows, "unreviewed": unreviewed}


def final_list_scores(cycle, *, viewer) -> dict:
    """{nomination id: score} for the final list: what the ranking shows the panel and admins,
    and every reviewed nomination's score for the approver who signs the list off (an approver
    holds no seat, so no conflict hides one; with a seat, the seat's conflicts hide as ever).
    Nobody else sees scores."""
    if can_see_ranking(viewer, cycle) or people.is_approver(viewer):
        rows = ranking_seen_by(cycle, viewer)["rows"]
    else:
        return {}
    return {row["nomination"].pk: row["score"] for row in rows}


def counted_reviews(cycle, pairs: set[tuple[int, int]]):
    """The submitted reviews that count: never a voided assignment's, nor one whose panelist is
    conflicted with the nomination now (`pairs`) even if no void was stored (a race)."""
    return [
        review
        for review in Review.objects.filter(
            assignment__cycle=cycle, assignment__voided__isnull=True, submitted__isnull=False
        ).select_related("assignment")
        if (review.assignment.panelist_id, review.assignment.nomination_id) not in pairs
    ]


# --- Reminders ---------------------------------------------------------------------------------

REMINDER_DAYS = (7, 1)


def send_review_reminders(today=None) -> int:
    """E-mail every panelist with an unsubmitted review 7 days and 1 day before the review
    deadline of a cycle in review. Idempotent: each reminder is sent once (audited)."""
    today = today or timezone.localdate()
    sent = 0
    for cycle in program.cycles():
        days = (cycle.review_due - today).days
        if days not in REMINDER_DAYS or cycle.phase != program.Phase.REVIEW:
            continue
        open_counts = defaultdict(int)
        users = {}
        for assignment in Assignment.objects.filter(cycle=cycle, voided__isnull=True).select_related(
            "panelist", "review"
        ):
            review = getattr(assignment, "review", None)
            if review is None or review.submitted is None:
                open_counts[assignment.panelist_id] += 1
                users[assignment.panelist_id] = assignment.panelist
        already = set(
            audit.events(
                object_type="program.cycle", object_id=str(cycle.pk), verb="review.reminded"
            ).values_list("to_state", flat=True)
        )
        for user_id, count in open_counts.items():
            key = f"{users[user_id].get_username()}:{days}"
            if key in already:
                continue
            with transaction.atomic():
                audit.record(actor=None, verb="review.reminded", obj=cycle, to_state=key)
                notifications.notify(
                    users[user_id].email,
                    "review_reminder",
                    {"user": users[user_id], "cycle": cycle, "count": count, "days": days},
                )
            sent += 1
    return sent


# --- Deliberation: votes, quorum, decisions (review/deliberation.py) ----------------------------

from .conflicts import (  # noqa: E402  (it uses the panel functions above)
    ConflictExists,
    conflicted_pairs,
    conflicts_of,
    conflicts_seen_by,
    declarable_nominations,
    declare_conflict,
    hidden_nominations,
    is_conflicted,
    is_party,
    own_unseated,
    waive_conflict,
)
from .deliberation import (  # noqa: E402  (it uses the panel functions above)
    BOARD_PAGE_SIZE,
    Quorum,
    board,
    board_filters,
    board_pages,
    cast_vote,
    is_deciding_chair,
    page_number,
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
from .enums import Outcome, VoteChoice  # noqa: E402
from .exports import (  # noqa: E402  (it reads the ranking and the seats above)
    conflicts_export,
    nominations_export,
    nominations_file_name,
    ranking_export,
    reviews_export,
    scores_seen_by,
)
from .late_conflicts import (  # noqa: E402  (it uses the panel functions above)
    get_waiver,
    reassign,
    void_after_affiliation_change,
    void_after_endorsement,
    void_after_profile_claimed,
    void_conflicted,
    voided_assignment,
    voided_assignments,
    withdraw_waiver,
)
from .models import Vote  # noqa: E402
from .panel_copy import CopiedPanel, copy_panel, panels_to_copy  # noqa: E402
from .reviewer_table import who_reviews_what  # noqa: E402  (it reads the conflicts above)
from .standings import (  # noqa: E402  (it reads the counted reviews and the conflicts above)
    RANKING_SORTS,
    RankedRows,
    cycle_summary,
    mark_stale,
    ranked_rows,
    ranking_filters,
    refresh_standings,
    standings_of,
)
