"""Terms: their dates and statuses, the renewal window, recording a term, lifetime status and
revocation. `api.py` re-exports what other apps and the faces call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program

from . import signals, standing
from .models import Membership, Renewal


class Status:
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    RENEWED = "renewed"
    LIFETIME = "lifetime"
    REVOKED = "revoked"

    ALL = ("active", "expiring", "expired", "renewed", "lifetime", "revoked")


@dataclass(frozen=True)
class Rules:
    """The definition's `membership` block."""

    term_years: int = 2
    lifetime_after_years: int = 4
    renewal_window_days: int = 90
    reminder_days: tuple[int, ...] = (90, 30)


def membership_rules(loaded=None) -> Rules:
    """The term, lifetime, renewal window and reminders of the loaded program definition
    (`loaded`: the program when the caller has it already)."""
    loaded = loaded or program.program_settings()
    if loaded is None:
        return Rules()
    block = (loaded.definition or {}).get("membership", {})
    return Rules(
        term_years=loaded.term_years,
        lifetime_after_years=loaded.lifetime_after_years,
        renewal_window_days=block.get("renewal_window_days", Rules.renewal_window_days),
        reminder_days=tuple(sorted(set(block.get("reminder_days", Rules.reminder_days)), reverse=True)),
    )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 1 March in a common year, so that a term
    from 29 February lasts exactly its years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def term_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of `years` starting on `start`."""
    return add_years(start, years) - dt.timedelta(days=1)


def days_left(membership: Membership, today: dt.date) -> int | None:
    """Days until the term has run out, counting today: 1 on its last day, 0 the day after.
    None for a term without an end (lifetime)."""
    if membership.end is None:
        return None
    return (membership.end - today).days + 1


def renewal_window(membership: Membership, window_days: int = 90) -> tuple[dt.date, dt.date] | None:
    """The first and last day a member may apply to renew: the term's last `window_days` days
    (the days its status is `expiring`)."""
    if membership.end is None:
        return None
    return membership.end - dt.timedelta(days=window_days - 1), membership.end


def status_of(membership: Membership, today: dt.date | None = None, *, renewal_window_days: int = 90) -> str:
    """active, expiring (inside the renewal window), expired, renewed (continued by a later term),
    lifetime or revoked — computed from the dates and events."""
    today = today or timezone.localdate()
    if membership.revoked_on:
        return Status.REVOKED
    if membership.lifetime:
        return Status.LIFETIME
    if is_renewed(membership):
        return Status.RENEWED
    if membership.end is not None and today > membership.end:
        return Status.EXPIRED
    if membership.end is not None and (membership.end - today).days < renewal_window_days:
        return Status.EXPIRING
    return Status.ACTIVE


def status_filter(status: str, today: dt.date | None = None, *, renewal_window_days: int = 90) -> Q:
    """The rows whose `status_of` is `status`, as a database condition over the stored status and
    the term's last day (for filtered lists; see `standing`)."""
    if status not in Status.ALL:
        raise ValidationError(
            {
                "status": [
                    _("Unknown status “%(status)s”; the statuses are %(statuses)s.")
                    % {"status": status, "statuses": ", ".join(Status.ALL)}
                ]
            }
        )
    return standing.status_q([status], today or timezone.localdate(), renewal_window_days)


def is_renewed(membership: Membership) -> bool:
    try:
        return membership.renewed_by is not None
    except Membership.DoesNotExist:
        return False


def renewal_of(membership: Membership) -> Renewal | None:
    """The application to renew this term, if the member sent one."""
    try:
        return membership.renewal
    except Renewal.DoesNotExist:
        return None


def member_address(contributor) -> str:
    """Where a member's mail goes: their contributor e-mail, else their account's."""
    if contributor.email:
        return contributor.email
    user = getattr(contributor, "user", None)
    return user.email if user is not None else ""


def _follows(term, previous) -> bool:
    """Whether `term` continues `previous` without a gap (and `previous` was not revoked)."""
    return (
        previous is not None
        and not previous.revoked_on
        and previous.end is not None
        and term.start == previous.end + dt.timedelta(days=1)
    )


def _chain(membership: Membership) -> list[Membership]:
    """The terms that lead to this one, oldest first, as long as each follows the previous
    without a gap."""
    chain = [membership]
    current = membership
    while current.previous_id:
        previous = Membership.objects.get(pk=current.previous_id)
        if not _follows(current, previous):
            break
        chain.append(previous)
        current = previous
    return list(reversed(chain))


def lifetime_milestone(membership: Membership, *, years: int | None = None) -> dt.date:
    """The day the chained terms reach the definition's sustained years (4 in the shipped program)."""
    years = years or program.program_settings().lifetime_after_years
    return term_end(_chain(membership)[0].start, years)


def lifetime_milestones(memberships, *, years: int) -> dict[int, dt.date]:
    """`lifetime_milestone` of many terms in one query: {membership id: day}."""
    memberships = list(memberships)
    contributors = {m.contributor_id for m in memberships}
    if not contributors:
        return {}
    related = {
        m.pk: m
        for m in Membership.objects.filter(contributor_id__in=contributors).only(
            "pk", "start", "end", "previous_id", "revoked_on"
        )
    }
    found = {}
    for membership in memberships:
        first = membership
        while first.previous_id and _follows(first, related.get(first.previous_id)):
            first = related[first.previous_id]
        found[membership.pk] = term_end(first.start, years)
    return found


def lifetime_reached(membership: Membership, milestone: dt.date, today: dt.date | None = None) -> bool:
    """Whether the chained terms of this term have reached the milestone by `today`."""
    today = today or timezone.localdate()
    return today >= milestone and (membership.end is None or membership.end >= milestone)


@dataclass(frozen=True)
class LifetimeOutlook:
    """Where a term stands on the way to lifetime status.

    `state`: `eligible` (an admin may grant it now), `later` (the milestone lies ahead), `blocked`
    (the milestone is reached but the term's renewal application is still pending), `unreachable`
    (the chain ended short of it: not renewed, or its renewal lapsed), `none` (revoked, renewed or
    lifetime already). `message` says it in a sentence for the pages and the 400 of a grant."""

    state: str
    milestone: dt.date
    message: str

    @property
    def eligible(self) -> bool:
        return self.state == "eligible"


def lifetime_outlook(
    membership: Membership,
    milestone: dt.date,
    today: dt.date | None = None,
    *,
    years: int,
    renewal_window_days: int = 90,
) -> LifetimeOutlook:
    """The lifetime status of a term: may it be granted now, and if not, when or why not.
    `milestone` is `lifetime_milestone(membership)` (or from `lifetime_milestones` for a list)."""
    today = today or timezone.localdate()
    status = status_of(membership, today, renewal_window_days=renewal_window_days)
    if status in (Status.REVOKED, Status.LIFETIME, Status.RENEWED):
        return LifetimeOutlook(
            "none",
            milestone,
            _("This membership is %(status)s; lifetime status is granted on the latest term.")
            % {"status": status},
        )
    renewal = renewal_of(membership)
    if renewal is not None and renewal.renew is False:
        return LifetimeOutlook(
            "unreachable",
            milestone,
            _(
                "The renewal of this term was not granted, and lifetime status needs every renewal granted. "
                "A later term after a new nomination starts a new count."
            ),
        )
    reaches = membership.end is None or membership.end >= milestone
    if not reaches and status == Status.EXPIRED:
        return LifetimeOutlook(
            "unreachable",
            milestone,
            _(
                "This term ended on %(end)s without a renewal, short of the %(years)s-year milestone "
                "(%(milestone)s). A later term after a new nomination starts a new count."
            )
            % {"end": program.human(membership.end), "years": years, "milestone": program.human(milestone)},
        )
    if not reaches:
        return LifetimeOutlook(
            "later",
            milestone,
            _(
                "The %(years)s-year milestone is reached on %(milestone)s, if every renewal is granted until then."
            )
            % {"years": years, "milestone": program.human(milestone)},
        )
    if today < milestone:
        return LifetimeOutlook(
            "later",
            milestone,
            _("The %(years)s-year milestone is reached on %(milestone)s.")
            % {"years": years, "milestone": program.human(milestone)},
        )
    if renewal is not None and renewal.renew is None:
        return LifetimeOutlook(
            "blocked",
            milestone,
            _(
                "The %(years)s-year milestone was reached on %(milestone)s, but the renewal "
                "application of this term is pending: decide it first (renew, then grant lifetime "
                "status on the new term)."
            )
            % {"years": years, "milestone": program.human(milestone)},
        )
    return LifetimeOutlook(
        "eligible",
        milestone,
        _("Eligible for lifetime status: the %(years)s-year milestone was reached on %(milestone)s.")
        % {"years": years, "milestone": program.human(milestone)},
    )


def get_membership(membership_id) -> Membership:
    return Membership.objects.select_related("contributor", "track", "cycle", "previous").get(
        pk=membership_id
    )


def term_before(contributor, track, start: dt.date) -> Membership | None:
    """The contributor's term on the track that ends the day before `start` (the one a term
    starting then renews)."""
    return (
        Membership.objects.filter(
            contributor=contributor,
            track=track,
            end=start - dt.timedelta(days=1),
            revoked_on__isnull=True,
        )
        .select_related("contributor", "track", "cycle")
        .first()
    )


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
        if previous.contributor_id != contributor.pk or previous.track_id != track.pk:
            errors["previous"] = [_("The term it renews must be the same contributor's, on the same track.")]
        elif previous.revoked_on:
            errors["previous"] = [_("A revoked membership cannot be renewed.")]
        elif previous.lifetime:
            errors["previous"] = [_("A lifetime membership is not renewed.")]
        elif is_renewed(previous):
            errors["previous"] = [_("That term is renewed already.")]
        elif (renewal := renewal_of(previous)) is not None and renewal.renew is False:
            errors["previous"] = [
                _("The renewal of that term was not granted (it lapsed); a later term is not chained to it.")
            ]
        elif renewal is not None and renewal.renew is None and renewal.pk != allow_renewal:
            errors["previous"] = [
                _("That term has a pending renewal application; decide it (renewing records the new term).")
            ]
        elif previous.end is not None and start != previous.end + dt.timedelta(days=1):
            errors["start"] = [
                _("A renewal starts the day after the term it renews ends: %(date)s.")
                % {"date": program.human(previous.end + dt.timedelta(days=1))}
            ]
    overlapping = Membership.objects.filter(
        contributor=contributor, track=track, revoked_on__isnull=True, start__lte=end
    ).filter(Q(end__isnull=True) | Q(end__gte=start))
    if previous is not None:
        overlapping = overlapping.exclude(pk=previous.pk)
    clash = overlapping.first()
    if clash is not None and "start" not in errors:
        if clash.end:
            message = _(
                "%(contributor)s is already a %(track)s from %(start)s to %(end)s; terms on one track cannot overlap."
            )
        else:
            message = _(
                "%(contributor)s is already a %(track)s from %(start)s for life; terms on one track cannot overlap."
            )
        errors["start"] = [
            message
            % {
                "contributor": contributor,
                "track": track,
                "start": program.human(clash.start),
                "end": program.human(clash.end) if clash.end else "",
            }
        ]
    return errors


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


def grant_lifetime(*, actor, membership: Membership) -> Membership:
    """Lifetime status after the sustained milestone (chained terms covering the definition's years,
    every renewal granted); before it, a 400 that says when it will be reached. The term no longer
    ends; the member is e-mailed."""
    if not people.is_program_admin(actor):
        raise PermissionDenied(_("Only program admins grant lifetime status."))
    rules = membership_rules()
    years = rules.lifetime_after_years
    today = timezone.localdate()
    with transaction.atomic():
        # Lock the row: a concurrent revocation or grant must see this one's outcome.
        membership = _locked(membership)
        outlook = lifetime_outlook(
            membership,
            lifetime_milestone(membership, years=years),
            today,
            years=years,
            renewal_window_days=rules.renewal_window_days,
        )
        if outlook.state == "none":
            raise TransitionError(outlook.message)
        if not outlook.eligible:
            raise ValidationError({"lifetime": [outlook.message]})
        before = status_of(membership, today, renewal_window_days=rules.renewal_window_days)
        ended = membership.end
        membership.lifetime = True
        membership.end = None
        membership.status = Status.LIFETIME
        membership.save(update_fields=["lifetime", "end", "status"])
        audit.record(
            actor=actor,
            verb="membership.lifetime_granted",
            obj=membership,
            from_state=before,
            to_state=Status.LIFETIME,
            data={
                "milestone": outlook.milestone.isoformat(),
                "term_end": ended.isoformat() if ended else None,
            },
        )
        signals.lifetime_granted.send(sender=Membership, membership=membership, actor=actor)
        notifications.notify(
            member_address(membership.contributor),
            "membership_lifetime",
            {
                "membership": membership,
                "years": years,
                "since": _chain(membership)[0].start,
                "link": reverse("membership:mine"),
                "profile_link": reverse("membership:profile", args=[membership.contributor_id]),
            },
        )
    return membership


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
        membership = _locked(membership)
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


def _locked(membership: Membership) -> Membership:
    """The membership re-read under a row lock, with what the rules read."""
    rows = Membership.objects.select_related("contributor__user", "track", "cycle", "previous")
    # PostgreSQL refuses to lock the nullable side of an outer join, so only the membership is locked
    # there; MariaDB/MySQL know no `FOR UPDATE OF` and lock the joined rows too.
    if connection.features.has_select_for_update_of:
        return rows.select_for_update(of=("self",)).get(pk=membership.pk)
    return rows.select_for_update().get(pk=membership.pk)
