"""Confirming a self-reported contribution: the one state change of a contribution,
`self-reported → verified`. A member's own records and a nomination's evidence start self-reported;
a program admin, or the screener of a nomination the contribution lies behind, confirms it after
checking its link. The scorecard then counts it in the verified part of its key result."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit

from .models import Contribution

REFUSED = gettext_lazy(
    "Only program admins, and the screeners of a nomination a contribution lies behind, confirm "
    "a self-reported contribution."
)


def may_verify(actor, contribution: Contribution) -> bool:
    return actor is not None and actor.has_perm("contributions.verify_contribution", contribution)


def verify_contribution(*, actor, contribution_id: int) -> Contribution:
    """Confirm a contribution: self-reported → verified, audited (`contribution.verified`).
    Raises Contribution.DoesNotExist for an unknown id and PermissionDenied for whoever may not
    confirm it. Confirming a verified contribution changes nothing and records nothing."""
    contribution = Contribution.objects.select_related("contributor").get(pk=contribution_id)
    if not may_verify(actor, contribution):
        raise PermissionDenied(REFUSED)
    with transaction.atomic():
        locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
        if not locked.verified:
            locked.verified = True
            locked.save(update_fields=["verified"])
            audit.record(
                actor=actor,
                verb="contribution.verified",
                obj=locked,
                from_state="self-reported",
                to_state="verified",
                data={"source": locked.source},
            )
    locked.contributor = contribution.contributor
    return locked


def unverified_contributions():
    """Self-reported contributions no one has confirmed yet, oldest first."""
    return Contribution.objects.filter(verified=False).select_related("contributor").order_by("created", "id")
