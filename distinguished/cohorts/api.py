"""Approval of a cycle's final list by Axim and its announcement: the cohort.

`deliberation → approval` (the chair submits the decided list) `→ signed off` (the approver) or
`→ deliberation` (sent back with a note); then an admin announces the signed-off cohort: the
memberships are created, every nominee hears the outcome, deferred nominations are carried to the
next cycle's screening, and the public announcement appears. Every step is one function here:
it checks who acts and when, changes rows in one transaction, is audited and sends its e-mails
when the transaction commits.

The cycle's phase follows these steps: sign-off and send-back hold it (approval, deliberation)
whatever the dates say, so the panel's decisions can only change while the list is in
deliberation; the announcement releases it (announced).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.membership import api as membership
from distinguished.nominations import api as nominations
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program
from distinguished.review import api as review

from . import announcement as text
from . import (
    announcement_day,
    announcement_language,
    rules,  # noqa: F401 - registers the cohorts.* permissions asked below
)
from .final_list import OUTCOME, can_see_final_list, final_list, page_of, pages_of
from .final_list import sign_off_of as _sign_off_of
from .models import Announcement, Award, SignOff

__all__ = [
    "OUTCOME",
    "AlreadyDone",
    "Announcement",
    "SignOff",
    "add_to_recorded_announcement",
    "announce_cycle",
    "announce_recorded_cohort",
    "announcement_of",
    "announcement_text",
    "announcements",
    "approval_events",
    "can_see_final_list",
    "carry_deferred",
    "choose_announcement_language",
    "final_list",
    "memberships_of",
    "page_of",
    "pages_of",
    "recorded_terms",
    "run_lifecycle",
    "send_back",
    "sign_off_cycle",
    "submit_for_approval",
]

Phase = program.Phase
State = nominations.State
NOTE_MAX = 5_000
# Each says who did what in one sentence, so a translation may put the actor anywhere.
APPROVAL_VERBS = {
    "cycle.submitted_for_approval": gettext_lazy("%(actor)s submitted the list for approval"),
    "cycle.sent_back": gettext_lazy("%(actor)s sent the list back to deliberation"),
    "cycle.signed_off": gettext_lazy("%(actor)s signed the list off"),
    "cycle.announced": gettext_lazy("%(actor)s announced the cohort"),
    "cycle.announced_recorded": gettext_lazy("%(actor)s published the announcement of the recorded cohort"),
}


class AlreadyDone(TransitionError):
    """A step that happens once per cycle was done already (the REST API answers 409)."""


# --- Reading ---------------------------------------------------------------------------------


def announcement_of(cycle) -> Announcement | None:
    """The cycle's announcement with its awards loaded, or None before it is announced."""
    return _announcements().filter(cycle=cycle).first()


def _announcements():
    return Announcement.objects.select_related("cycle__program", "announced_by").prefetch_related(
        Prefetch(
            "awards",
            queryset=Award.objects.select_related("membership__contributor", "membership__track"),
        )
    )


def announcements(limit: int = 20) -> list[Announcement]:
    """The latest announcements, newest first, each with its awards: a fixed number of queries."""
    # By the cohort's day: an earlier cohort published later still comes after the newer ones.
    return list(_announcements().order_by("-date", "-announced", "-id")[:limit])


def announcement_text(announcement: Announcement) -> text.Text:
    """The public text, in the announcement's language: Markdown and sanitised HTML naming the
    publicly listed new members."""
    with translation.override(announcement.language):
        return text.build(announcement)


choose_announcement_language = announcement_language.choose_announcement_language


def memberships_of(announcement: Announcement) -> list:
    """The memberships the announcement created, by track and name."""
    return [
        award.membership
        for award in sorted(
            announcement.awards.all(),
            key=lambda a: (a.membership.track.position, a.membership.contributor.name.lower()),
        )
    ]


def recorded_terms(cycle) -> list:
    """The first terms recorded for the cycle's cohort, by track and name: what a recorded
    announcement publishes."""
    return membership.cohort_terms(cycle)


def approval_events(cycle):
    """The cycle's approval steps (submitted, sent back, signed off, announced), newest first."""
    return audit.events_for(cycle).filter(verb__in=list(APPROVAL_VERBS)).order_by("-id")


# --- Rules shared by the steps ------------------------------------------------------------------


def _hold_phase(cycle, phase: str) -> None:
    # The approver is no admin, so program.override_phase (admins only, audited there) does not
    # fit: the step that moves the phase writes its own audit event.
    program.Cycle.objects.filter(pk=cycle.pk).update(phase_override=phase)
    cycle.phase_override = phase


def _lock(cycle):
    return program.Cycle.objects.select_for_update().get(pk=cycle.pk)


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


def _refuse_if_announced(cycle) -> None:
    announced = Announcement.objects.select_related("cycle").filter(cycle=cycle).first()
    if announced is not None:
        raise _already_announced(announced)


@contextmanager
def _announcing_once(cycle):
    """The transaction of an announcement, under the cycle's row lock (yielded): AlreadyDone when
    the cycle is announced already — also when a racing request announced it meanwhile."""
    try:
        with transaction.atomic():
            locked = _lock(cycle)
            _refuse_if_announced(cycle)
            yield locked
    except IntegrityError:
        again = Announcement.objects.select_related("cycle").filter(cycle=cycle).first()
        if again is None:
            raise
        raise _already_announced(again) from None


def _already_announced(announced: Announcement) -> AlreadyDone:
    return AlreadyDone(
        _("%(cycle)s was announced on %(date)s; announcing again would create nothing.")
        % {"cycle": announced.cycle, "date": program.human(announced.date)}
    )


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


def _link(name: str, cycle) -> str:
    return reverse(name, args=[cycle.slug])


# --- Approval ----------------------------------------------------------------------------------


def _hand_over(
    *, actor, cycle, locked, phase: str, verb: str, note: str, to, template: str, context=None, data=None
):
    """Hold `cycle` (row-locked by the caller as `locked`) at `phase`, audit the step and e-mail
    whoever acts next."""
    before = locked.phase
    _hold_phase(cycle, phase)
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


# --- Announcement ------------------------------------------------------------------------------


def _next_cycle(cycle, today: dt.date):
    """The next cycle by dates whose screening is not over: where a deferred nomination goes."""
    return (
        program.cycles()
        .filter(nominations_open__gt=cycle.nominations_open, screening_due__gte=today)
        .order_by("nominations_open", "id")
        .first()
    )


def _parties(nomination) -> list[tuple[str, bool]]:
    """(address, is the nominee) for the nominee and the nominator, each address once."""
    nominee = nomination.nominee
    user = getattr(nominee, "user", None)
    candidates = [(nominee.email or (user.email if user else ""), True)]
    if nomination.nominator.contributor_id != nominee.pk:
        candidates.append((nomination.nominator.email, False))
    found: dict[str, bool] = {}
    for address, is_nominee in candidates:
        if address:
            found.setdefault(address.lower(), is_nominee)
    return list(found.items())


def _tell_outcome(nomination, name: str, context: dict) -> None:
    # The nomination page shows the decision from the announcement on.
    context = {"decision_link": reverse("nominations:nomination", args=[nomination.pk]), **context}
    for address, to_nominee in _parties(nomination):
        notifications.notify(
            address,
            name,
            {
                "nomination": nomination,
                "nominee": nomination.nominee,
                "track": nomination.track,
                "cycle": nomination.cycle,
                "feedback": nomination.decision_feedback,
                "to_nominee": to_nominee,
                **context,
            },
        )


def announce_cycle(*, actor, cycle, early_reason: str = "", language: str = "") -> Announcement:
    """An admin announces a signed-off cohort, in one transaction: a membership for each approved
    nomination (its term starts today, the day of the announcement, and lasts the definition's
    term), the nomination awarded and the nominee's listing answer made their listing; each
    nominee and nominator told the outcome (selected, declined or deferred, with the panel's
    feedback — never its rationale) by e-mail and on the nomination; deferred nominations carried
    to the next cycle's screening when that cycle exists (else by `carry_deferred`).
    Before the cycle's announcement date only with `early_reason` (a 400 naming the date
    otherwise): the date then becomes today, audited with the reason, so the announcement, the
    terms and the credentials say the same day. Its public text is written in `language` (the
    site's default when ""; announcement_language.py). Once per cycle: a second call is refused
    (AlreadyDone) and creates nothing."""
    if not actor.has_perm("cohorts.run_announcement"):
        raise PermissionDenied(_("Only program admins announce a cohort."))
    _refuse_if_announced(cycle)
    language = announcement_language.announcement_language(language)
    if _sign_off_of(cycle) is None:
        raise TransitionError(
            _(
                "The final list of %(cycle)s is not signed off yet; the approver signs it off before it is announced."
            )
            % {"cycle": cycle}
        )
    today = timezone.localdate()
    errors = announcement_day.early_reason_error(cycle, today, early_reason)
    if errors:
        raise ValidationError(errors)
    with _announcing_once(cycle) as locked:
        errors = announcement_day.early_reason_error(locked, today, early_reason)
        if errors:
            raise ValidationError(errors)
        reason = announcement_day.announce_early(actor=actor, cycle=locked, today=today, reason=early_reason)
        if reason:
            cycle.refresh_from_db()
        announced = Announcement.objects.create(
            cycle=cycle,
            announced_by=actor,
            announced=timezone.now(),
            date=today,
            early_reason=reason,
            language=language,
        )
        _award(actor, announced, cycle, today)
        carried = _announce_outcomes(actor, cycle, today)
        before = locked.phase
        by_dates = locked.phase_by_dates(today)
        _hold_phase(cycle, "" if by_dates in (Phase.ANNOUNCED, Phase.CLOSED) else Phase.ANNOUNCED)
        audit.record(
            actor=actor,
            verb="cycle.announced",
            obj=cycle,
            from_state=before,
            to_state=cycle.phase,
            reason=reason,
            data={
                "memberships": [award.membership_id for award in announced.awards.all()],
                "carried": carried,
                "early": bool(reason),
                "language": language,
            },
        )
    return announcement_of(cycle)


def announce_recorded_cohort(*, actor, cycle, language: str = "") -> Announcement:
    """Publish the announcement of an earlier cohort, selected before this system, from the terms
    an admin recorded for it (`POST /api/v1/memberships/` or the CSV import with its cycle): the
    public page, its Markdown and HTML and the feed entry, dated the cycle's announcement day.
    Nothing else happens: no membership is created and nobody is e-mailed (they heard at the
    time). Terms recorded for the cycle afterwards join it. Refused for a cycle whose list this
    system decided (it is announced after sign-off), before its announcement day, and without a
    recorded term; once per cycle (AlreadyDone). Its public text is written in `language`."""
    if not actor.has_perm("cohorts.run_announcement"):
        raise PermissionDenied(_("Only program admins announce a cohort."))
    _refuse_if_announced(cycle)
    language = announcement_language.announcement_language(language)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if cycle.announcement_date > today:
        errors["cycle"] = [
            _(
                "%(cycle)s is announced on %(date)s; an earlier cohort's announcement is published after its day."
            )
            % {"cycle": cycle, "date": program.human(cycle.announcement_date)}
        ]
    elif (
        _sign_off_of(cycle) is not None
        or nominations.decided_list(cycle).exists()
        or nominations.undecided_by_track(cycle)
    ):
        errors["cycle"] = [
            _(
                "The panel reviews or decided %(cycle)s's nominations here; its cohort is announced after "
                "the approver signs the list off."
            )
            % {"cycle": cycle}
        ]
    elif not recorded_terms(cycle):
        errors["memberships"] = [
            _("No term is recorded for %(cycle)s; record the cohort's terms with this cycle first.")
            % {"cycle": cycle}
        ]
    if errors:
        raise ValidationError(errors)
    with _announcing_once(cycle):
        # Read under the cycle's lock, which a term recorded meanwhile for this cycle waits for
        # (add_to_recorded_announcement): either it is here, or it joins once this commits.
        terms = recorded_terms(cycle)
        announced = Announcement.objects.create(
            cycle=cycle,
            announced_by=actor,
            announced=timezone.now(),
            date=cycle.announcement_date,
            recorded=True,
            language=language,
        )
        Award.objects.bulk_create(Award(announcement=announced, membership=term) for term in terms)
        audit.record(
            actor=actor,
            verb="cycle.announced_recorded",
            obj=cycle,
            data={"memberships": [term.pk for term in terms], "language": language},
        )
    return announcement_of(cycle)


def add_to_recorded_announcement(membership) -> None:
    """A first term recorded for a cycle whose recorded announcement is out joins that
    announcement (the receiver of `membership.signals.term_recorded` calls this)."""
    if membership.cycle_id is None or membership.previous_id is not None:
        return
    if SignOff.objects.filter(cycle_id=membership.cycle_id).exists():
        return  # a cycle decided here: its announcement has its own awards, never a recorded one
    # Waits for a recorded announcement being published for this cycle (it holds the same lock).
    program.Cycle.objects.select_for_update().filter(pk=membership.cycle_id).first()
    announced = Announcement.objects.filter(cycle_id=membership.cycle_id, recorded=True).first()
    if announced is not None:
        Award.objects.get_or_create(announcement=announced, membership=membership)


def _award(actor, announced: Announcement, cycle, today: dt.date) -> None:
    errors = []
    for nomination in nominations.approved_of(cycle):
        try:
            term = membership.record_term(
                actor=actor, contributor=nomination.nominee, track=nomination.track, start=today, cycle=cycle
            )
        except ValidationError as error:
            errors += [
                _("%(nominee)s (%(track)s): %(message)s")
                % {"nominee": nomination.nominee, "track": nomination.track, "message": message}
                for message in error.messages
            ]
            continue
        nominations.award(actor=actor, nomination=nomination, membership=term)
        Award.objects.create(announcement=announced, nomination=nomination, membership=term)
        announcement_day.apply_listing_answer(actor=actor, nomination=nomination)
    if errors:
        # Nothing is half announced: the transaction rolls back every membership made so far.
        raise ValidationError({"memberships": errors})


def _announce_outcomes(actor, cycle, today: dt.date) -> list[int]:
    """E-mail every decided nomination's outcome; carry the deferred ones. The carried ids."""
    awards = {
        award.nomination_id: award.membership
        for award in Award.objects.filter(announcement__cycle=cycle).select_related("membership")
    }
    target = _next_cycle(cycle, today)
    carried = []
    # From now on the nominee and the nominator read the decision on the nomination too.
    nominations.announce_decisions(actor=actor, cycle=cycle)
    for nomination in nominations.decided_list(cycle):
        if nomination.state == State.AWARDED:
            term = awards[nomination.pk]
            _tell_outcome(
                nomination,
                "nomination_awarded",
                {
                    "membership": term,
                    "profile_link": text.profile_path(nomination.nominee_id),
                    "listed": nomination.nominee.listed_publicly,
                    "settings_link": reverse("people:me"),
                    "answered": nomination.list_publicly is not None,
                    "announcement_link": _link("cohorts:announcement", cycle),
                },
            )
        elif nomination.state == State.DECLINED:
            _tell_outcome(nomination, "nomination_declined", {})
        elif nomination.state == State.DEFERRED:
            copy = nominations.carry(actor=actor, nomination=nomination, to_cycle=target) if target else None
            if copy is not None:
                carried.append(copy.pk)
            _tell_outcome(nomination, "nomination_deferred", {"next_cycle": copy.cycle if copy else None})
    return carried


def carry_deferred(today: dt.date | None = None) -> int:
    """Carry the deferred nominations of announced cycles that no later cycle took yet to the next
    cycle whose screening is not over (the nightly job); e-mails the nominee and nominator.
    Idempotent: a nomination is carried once (`carried_from` is one-to-one). How many moved."""
    today = today or timezone.localdate()
    announced = Announcement.objects.values_list("cycle_id", flat=True)
    moved = 0
    for nomination in nominations.deferred_to_carry(announced):
        target = _next_cycle(nomination.cycle, today)
        if target is None:
            continue
        with transaction.atomic():
            copy = nominations.carry(actor=None, nomination=nomination, to_cycle=target)
            if copy is None:
                continue
            _tell_outcome(
                nomination,
                "nomination_carried",
                {"next_cycle": target, "link": reverse("nominations:nomination", args=[copy.pk])},
            )
        moved += 1
    return moved


def run_lifecycle(today: dt.date | None = None) -> dict:
    """The nightly job: carry deferred nominations, then the memberships' lifecycle (reminders
    before a term ends). A summary of what was done."""
    today = today or timezone.localdate()
    return {"carried": carry_deferred(today), "memberships": membership.run_lifecycle(today)}
