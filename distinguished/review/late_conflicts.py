"""Conflicts of interest that arise after reviewers were assigned.

A conflict that arises for an assigned panelist — declared by them or by the chair, detected later
(the panelist endorses the nomination, or comes to share an organization with the nominee), or a
waiver the chair takes back — voids that assignment in the same transaction (`void_conflicted`):
its review stays in the database and the audit trail but leaves the ranking, the scores, the
agreement, the deliberation board and the exports; the panelist no longer sees the assignment; the
seated chairs without a conflict are e-mailed, and the panel page offers them a one-click
reassignment (`reassign`). A chair conflicted with the nomination finds none of this (a program
admin or a co-chair handles it). Re-exported by review.api.
"""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.notifications import api as notifications
from distinguished.people import api as people

from .assigning import assign_by_hand
from .conflicts import conflicted_pairs, conflicts_of, hidden_in, is_conflicted
from .models import Assignment
from .seats import seats_of

# The nomination states whose reviewers may still change (as assign_by_hand).
REASSIGNABLE_STATES = ("eligible", "in_review")


def _require_free_chair(actor, nomination) -> None:
    """PermissionDenied unless chair or admin; a nomination the actor is conflicted with does not
    exist for them (404)."""
    if not actor.has_perm("review.run_panel"):
        raise PermissionDenied(_("Only the chair or a program admin reassigns a review."))
    if is_conflicted(actor, nomination):
        raise Assignment.DoesNotExist(_("No such assignment, or a conflict of interest hides it from you."))


# --- Voiding ---------------------------------------------------------------------------------------


def void_conflicted(
    *, cycle, actor, panelists=None, nomination_ids=None, withdrawn_waiver: str = ""
) -> list[Assignment]:
    """Void every live assignment of the cycle whose panelist is now conflicted with its
    nomination (narrowed to these panelists and nominations when given), inside the caller's
    transaction: each row locked (save_review locks it too), stamped, audited
    (`assignment.voided`), and the chairs e-mailed on commit. `withdrawn_waiver`: the source of the
    conflict whose waiver the chair withdrew, which is then what voids. Returns the voided assignments."""
    live = Assignment.objects.filter(cycle=cycle, voided__isnull=True)
    if panelists is not None:
        live = live.filter(panelist__in=panelists)
    if nomination_ids is not None:
        live = live.filter(nomination_id__in=nomination_ids)
    candidates = list(live.values_list("pk", "panelist_id", "nomination_id"))
    if not candidates:
        return []
    rows = {}
    for row in conflicts_of(cycle, include_waived=False):
        rows.setdefault((row["panelist"].pk, row["nomination"].pk), row)
    hits = {pk: rows[(p, n)] for pk, p, n in candidates if (p, n) in rows}
    if not hits:
        return []
    voided = []
    now = timezone.now()
    # Lock the assignment rows alone (save_review locks them too): a join under FOR UPDATE would
    # also lock the nomination and cycle rows, which decide() locks in the other order.
    locked = list(
        Assignment.objects.select_for_update()
        .filter(pk__in=hits, voided__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for assignment in (
        Assignment.objects.filter(pk__in=locked)
        .select_related("panelist", "nomination__nominee", "nomination__track", "cycle")
        .order_by("pk")
    ):
        row = hits[assignment.pk]
        assignment.voided = now
        # A withdrawn waiver voids for the conflict it waived, whatever other conflicts the pair has.
        assignment.void_source = withdrawn_waiver or row["source"]
        assignment.void_waiver_withdrawn = bool(withdrawn_waiver)
        with translation.override("en"):  # the trail's words; pages word it for their reader
            assignment.void_reason = assignment.void_cause()
        assignment.save(update_fields=["voided", "void_source", "void_waiver_withdrawn", "void_reason"])
        audit.record(
            actor=actor,
            verb="assignment.voided",
            obj=assignment,
            from_state=assignment.panelist.get_username(),
            to_state="voided",
            reason=assignment.void_reason,
            data={"nomination": assignment.nomination_id, "source": row["source"]},
        )
        _tell_chairs(assignment, rows)
        voided.append(assignment)
    return voided


def void_after_endorsement(*, nomination, endorser) -> list[Assignment]:
    """An assigned panelist who endorses the nomination is its endorser now."""
    if not Assignment.objects.filter(nomination=nomination, panelist=endorser, voided__isnull=True).exists():
        return []
    return void_conflicted(
        cycle=nomination.cycle, actor=endorser, panelists=[endorser], nomination_ids=[nomination.pk]
    )


def void_after_affiliation_change(*, contributor, actor) -> list[Assignment]:
    """A panelist or a nominee (or the organization of either) changed organization: a panelist
    may share one with a nominee now."""
    touched = (
        Q(panelist__contributor=contributor)
        | Q(panelist__contributor__organization=contributor)
        | Q(nomination__nominee=contributor)
        | Q(nomination__nominee__organization=contributor)
    )
    return _void_in_cycles(Assignment.objects.filter(touched, voided__isnull=True), actor)


def void_after_profile_claimed(*, user) -> list[Assignment]:
    """An assigned panelist took a profile over: they may be a nominee, or share its organization."""
    return _void_in_cycles(Assignment.objects.filter(panelist=user, voided__isnull=True), user)


def _void_in_cycles(live, actor) -> list[Assignment]:
    cycles = {assignment.cycle for assignment in live.select_related("cycle__program")}
    return [
        voided
        for cycle in sorted(cycles, key=lambda c: c.pk)
        for voided in void_conflicted(cycle=cycle, actor=actor)
    ]


def _tell_chairs(assignment: Assignment, conflicts: dict) -> None:
    """E-mail the cycle's seated chairs free of a conflict with the nomination; when none is,
    the program admins (one of them handles it)."""
    seats = [seat for seat in seats_of(assignment.cycle) if seat.chair]
    chairs = [s.user for s in seats if (s.user_id, assignment.nomination_id) not in conflicts]
    if not chairs:
        chairs = [
            user
            for user in people.users().filter(roles__role=people.Role.ADMIN)
            if (user.pk, assignment.nomination_id) not in conflicts
        ]
    reviewed = Assignment.objects.filter(pk=assignment.pk, review__isnull=False).exists()
    link = reverse("review:panel", args=[assignment.cycle.slug]) + "#voided"
    for chair in chairs:
        notifications.notify(
            chair.email,
            "assignment_voided",
            {
                "chair": chair,
                "assignment": assignment,
                "nomination": assignment.nomination,
                "reviewed": reviewed,
                "link": link,
            },
        )


def voided_assignments(cycle, *, viewer, rows=None) -> list[Assignment]:
    """The cycle's voided assignments the viewer (chair or admin) may see, oldest first, each with
    its replacement; none about a nomination the viewer is conflicted with. Fixed query count."""
    hidden = hidden_in(conflicts_of(cycle) if rows is None else rows, viewer)
    return [
        a
        for a in Assignment.objects.filter(cycle=cycle, voided__isnull=False)
        .select_related("panelist", "nomination__nominee", "nomination__track", "replacement__panelist")
        .order_by("voided", "pk")
        if a.nomination_id not in hidden
    ]


def voided_assignment(assignment_id, *, viewer) -> Assignment:
    """One assignment for the chair's reassignment; Assignment.DoesNotExist when there is none
    or a conflict hides its nomination from the viewer."""
    assignment = Assignment.objects.select_related(
        "cycle", "panelist", "nomination__nominee", "nomination__track", "replacement__panelist"
    ).get(pk=assignment_id)
    _require_free_chair(viewer, assignment.nomination)
    return assignment


# --- Reassignment ----------------------------------------------------------------------------------


def _replacement_for(assignment: Assignment):
    """The panelist who takes a voided assignment over, by the solver's rules: seated, free of a
    conflict, not already on the nomination; from a stakeholder group its reviewers do not cover
    yet, then the least loaded, then one who prefers the track. None when nobody fits."""
    cycle, nomination = assignment.cycle, assignment.nomination
    pairs = conflicted_pairs(cycle)
    seats = list(seats_of(cycle))
    group_of = {seat.user_id: seat.group_id for seat in seats}
    on_it = Assignment.objects.filter(nomination=nomination).values_list("panelist_id", "voided")
    taken = {panelist for panelist, _ in on_it}
    covered = {group_of.get(panelist) for panelist, voided in on_it if voided is None}
    loads = Counter(
        Assignment.objects.filter(cycle=cycle, voided__isnull=True).values_list("panelist_id", flat=True)
    )
    free = [s for s in seats if s.user_id not in taken and (s.user_id, nomination.pk) not in pairs]
    if not free:
        return None
    best = min(
        free,
        key=lambda s: (s.group_id in covered, loads[s.user_id], nomination.track.code not in s.tracks, s.pk),
    )
    return best.user


def reassign(*, actor, assignment: Assignment) -> Assignment:
    """The chair's one click: a voided assignment's nomination gets another reviewer
    (`_replacement_for`), assigned as by hand (audited, e-mailed); the voided one records it.
    Refused for a live or already reassigned assignment, or when nobody fits (the message says
    what to do)."""
    _require_free_chair(actor, assignment.nomination)
    nomination = nominations.get_nomination(assignment.nomination_id)
    errors = {}
    if assignment.voided is None:
        errors["assignment"] = [_("This assignment still counts; only a voided one is reassigned.")]
    elif assignment.replacement_id is not None:
        errors["assignment"] = [
            _("Already reassigned to %(panelist)s.") % {"panelist": assignment.replacement.panelist}
        ]
    if nomination.state not in REASSIGNABLE_STATES:
        errors["nomination"] = [
            _("This nomination is %(state)s; only eligible nominations are reviewed.")
            % {"state": nomination.get_state_display().lower()}
        ]
    if errors:
        raise ValidationError(errors)
    panelist = _replacement_for(assignment)
    if panelist is None:
        raise ValidationError(
            {
                "panelist": [
                    _(
                        "Every seated panelist reviews %(nominee)s already or has a conflict with "
                        "the nomination; ask a program admin to seat another panelist."
                    )
                    % {"nominee": nomination.nominee}
                ]
            }
        )
    with transaction.atomic():
        # Two clicks at once: the second waits here and finds the replacement made.
        locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.replacement_id is not None:
            raise ValidationError({"assignment": [_("Already reassigned meanwhile; reload the panel page.")]})
        replacement = assign_by_hand(actor=actor, nomination=nomination, panelist=panelist)
        locked.replacement = replacement
        locked.save(update_fields=["replacement"])
        audit.record(
            actor=actor,
            verb="review.reassigned",
            obj=locked,
            from_state=assignment.panelist.get_username(),
            to_state=panelist.get_username(),
            data={"nomination": nomination.pk, "assignment": replacement.pk},
        )
    return replacement
