"""Screening: the queue (a cycle's nominations awaiting or under screening, as a queryset the
screening list takes a page of, and the eligibility checks of the rows of that page), and the
decision, eligible or ineligible, with its reason for the nominee.

The list is ordered by submission (then id), filtered in the database by track and by words
(`search.py`) and without the nominations a conflict of interest hides from the viewer. The
"failed check" filter asks `eligibility.failing`, which reads the candidates with only what that
one rule needs; every check of a row is computed only for the rows of the page shown. The queries
do not grow with the cycle.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.program import api as program

from . import conflicts, eligibility, moves
from .enums import SCREENABLE_STATES, State
from .mailing import notify_parties
from .models import Nomination
from .rules import is_screener
from .search import search_nominations


def screening_nominations(cycle, *, viewer=None, track: str = "", failed: str = "", q: str = ""):
    """The cycle's screenable nominations `viewer` screens (none a conflict hides from them; every
    one when no viewer is given), filtered by track, by a failed rule (a code of
    `eligibility.RULES`) and by words, in submission order, with what their checks read."""
    queryset = Nomination.objects.filter(cycle=cycle, state__in=SCREENABLE_STATES)
    hidden = conflicts.hidden_from(viewer) if viewer is not None else set()
    if hidden:
        queryset = queryset.exclude(pk__in=hidden)
    if track:
        queryset = queryset.filter(track__code=track)
    queryset = search_nominations(queryset, q)
    if failed and failed not in eligibility.RULES:
        return Nomination.objects.none()
    if failed:
        queryset = Nomination.objects.filter(pk__in=eligibility.failing(queryset, failed))
    return eligibility.prefetch(queryset.select_related("nominator")).order_by("submitted", "id")


def screening_rows(nominations) -> list[tuple[Nomination, list[eligibility.Check]]]:
    """[(nomination, checks)] for nominations read from `screening_nominations` (a page of it)."""
    nominations = list(nominations)
    checks = eligibility.checks_for(nominations)
    return [(nomination, checks[nomination.pk]) for nomination in nominations]


def screening_queue(cycle, *, track: str = "", failed: str = "", q: str = "", viewer=None):
    """The cycle's nominations awaiting or under screening, each with its checks:
    [(nomination, checks)], filtered by track, by a failed rule and by words (`search.py`: the
    nominee, the track or the nominator). The whole queue; the screening list reads a page of
    `screening_nominations` and the checks of that page's rows (`screening_rows`)."""
    return screening_rows(screening_nominations(cycle, viewer=viewer, track=track, failed=failed, q=q))


def screen(*, actor, nomination: Nomination, eligible: bool, reason: str = "") -> Nomination:
    """The chair or an admin decides eligible or ineligible in the screening phase; ineligible
    needs a reason, which reaches the nominee by e-mail."""
    if not actor.has_perm("nominations.view_nomination", nomination):
        raise Nomination.DoesNotExist("No such nomination.")
    if not is_screener(actor, nomination):
        raise PermissionDenied(
            _("Only the panel chair or a program admin without a conflict screens this nomination.")
        )
    moves.require_move(nomination, State.ELIGIBLE, State.INELIGIBLE)
    errors = _screening_problems(nomination, eligible, reason)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        moves.move(
            actor=actor,
            nomination=nomination,
            to=State.ELIGIBLE if eligible else State.INELIGIBLE,
            verb="nomination.screened",
            reason=(reason or "").strip(),
            screened=timezone.now(),
            screened_by=actor,
            screening_reason=(reason or "").strip(),
        )
        notify_parties(
            nomination, "nomination_screened", {"eligible": eligible, "reason": nomination.screening_reason}
        )
    return nomination


def _screening_problems(nomination: Nomination, eligible, reason: str) -> dict:
    """What is wrong with a screening decision, by field: a cycle not in its screening phase, an
    answer neither true nor false, and ineligible without a reason."""
    errors = {}
    if nomination.cycle.phase != program.Phase.SCREENING:
        errors["cycle"] = [
            _("%(cycle)s is in the %(phase)s phase; screening happens in the screening phase.")
            % {"cycle": nomination.cycle, "phase": nomination.cycle.get_phase_display().lower()}
        ]
    if eligible is not True and eligible is not False:
        errors["eligible"] = [_("Answer true (eligible) or false (ineligible).")]
    if eligible is False and not (reason or "").strip():
        errors["reason"] = [_("Say why the nomination is ineligible; the nominee reads it.")]
    return errors
