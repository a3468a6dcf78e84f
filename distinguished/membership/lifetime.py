"""Lifetime status: the milestone the chained terms reach after the definition's sustained years,
where a term stands on the way to it (`LifetimeOutlook`), and an admin granting it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program

from . import signals
from .models import Membership
from .terms import Status, locked, member_address, membership_rules, renewal_of, status_of, term_end


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
    short = _short_of_milestone(membership, renewal, status, milestone, years)
    if short is not None:
        return short
    return _at_milestone(renewal, today, milestone, years)


def _short_of_milestone(
    membership: Membership, renewal, status, milestone: dt.date, years: int
) -> LifetimeOutlook | None:
    """Where a term stands whose chain does not reach the milestone: unreachable when its renewal
    lapsed or it ended short, later while granted renewals may carry it there; None when the term
    reaches the milestone."""
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
    return None


def _at_milestone(renewal, today: dt.date, milestone: dt.date, years: int) -> LifetimeOutlook:
    """Where a term that reaches the milestone stands: later until the day, blocked while its renewal
    application is pending, else eligible."""
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


def lifetime_outlooks(memberships, rules, today) -> dict:
    """{membership id: its LifetimeOutlook}, in one query for the whole list."""
    milestones = lifetime_milestones(memberships, years=rules.lifetime_after_years)
    return {
        m.pk: lifetime_outlook(
            m,
            milestones[m.pk],
            today,
            years=rules.lifetime_after_years,
            renewal_window_days=rules.renewal_window_days,
        )
        for m in memberships
    }


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
        membership = locked(membership)
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
