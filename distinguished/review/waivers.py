"""The chair's waivers of detected conflicts: waiving one judged harmless, with a reason (never the
nominee's own), reading one, and taking one back — the conflict counts again at once, and what it
covers is voided in the same transaction (late_conflicts.py). Audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from distinguished.audit import api as audit

from .conflicts import forget_hidden, is_conflicted
from .enums import DETECTED, ConflictSource
from .late_conflicts import void_conflicted
from .models import Assignment, ConflictWaiver


def waive_conflict(*, actor, nomination, panelist, source: str, reason: str) -> ConflictWaiver:
    """The chair judges a detected conflict harmless, with a reason; nothing disappears silently."""
    if not actor.has_perm("review.run_panel"):
        raise PermissionDenied(_("Only the chair waives a conflict."))
    # A nomination the chair may not see (a draft, or one a conflict hides) does not exist for them.
    if is_conflicted(actor, nomination) or not actor.has_perm(
        "nominations.panel_view_nomination", nomination
    ):
        raise ConflictWaiver.DoesNotExist(
            _("No such nomination, or a conflict of interest hides it from you.")
        )
    errors = {}
    if source == ConflictSource.NOMINEE:
        errors["source"] = [_("Nobody judges their own nomination: the nominee's conflict cannot be waived.")]
    elif source not in DETECTED:
        errors["source"] = [_("Only detected conflicts are waived; withdraw a declared one instead.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say why the conflict does not matter; it is kept in the audit trail.")]
    already = ConflictWaiver.objects.filter(nomination=nomination, panelist=panelist, source=source).first()
    if already is not None:
        errors["source"] = [_already_waived(already)]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            waiver = _record_waiver(actor, nomination, panelist, source, reason)
    except IntegrityError:
        # A concurrent request waived the same conflict first.
        already = ConflictWaiver.objects.get(nomination=nomination, panelist=panelist, source=source)
        raise ValidationError({"source": [_already_waived(already)]}) from None
    forget_hidden(actor, panelist)
    return waiver


def _already_waived(waiver: ConflictWaiver) -> str:
    return _("This conflict was already waived on %(day)s; withdraw that waiver to change it.") % {
        "day": f"{waiver.created:%d %B %Y}"
    }


def _record_waiver(actor, nomination, panelist, source: str, reason: str) -> ConflictWaiver:
    waiver = ConflictWaiver.objects.create(
        nomination=nomination, panelist=panelist, source=source, reason=reason.strip(), waived_by=actor
    )
    # Filed under the waiver: the nomination's history is read by its nominee.
    audit.record(
        actor=actor,
        verb="conflict.waived",
        obj=waiver,
        from_state=source,
        to_state=panelist.get_username(),
        reason=reason,
        data={"nomination": nomination.pk},
    )
    return waiver


# --- Waivers taken back ----------------------------------------------------------------------------


def get_waiver(cycle, waiver_id, *, viewer) -> ConflictWaiver:
    """A waiver of the cycle; ConflictWaiver.DoesNotExist when there is none or a conflict hides
    its nomination from the viewer."""
    waiver = ConflictWaiver.objects.select_related("nomination__cycle", "panelist").get(
        pk=waiver_id, nomination__cycle=cycle
    )
    if is_conflicted(viewer, waiver.nomination):
        raise ConflictWaiver.DoesNotExist(_("No such waiver, or a conflict of interest hides it from you."))
    return waiver


def withdraw_waiver(*, actor, waiver: ConflictWaiver, reason: str = "") -> list[Assignment]:
    """The chair takes a waiver back: the detected conflict counts again, at once — an assignment
    of that panelist to that nomination is voided in the same transaction. Audited
    (`conflict.waiver_withdrawn`, with the waiver's reason). Returns the voided assignments."""
    if not actor.has_perm("review.run_panel"):
        raise PermissionDenied(_("Only the chair or a program admin withdraws a waiver."))
    if len(reason or "") > 2000:
        raise ValidationError({"reason": [_("Keep the reason under 2,000 characters.")]})
    nomination, panelist = waiver.nomination, waiver.panelist
    with transaction.atomic():
        locked = ConflictWaiver.objects.select_for_update().filter(pk=waiver.pk).first()
        if locked is None:
            raise ConflictWaiver.DoesNotExist(_("This waiver was withdrawn meanwhile."))
        audit.record(
            actor=actor,
            verb="conflict.waiver_withdrawn",
            obj=locked,
            from_state=waiver.source,
            to_state=panelist.get_username(),
            reason=(reason or "").strip(),
            data={"nomination": nomination.pk, "waiver_reason": locked.reason},
        )
        locked.delete()
        voided = void_conflicted(
            cycle=nomination.cycle,
            actor=actor,
            panelists=[panelist],
            nomination_ids=[nomination.pk],
            withdrawn_waiver=waiver.source,
        )
    forget_hidden(actor, panelist)
    return voided
