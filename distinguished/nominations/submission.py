"""Submitting a draft to the panel, and withdrawing a nomination before screening."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.contributions import api as contributions

from . import moves
from .enums import State
from .mailing import notify_parties
from .models import Nomination
from .transition_rules import window_error


def submit_nomination(*, actor, nomination: Nomination) -> Nomination:
    """draft → submitted: the window is open, the nominee consented, there is a statement and at
    least one piece of evidence. Every unmet rule is named."""
    if not actor.has_perm("nominations.submit_nomination", nomination):
        raise PermissionDenied(_("Only the nominator submits a nomination."))
    moves.require_move(nomination, State.SUBMITTED, reader=actor)
    errors = {}
    window = window_error(nomination.cycle)
    if window:
        errors["cycle"] = [window]
    if nomination.nominee_consent is not True:
        errors["consent"] = [
            _("%(nominee)s has not accepted the nomination yet.") % {"nominee": nomination.nominee}
        ]
    if not nomination.statement.strip():
        errors["statement"] = [_("Write the statement: why this nominee, in the track's own terms.")]
    if not nomination.evidence.exists():
        errors["evidence"] = [_("Add at least one piece of evidence with a link.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moves.move(
            actor=actor,
            nomination=nomination,
            to=State.SUBMITTED,
            verb="nomination.submitted",
            submitted=timezone.now(),
        )
        # The evidence becomes the nominee's contributions, self-reported until a screener confirms it.
        contributions.record_evidence(
            actor=actor,
            contributor=nomination.nominee,
            nomination_id=nomination.pk,
            items=nomination.evidence.all(),
        )
        notify_parties(nomination, "nomination_submitted", {})
    return nomination


def withdraw(*, actor, nomination: Nomination, reason: str = "") -> Nomination:
    """draft | submitted → withdrawn, by the nominator or the nominee, before screening."""
    if not actor.has_perm("nominations.withdraw_nomination", nomination):
        raise PermissionDenied(_("Only the nominator or the nominee withdraws a nomination."))
    moves.require_move(nomination, State.WITHDRAWN, reader=actor)
    with transaction.atomic():
        moves.move(
            actor=actor,
            nomination=nomination,
            to=State.WITHDRAWN,
            verb="nomination.withdrawn",
            reason=reason,
            live=None,
        )
        notify_parties(
            nomination, "nomination_withdrawn", {"actor": actor, "reason": reason}, skip_user=actor
        )
    return nomination
