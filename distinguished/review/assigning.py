"""Assigning reviewers: every reviewable nomination gets its reviewers from the seated panel, by the
solver (review/assignment.py) or by the chair's hand; never a conflicted panelist. Each assignment
is audited and the panelist e-mailed."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.notifications import api as notifications
from distinguished.program import api as program

from . import assignment as solver
from .conflicts import conflicted_pairs
from .models import Assignment
from .seats import panel_status, seat_of

NoAssignment = solver.NoAssignment


def _check_reviewer_count(k) -> None:
    """A number of reviewers per nomination is a whole number, at least 1 (a bool is not one)."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValidationError(
            {"reviewers_per_nomination": [_("Give a whole number of reviewers, at least 1.")]}
        )


def _check_assigning_phase(cycle) -> None:
    """Reviewers are assigned only while the cycle screens or reviews."""
    if cycle.phase in (program.Phase.SCREENING, program.Phase.REVIEW):
        return
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


def _seated_panel(cycle) -> list:
    """The seats of a valid panel; an invalid one raises its problems under "panel"."""
    status = panel_status(cycle)
    if not status["valid"]:
        raise ValidationError({"panel": status["problems"]})
    return status["seats"]


def _solve(cycle, seats, k: int) -> tuple[list[Assignment], solver.Result]:
    """The cycle's live assignments and the solver's answer for its reviewable nominations: pairs
    with a review are kept, conflicted and voided pairs never used, the others changed as little as
    possible."""
    min_groups = program.program_settings().definition["selection"]["review"][
        "min_panel_groups_per_nomination"
    ]
    items = [n for n in nominations.nominations_for_review(cycle) if n.state in ("eligible", "in_review")]
    existing = list(Assignment.objects.filter(cycle=cycle, voided__isnull=True).select_related("review"))
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
        current=_pairs(existing),
    )
    return existing, result


def _pairs(assignments) -> set:
    """The (panelist, nomination) pairs of some assignments."""
    return {(a.panelist_id, a.nomination_id) for a in assignments}


def _tell_panelists(cycle, seats, added: set) -> None:
    """E-mails each panelist given new nominations how many they were given."""
    users = {s.user_id: s.user for s in seats}
    loads = Counter(panelist for panelist, _nomination in added)
    for panelist_id in set(loads):
        notifications.notify(
            users[panelist_id].email,
            "review_assigned",
            {"user": users[panelist_id], "cycle": cycle, "count": loads[panelist_id]},
        )


def assign_reviewers(*, actor, cycle, reviewers_per_nomination: int = 3) -> dict:
    """Give every reviewable nomination k reviewers from at least two panel groups, never a
    conflicted one, with balanced loads and preferred tracks — solved exactly (review/assignment.py).
    Re-running keeps every pair that has a review and changes as few others as possible.
    Raises NoAssignment with reasons when the rules cannot all be met."""
    if not actor.has_perm("review.run_panel"):
        raise PermissionDenied(_("Only the chair or a program admin assigns reviewers."))
    k = reviewers_per_nomination
    _check_reviewer_count(k)
    _check_assigning_phase(cycle)
    seats = _seated_panel(cycle)
    existing, result = _solve(cycle, seats, k)
    current = _pairs(existing)
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
        _tell_panelists(cycle, seats, added)
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
        raise nominations.NominationNotFound(_("No such nomination."))
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
