"""Recording a term: the checks a new term must pass (dates, the track's subject, the term it
renews, no overlap on the track) and recording it, audited, with the `term_recorded` signal."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.people import api as people
from distinguished.program import api as program

from . import signals, standing
from .models import Membership
from .terms import Status, add_years, is_renewed, membership_rules, renewal_of, status_of, term_end

EARLIEST_TERM = dt.date(2000, 1, 1)


def check_term(
    *,
    contributor,
    track,
    start,
    previous: Membership | None = None,
    years: int | None = None,
    allow_renewal: int | None = None,
) -> dict[str, list[str]]:
    """The problems of a term about to be recorded (field → messages); empty when it is good.
    `allow_renewal`: the pending application being granted (its decision records this term)."""
    if not isinstance(start, dt.date):
        return {"start": [_("Give the first day of the term (YYYY-MM-DD).")]}
    years = years or program.program_settings().term_years
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if start > add_years(today, 1):
        return {"start": [_("A term more than a year ahead cannot be recorded.")]}
    if start < EARLIEST_TERM:
        # Year 1 would be stored and served as "1-01-01", not a YYYY-MM-DD date.
        return {"start": [_("A term cannot start before %(date)s.") % {"date": program.human(EARLIEST_TERM)}]}
    end = term_end(start, years)
    if track.subject not in ("any", contributor.kind):
        if contributor.kind == "organization":
            message = _("%(track)s recognizes %(subject)s; %(contributor)s is an organization.")
        else:
            message = _("%(track)s recognizes %(subject)s; %(contributor)s is a person.")
        subject = str(program.Subject(track.subject).label).lower()
        errors["track"] = [message % {"track": track, "subject": subject, "contributor": contributor}]
    if previous is not None:
        field, message = _renewal_problem(contributor, track, start, previous, allow_renewal)
        if field:
            errors[field] = [message]
    if "start" not in errors:
        clash = _overlapping_term(contributor, track, start, end, previous)
        if clash is not None:
            errors["start"] = [_overlap_message(contributor, track, clash)]
    return errors


def _renewal_problem(contributor, track, start, previous: Membership, allow_renewal) -> tuple[str, str]:
    """(field, why) a term cannot renew `previous`, or ("", "")."""
    if previous.contributor_id != contributor.pk or previous.track_id != track.pk:
        return "previous", _("The term it renews must be the same contributor's, on the same track.")
    if previous.revoked_on:
        return "previous", _("A revoked membership cannot be renewed.")
    if previous.lifetime:
        return "previous", _("A lifetime membership is not renewed.")
    if is_renewed(previous):
        return "previous", _("That term is renewed already.")
    application = _application_problem(previous, allow_renewal)
    if application:
        return "previous", application
    if previous.end is not None and start != previous.end + dt.timedelta(days=1):
        return "start", _("A renewal starts the day after the term it renews ends: %(date)s.") % {
            "date": program.human(previous.end + dt.timedelta(days=1))
        }
    return "", ""


def _application_problem(previous: Membership, allow_renewal) -> str:
    """Why the member's renewal application keeps a term from renewing `previous` (it lapsed, or it
    is pending and not the one being granted), or ""."""
    renewal = renewal_of(previous)
    if renewal is not None and renewal.renew is False:
        return _("The renewal of that term was not granted (it lapsed); a later term is not chained to it.")
    if renewal is not None and renewal.renew is None and renewal.pk != allow_renewal:
        return _("That term has a pending renewal application; decide it (renewing records the new term).")
    return ""


def _overlapping_term(contributor, track, start, end, previous) -> Membership | None:
    """A live term of the contributor on the track that the new one would overlap."""
    overlapping = Membership.objects.filter(
        contributor=contributor, track=track, revoked_on__isnull=True, start__lte=end
    ).filter(Q(end__isnull=True) | Q(end__gte=start))
    if previous is not None:
        overlapping = overlapping.exclude(pk=previous.pk)
    return overlapping.first()


def _overlap_message(contributor, track, clash: Membership) -> str:
    if clash.end:
        message = _(
            "%(contributor)s is already a %(track)s from %(start)s to %(end)s; terms on one track cannot overlap."
        )
    else:
        message = _(
            "%(contributor)s is already a %(track)s from %(start)s for life; terms on one track cannot overlap."
        )
    return message % {
        "contributor": contributor,
        "track": track,
        "start": program.human(clash.start),
        "end": program.human(clash.end) if clash.end else "",
    }


def create_term(
    *,
    actor,
    contributor,
    track,
    start: dt.date,
    previous: Membership | None = None,
    cycle=None,
    reason: str = "",
    data: dict | None = None,
    years: int | None = None,
    allow_renewal: int | None = None,
) -> Membership:
    """Record a term after `check_term`, audited, with the `term_recorded` signal. No permission
    check: the callers (`record_term`, a granted renewal, the CSV import) make it."""
    rules = membership_rules()
    years = years or rules.term_years
    with transaction.atomic():
        # Checked under the contributor's row lock: two racing requests cannot both pass the overlap check.
        people.lock_contributor(contributor.pk)
        errors = check_term(
            contributor=contributor,
            track=track,
            start=start,
            previous=previous,
            years=years,
            allow_renewal=allow_renewal,
        )
        if errors:
            raise ValidationError(errors)
        membership = Membership(
            contributor=contributor,
            track=track,
            cycle=cycle,
            start=start,
            end=term_end(start, years),
            previous=previous,
        )
        standing.stamp(
            membership, previous=previous, today=timezone.localdate(), window_days=rules.renewal_window_days
        )
        membership.save(force_insert=True)
        if previous is not None:
            standing.mark_renewed(Membership, previous.pk)
            if previous.status in standing.RUNNING:
                previous.status = Status.RENEWED
        audit.record(
            actor=actor,
            verb="membership.recorded",
            obj=membership,
            to_state=status_of(membership),
            reason=reason,
            data=data,
        )
        signals.term_recorded.send(sender=Membership, membership=membership, actor=actor)
    return membership


def record_term(
    *, actor, contributor, track, start: dt.date, previous: Membership | None = None, cycle=None
) -> Membership:
    """Record a term (an earlier cohort's, or a renewal with `previous`): it lasts the
    definition's term; `cycle` is the cohort that recognized the member. Impossible dates and overlapping terms on the same track are refused."""
    if not people.is_program_admin(actor):
        raise PermissionDenied(_("Only program admins record memberships."))
    if cycle is None and previous is not None:
        cycle = previous.cycle  # a renewal keeps its cohort
    return create_term(
        actor=actor, contributor=contributor, track=track, start=start, previous=previous, cycle=cycle
    )
