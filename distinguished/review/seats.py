"""The review panel's seats: who sits on a cycle's panel, in which stakeholder group and who chairs
it; seating and unseating (program admins, audited), and whether every group is within its seat
range. The lowest of the panel's modules: the others read the seats from here."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distinguished.audit import api as audit
from distinguished.people import api as people
from distinguished.program import api as program

from . import rules as _rules  # registers the review.* permissions asked here
from .models import PanelSeat


def _require_admin(actor, refusal: str) -> None:
    if not people.is_program_admin(actor):
        raise PermissionDenied(refusal)


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


def seats_held_by(user):
    """Every panel seat of a user, in any cycle."""
    return PanelSeat.objects.filter(user=user)


def get_seat(cycle, seat_id) -> PanelSeat:
    return seats_of(cycle).get(pk=seat_id)
