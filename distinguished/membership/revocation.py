"""Revoking a membership: an admin ends it with a reason, its pending renewal application lapses,
and the member is e-mailed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.notifications import api as notifications
from distinguished.people import api as people

from . import signals
from .models import Membership, Renewal
from .terms import Status, locked, member_address, status_of


def revoke(*, actor, membership: Membership, reason: str) -> Membership:
    """An admin revokes a membership with a reason (kept in the audit trail and e-mailed to the
    member); its credential stops verifying (credentials listen to the `revoked` signal)."""
    if not people.is_program_admin(actor):
        raise PermissionDenied(_("Only program admins revoke memberships."))
    if membership.revoked_on:
        raise TransitionError(_("This membership is revoked already."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": [_("Say why the membership is revoked; it is kept in the audit trail.")]}
        )
    with transaction.atomic():
        membership = locked(membership)
        if membership.revoked_on:
            raise TransitionError(_("This membership was revoked meanwhile."))
        before = status_of(membership)
        membership.revoked_on = timezone.localdate()
        membership.revoke_reason = reason
        membership.status = Status.REVOKED
        membership.save(update_fields=["revoked_on", "revoke_reason", "status"])
        audit.record(
            actor=actor,
            verb="membership.revoked",
            obj=membership,
            from_state=before,
            to_state=Status.REVOKED,
            reason=reason,
        )
        signals.revoked.send(sender=Membership, membership=membership, actor=actor)
        _close_pending_renewal(actor, membership, reason)
        notifications.notify(
            member_address(membership.contributor),
            "membership_revoked",
            {"membership": membership, "link": reverse("membership:mine")},
        )
    return membership


def _close_pending_renewal(actor, membership: Membership, reason: str) -> None:
    """A revoked term is not renewed: its pending application (if any) is closed as lapsed, so it
    leaves the chair's queue. The revocation e-mail tells the member."""
    renewal = Renewal.objects.select_for_update().filter(membership=membership, renew__isnull=True).first()
    if renewal is None:
        return
    renewal.renew = False
    renewal.reason = f"The membership was revoked: {reason}"
    renewal.decided = timezone.now()
    renewal.decided_by = actor
    renewal.save(update_fields=["renew", "reason", "decided", "decided_by"])
    audit.record(
        actor=actor,
        verb="renewal.lapsed",
        obj=renewal,
        from_state="pending",
        to_state=renewal.state,
        reason=renewal.reason,
    )
