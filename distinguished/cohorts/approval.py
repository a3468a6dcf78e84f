"""The approval of a cycle's final list, one function a step: `deliberation → approval` (the
chair submits the decided list) `→ signed off` (the approver) or `→ deliberation` (sent back with a
note). Each checks who acts and when, holds the cycle's phase at the step's (whatever the dates
say, so the panel's decisions can only change while the list is in deliberation), is audited and
e-mails whoever acts next when the transaction commits."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from distinguished.audit import api as audit
from distinguished.nominations import api as nominations
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program
from distinguished.review import api as review

from .cycle_steps import AlreadyDone, _link, _lock, _refuse_if_announced
from .final_list import sign_off_of as _sign_off_of
from .models import SignOff

Phase = program.Phase
NOTE_MAX = 5_000
# Each says who did what in one sentence, so a translation may put the actor anywhere.
APPROVAL_VERBS = {
    "cycle.submitted_for_approval": gettext_lazy("%(actor)s submitted the list for approval"),
    "cycle.sent_back": gettext_lazy("%(actor)s sent the list back to deliberation"),
    "cycle.signed_off": gettext_lazy("%(actor)s signed the list off"),
    "cycle.announced": gettext_lazy("%(actor)s announced the cohort"),
    "cycle.announced_recorded": gettext_lazy("%(actor)s published the announcement of the recorded cohort"),
}


def approval_events(cycle):
    """The cycle's approval steps (submitted, sent back, signed off, announced), newest first."""
    return audit.events_for(cycle).filter(verb__in=list(APPROVAL_VERBS)).order_by("-id")


# Whole sentences, so a translation keeps the step and the phases together.
_SUBMITS = gettext_lazy(
    "%(cycle)s is in the %(phase)s phase; the chair submits the list in the %(needed)s phase."
)
_SIGNS_OFF = gettext_lazy(
    "%(cycle)s is in the %(phase)s phase; the approver signs off in the %(needed)s phase."
)
_SENDS_BACK = gettext_lazy(
    "%(cycle)s is in the %(phase)s phase; the approver sends the list back in the %(needed)s phase."
)


def _require_phase(cycle, phase: str, sentence) -> None:
    if cycle.phase != phase:
        params = {
            "cycle": cycle,
            "phase": cycle.get_phase_display().lower(),
            "needed": Phase(phase).label.lower(),
        }
        raise ValidationError({"cycle": [sentence % params]})


def _require_decided(cycle) -> None:
    undecided = nominations.undecided_by_track(cycle)
    if undecided:
        count = sum(undecided.values())
        where = ", ".join(f"{track}: {n}" for track, n in undecided.items())
        message = ngettext(
            "%(count)s eligible nomination is not decided yet (%(where)s); the chair decides every one "
            "in deliberation before the list is signed off.",
            "%(count)s eligible nominations are not decided yet (%(where)s); the chair decides every one "
            "in deliberation before the list is signed off.",
            count,
        )
        raise ValidationError({"nominations": [message % {"count": count, "where": where}]})


def _already_signed_off(sign_off: SignOff) -> AlreadyDone:
    return AlreadyDone(
        _("The final list of %(cycle)s was signed off on %(date)s by %(by)s; it is locked.")
        % {
            "cycle": sign_off.cycle,
            "date": program.human(timezone.localdate(sign_off.signed)),
            "by": sign_off.signed_by,
        }
    )


def _refuse_if_signed_off(cycle) -> None:
    signed = _sign_off_of(cycle)
    if signed is not None:
        raise _already_signed_off(signed)


def _check_note(note: str, *, required: bool, why: str = "") -> str:
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({"note": [why]})
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": [_("Keep the note under %(max)s characters.") % {"max": f"{NOTE_MAX:,}"}]}
        )
    return note


def _addresses(users) -> list[str]:
    return list(dict.fromkeys(u.email.lower() for u in users if u.email))


def _chairs(cycle) -> list:
    seated = [seat.user for seat in review.seats_of(cycle) if seat.chair]
    by_role = list(people.users().filter(roles__role=people.Role.CHAIR))
    return seated + by_role


def _approvers() -> list:
    return list(people.users().filter(roles__role=people.Role.APPROVER))


def _admins() -> list:
    return list(people.users().filter(Q(roles__role=people.Role.ADMIN) | Q(is_superuser=True)).distinct())


def _hand_over(
    *, actor, cycle, locked, phase: str, verb: str, note: str, to, template: str, context=None, data=None
):
    """Hold `cycle` (row-locked by the caller as `locked`) at `phase`, audit the step and e-mail
    whoever acts next."""
    before = locked.phase
    program.hold_phase(cycle, phase)
    audit.record(actor=actor, verb=verb, obj=cycle, from_state=before, to_state=phase, reason=note, data=data)
    link = _link("cohorts:approval", cycle)
    notifications.notify(
        _addresses(to),
        template,
        {"cycle": cycle, "actor": actor, "note": note, "link": link, **(context or {})},
    )


def submit_for_approval(*, actor, cycle, note: str = "") -> None:
    """The chair says the decided list is ready: deliberation → approval (held until sign-off or
    send-back, whatever the dates say); the approvers are e-mailed. Every eligible nomination
    must be decided."""
    if not actor.has_perm("cohorts.hand_over_final_list"):
        raise PermissionDenied(_("Only the panel chair or a program admin submits the list for approval."))
    _refuse_if_signed_off(cycle)
    _require_phase(cycle, Phase.DELIBERATION, _SUBMITS)
    note = _check_note(note, required=False)
    _require_decided(cycle)
    with transaction.atomic():
        locked = _lock(cycle)
        _require_phase(locked, Phase.DELIBERATION, _SUBMITS)
        _require_decided(cycle)
        _hand_over(
            actor=actor,
            cycle=cycle,
            locked=locked,
            phase=Phase.APPROVAL,
            verb="cycle.submitted_for_approval",
            note=note,
            to=_approvers(),
            template="cycle_ready_for_approval",
        )


def require_approver(user) -> None:
    """Only the approver (Axim) answers the final list: checked before anything else is read."""
    if not user.has_perm("cohorts.answer_final_list"):
        raise PermissionDenied(_("Only the approver (Axim) signs off the final list or sends it back."))


def sign_off_cycle(*, actor, cycle, note: str = "") -> SignOff:
    """The approver signs off the final list in the approval phase: every eligible nomination is
    decided, the selected ones become approved, the list is locked (the phase is held at approval
    until the announcement) and the program admins are e-mailed to announce. Once per cycle."""
    require_approver(actor)
    _refuse_if_signed_off(cycle)
    _refuse_if_announced(cycle)
    _require_phase(cycle, Phase.APPROVAL, _SIGNS_OFF)
    note = _check_note(note, required=False)
    _require_decided(cycle)
    try:
        with transaction.atomic():
            locked = _lock(cycle)
            _refuse_if_signed_off(cycle)
            _require_phase(locked, Phase.APPROVAL, _SIGNS_OFF)
            _require_decided(cycle)
            sign_off = SignOff.objects.create(cycle=cycle, signed_by=actor, signed=timezone.now(), note=note)
            # Locked for good: no vote or decision changes the list now, even if an admin
            # moves the phase back.
            program.lock_final_list(cycle, sign_off.signed)
            approved = nominations.approve_selected(actor=actor, cycle=cycle)
            _hand_over(
                actor=actor,
                cycle=cycle,
                locked=locked,
                phase=Phase.APPROVAL,
                verb="cycle.signed_off",
                note=note,
                to=_admins(),
                template="cycle_signed_off",
                context={"approved": len(approved)},
                data={"approved": [n.pk for n in approved]},
            )
    except IntegrityError:
        signed = _sign_off_of(cycle)
        if signed is None:
            raise
        raise _already_signed_off(signed) from None
    return sign_off


def send_back(*, actor, cycle, note: str) -> None:
    """The approver sends the list back to deliberation with a note (required) for the chair:
    the phase is held at deliberation until the chair submits the list again."""
    require_approver(actor)
    _refuse_if_signed_off(cycle)
    _require_phase(cycle, Phase.APPROVAL, _SENDS_BACK)
    note = _check_note(
        note, required=True, why=_("Tell the chair what to reconsider; the note goes to them.")
    )
    with transaction.atomic():
        locked = _lock(cycle)
        _refuse_if_signed_off(cycle)
        _require_phase(locked, Phase.APPROVAL, _SENDS_BACK)
        _hand_over(
            actor=actor,
            cycle=cycle,
            locked=locked,
            phase=Phase.DELIBERATION,
            verb="cycle.sent_back",
            note=note,
            to=_chairs(cycle),
            template="cycle_sent_back",
        )
