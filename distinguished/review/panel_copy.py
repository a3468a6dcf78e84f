"""A new cycle's panel, copied from an earlier cycle's and then edited seat by seat: the same
people in the same stakeholder groups, with the chair and their preferred tracks. Conflicts are
not copied: they are declared and detected per nomination, as for any seat."""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from distinguished.audit import api as audit
from distinguished.program import api as program

from .models import PanelSeat

# Why a seat was not copied, worded when read: in the reader's language, not the copier's.
_WHY = {
    "seated": gettext_lazy("already seated on the %(cycle)s panel"),
    "deactivated": gettext_lazy("the account is deactivated"),
    "no_group": gettext_lazy("the program has no group “%(group)s” now"),
}


@dataclasses.dataclass(frozen=True)
class Skipped:
    """A seat of the earlier panel that was not copied, and why: `why` a code (the audit trail
    keeps it), `reason` its words in the active language."""

    user_id: int
    name: str
    why: str
    words: dict = dataclasses.field(default_factory=dict)

    @property
    def reason(self) -> str:
        words = {name: program.in_language(value) for name, value in self.words.items()}
        return str(_WHY[self.why]) % words


@dataclasses.dataclass(frozen=True)
class CopiedPanel:
    source: object  # the cycle copied from
    seated: list  # the new PanelSeats
    skipped: list[Skipped]


def panels_to_copy(cycle) -> list:
    """The program's other cycles whose panel has seats, newest first, each with `seat_count`."""
    counts = dict(
        PanelSeat.objects.exclude(cycle=cycle)
        .values("cycle")
        .annotate(n=Count("id"))
        .values_list("cycle", "n")
    )
    cycles = list(program.cycles().filter(pk__in=counts, program_id=cycle.program_id))
    for other in cycles:
        other.seat_count = counts[other.pk]
    return cycles


def copy_panel(*, actor, cycle, source, add: bool = False) -> CopiedPanel:
    """Seat on `cycle`'s panel everyone seated on `source`'s panel, in the same group, with the
    chair and their preferred tracks (program admins, who seat the panel). A panel that has seats
    already is refused unless `add`: then the others join it and who is seated stays as seated.
    Skipped, and said why: an account since deactivated, a group or track the program no longer
    has. Audited seat by seat (`panel.seated`, with the source in the reason) and as a whole
    (`panel.copied`)."""
    _check_source(actor, cycle, source)
    groups = {g.code: g for g in program.panel_groups_of(cycle.program)}
    track_codes = {t.code for t in program.tracks_of(cycle.program)}
    with transaction.atomic():
        earlier, present = _seats_to_copy(cycle, source, add)
        new, skipped = _copies(earlier, present, cycle, groups, track_codes)
        # A concurrent seat of the same person loses to the unique constraint (IntegrityError, a 409).
        PanelSeat.objects.bulk_create(new)
        _record_copy(actor, cycle, source, add, new, skipped)
    seated = list(
        PanelSeat.objects.filter(cycle=cycle, user_id__in=[s.user_id for s in new])
        .select_related("user", "group")
        .order_by("group__position", "id")
    )
    return CopiedPanel(source=source, seated=seated, skipped=skipped)


def _check_source(actor, cycle, source) -> None:
    """The actor seats the panel (a program admin), and `source` is another cycle of the program."""
    if not actor.has_perm("review.seat_panel", cycle):
        raise PermissionDenied(_("Only program admins seat the panel."))
    if source.pk == cycle.pk:
        raise ValidationError({"source": [_("Choose an earlier cycle's panel: this is the panel itself.")]})
    if source.program_id != cycle.program_id:
        raise ValidationError(
            {
                "source": [
                    _("%(source)s belongs to another program; copy a panel of this one.") % {"source": source}
                ]
            }
        )


def _seats_to_copy(cycle, source, add: bool) -> tuple[list, set[int]]:
    """(the seats of `source`'s panel, the users seated on `cycle`'s already): a panel with no seats
    is nothing to copy, and one with seats is copied onto only when `add`."""
    earlier = list(
        PanelSeat.objects.filter(cycle=source)
        .select_related("user", "group")
        .order_by("group__position", "id")
    )
    if not earlier:
        raise ValidationError(
            {"source": [_("The %(source)s panel has no seats to copy.") % {"source": source}]}
        )
    present = set(PanelSeat.objects.filter(cycle=cycle).values_list("user_id", flat=True))
    if present and not add:
        count = len(present)
        raise ValidationError(
            {
                "add": [
                    ngettext(
                        "The %(cycle)s panel already has %(count)s seat. "
                        "Add the %(source)s panel's other members to it, or remove the seats first.",
                        "The %(cycle)s panel already has %(count)s seats. "
                        "Add the %(source)s panel's other members to them, or remove the seats first.",
                        count,
                    )
                    % {"cycle": cycle, "count": count, "source": source}
                ]
            }
        )
    return earlier, present


def _copies(
    earlier: list, present: set[int], cycle, groups: dict, track_codes: set[str]
) -> tuple[list, list]:
    """(the new seats, not saved yet; the Skipped): each earlier seat copied in the same group, with
    the chair and the tracks the program still has, unless already seated, deactivated or of a
    group the program no longer has."""
    new, skipped = [], []
    for seat in earlier:
        name = seat.user.display_name
        if seat.user_id in present:
            skipped.append(Skipped(seat.user_id, name, "seated", {"cycle": cycle.name}))
        elif not seat.user.is_active:
            skipped.append(Skipped(seat.user_id, name, "deactivated"))
        elif seat.group.code not in groups:
            skipped.append(Skipped(seat.user_id, name, "no_group", {"group": seat.group.name}))
        else:
            new.append(
                PanelSeat(
                    cycle=cycle,
                    user=seat.user,
                    group=groups[seat.group.code],
                    chair=seat.chair,
                    tracks=[t for t in seat.tracks if t in track_codes],
                )
            )
    return new, skipped


def _record_copy(actor, cycle, source, add: bool, new: list, skipped: list) -> None:
    """The audit trail of a copy: `panel.seated` for each new seat, then `panel.copied`."""
    reason = f"Copied from the {source} panel"
    for seat in new:
        audit.record(
            actor=actor,
            verb="panel.seated",
            obj=cycle,
            to_state=f"{seat.user.get_username()}:{seat.group.code}",
            reason=reason,
        )
    audit.record(
        actor=actor,
        verb="panel.copied",
        obj=cycle,
        to_state=f"{len(new)} seats",
        reason=reason,
        data={
            "source": source.slug,
            "added": bool(add),
            "seated": [seat.user.get_username() for seat in new],
            "skipped": [{"user": s.user_id, "reason": s.why} for s in skipped],
        },
    )
