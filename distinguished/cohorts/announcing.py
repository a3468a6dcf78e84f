"""An admin announces a signed-off cohort: in one transaction the memberships are created, every
nominee and nominator hears the outcome, deferred nominations are carried to the next cycle's
screening, and the cycle's phase is released (announced); the public announcement appears."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.membership import api as membership
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from . import announcement_day, announcement_language
from .announcement_reading import announcement_of
from .cycle_steps import _announcing_once, _refuse_if_announced
from .final_list import sign_off_of as _sign_off_of
from .models import Announcement, Award
from .outcomes import _announce_outcomes

Phase = program.Phase


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
        program.hold_phase(cycle, "" if by_dates in (Phase.ANNOUNCED, Phase.CLOSED) else Phase.ANNOUNCED)
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
