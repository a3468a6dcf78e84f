"""Declaring a conflict of interest: a seated panelist declares one with a nomination or a contributor
(all their nominations), or the chair adds one for any panelist; once per panelist and nomination
(or contributor), a repeat answered with the first (ConflictExists). What the new conflict covers
is voided in the same transaction (late_conflicts.py)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from .conflicts import forget_hidden, is_conflicted
from .enums import ConflictSource
from .late_conflicts import void_conflicted
from .models import Conflict
from .seats import seat_of


def declare_conflict(*, actor, cycle, reason: str, nomination=None, contributor=None, panelist=None):
    """A panelist declares a conflict with a nomination or a contributor (all their nominations);
    the chair may add one for any panelist. Once per panelist and nomination (or contributor):
    a repeat raises ConflictExists naming the first. An assignment the conflict covers is voided
    in the same transaction (late_conflicts.void_conflicted): its review stops counting. The
    conflict's `voided` lists those assignments' ids."""
    panelist = panelist or actor
    _check_may_declare(actor, panelist, cycle, nomination)
    errors = _declaration_problems(cycle, reason, nomination=nomination, contributor=contributor)
    if errors:
        raise ValidationError(errors)
    existing = existing_conflict(cycle, panelist, nomination=nomination, contributor=contributor)
    if existing is not None:
        raise repeated(existing, actor)
    try:
        with transaction.atomic():
            conflict = Conflict.objects.create(
                cycle=cycle,
                panelist=panelist,
                nomination=nomination,
                contributor=contributor,
                source=ConflictSource.DECLARED if panelist == actor else ConflictSource.CHAIR,
                reason=reason.strip(),
                created_by=actor,
            )
            audit.record(
                actor=actor,
                verb="conflict.declared",
                obj=cycle,
                to_state=f"{panelist.get_username()}",
                reason=reason,
            )
            voided = void_conflicted(cycle=cycle, actor=actor, panelists=[panelist])
    except IntegrityError:
        # The same declaration at the same moment: the database kept the first.
        existing = existing_conflict(cycle, panelist, nomination=nomination, contributor=contributor)
        if existing is None:
            raise
        raise repeated(existing, actor) from None
    forget_hidden(actor, panelist)
    conflict.voided = [assignment.pk for assignment in voided]
    return conflict


def _check_may_declare(actor, panelist, cycle, nomination) -> None:
    """The chair declares for anyone; a panelist only for themself and only while seated. A
    nomination they may not name is answered as one that does not exist."""
    is_chair = actor.has_perm("review.run_panel")
    if panelist != actor and not is_chair:
        raise PermissionDenied(_("Only the chair adds a conflict for another panelist."))
    if seat_of(panelist, cycle) is None and not is_chair:
        raise PermissionDenied(_("Only seated panelists declare conflicts."))
    if nomination is not None and not _may_name(actor, panelist, cycle, nomination):
        raise nominations.NominationNotFound(_("No such nomination."))


def _declaration_problems(cycle, reason: str, *, nomination, contributor) -> dict:
    """What is wrong with a declaration (field → messages): no nomination or contributor named, a
    nomination of another cycle, no reason given."""
    errors = {}
    if nomination is None and contributor is None:
        errors["nomination"] = [_("Name the nomination (or the contributor) you have a conflict with.")]
    if nomination is not None and nomination.cycle_id != cycle.pk:
        errors["nomination"] = [_("That nomination belongs to another cycle.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say what the conflict is.")]
    return errors


def _may_name(actor, panelist, cycle, nomination) -> bool:
    """A declaration names a submitted nomination of this cycle (never a draft, whose very existence
    is private); the chair naming another panelist must be free to see it. Any other id is answered
    as one that does not exist."""
    if nomination.cycle_id != cycle.pk or not nominations.was_submitted(nomination):
        return False
    if panelist == actor:
        return True
    return not is_conflicted(actor, nomination) and actor.has_perm(
        "nominations.panel_view_nomination", nomination
    )


# --- Repeats -------------------------------------------------------------------------------------


class ConflictExists(Exception):
    """The same conflict is declared already; `existing` is that row (the API answers 409)."""

    def __init__(self, existing: Conflict, message: str):
        super().__init__(message)
        self.existing = existing
        self.message = message


def existing_conflict(cycle, panelist, *, nomination=None, contributor=None) -> Conflict | None:
    """The stored conflict a new declaration would repeat (one per panelist and nomination, one
    per panelist and contributor in a cycle)."""
    rows = Conflict.objects.filter(panelist=panelist).select_related("nomination__nominee", "contributor")
    if nomination is not None:
        found = rows.filter(nomination=nomination).first()
        if found is not None:
            return found
    if contributor is not None:
        return rows.filter(cycle=cycle, contributor=contributor).first()
    return None


def repeated(existing: Conflict, actor) -> ConflictExists:
    on = program.human(timezone.localdate(existing.created))
    mine = existing.panelist_id == actor.pk
    if existing.nomination_id:
        words = (
            _("You have declared a conflict with the nomination of %(nominee)s already, on %(day)s.")
            if mine
            else _(
                "%(panelist)s has declared a conflict with the nomination of %(nominee)s already, on %(day)s."
            )
        )
    else:
        words = (
            _(
                "You have declared a conflict with %(contributor)s (all their nominations) already, on %(day)s."
            )
            if mine
            else _(
                "%(panelist)s has declared a conflict with %(contributor)s (all their nominations) already, "
                "on %(day)s."
            )
        )
    return ConflictExists(
        existing,
        words
        % {
            "panelist": existing.panelist,
            "nominee": existing.nomination.nominee if existing.nomination_id else "",
            "contributor": existing.contributor,
            "day": on,
        },
    )
