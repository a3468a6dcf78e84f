"""Renewal: inside the window before a term ends the member applies with a statement; the
key-results engine evaluates their contributions over the term against their track; the chair or
an admin renews (a new term chained to the old one) or lets the term lapse, with a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.contributions import api as contributions
from distinguished.core.errors import TransitionError
from distinguished.notifications import api as notifications
from distinguished.people import api as people
from distinguished.program import api as program

from .models import Membership, Renewal
from .recording import create_term
from .rules import is_member_of
from .terms import Status, member_address, membership_rules, renewal_window, status_of

STATEMENT_MAX = 20_000


class AlreadyDone(TransitionError):
    """A second application for a term, or a second decision: the REST API answers 409."""


def may_decide(user) -> bool:
    """The chair or a program admin (`rules.may_decide_renewals`)."""
    return user.has_perm("membership.decide_renewals")


def _deciders():
    """The accounts told of a new application: chairs and program admins."""
    return (
        people.users()
        .prefetch_related(None)
        .filter(Q(roles__role__in=[people.Role.CHAIR, people.Role.ADMIN]) | Q(is_superuser=True))
        .filter(is_active=True)
        .exclude(email="")
        .distinct()
    )


def renewals():
    """Every application, pending first (oldest waiting first), then the decided ones, newest first."""
    return Renewal.objects.select_related(
        "membership__contributor", "membership__track", "applicant", "decided_by", "new_term"
    ).order_by(F("decided").desc(nulls_first=True), "applied", "id")


def renewals_for(user):
    """What `user` may list: chairs and admins every application, a member their own."""
    if may_decide(user):
        return renewals()
    return renewals().filter(membership__contributor_id=getattr(user, "contributor_id", None) or 0)


def get_renewal(renewal_id) -> Renewal:
    return renewals().get(pk=renewal_id)


def may_view(user, renewal: Renewal) -> bool:
    return user.has_perm("membership.view_renewal", renewal)


# --- applying ------------------------------------------------------------------------------------


def apply_for_renewal(*, actor, membership: Membership, statement: str) -> Renewal:
    """The member applies to renew their term, inside the renewal window (the term's last
    `renewal_window_days` days), once per term. Chairs and admins are told; the member gets a
    confirmation."""
    if not is_member_of(actor, membership):
        raise PermissionDenied(_("Only the member applies to renew their own membership."))
    rules = membership_rules()
    today = timezone.localdate()
    current = status_of(membership, today, renewal_window_days=rules.renewal_window_days)
    if current in (Status.REVOKED, Status.LIFETIME, Status.RENEWED):
        raise TransitionError(
            _("This membership is %(status)s; there is no term to renew.") % {"status": current}
        )
    existing = Renewal.objects.filter(membership=membership).first()
    if existing is not None:
        raise AlreadyDone(_already_applied(existing))
    _require_window_open(membership, today, rules.renewal_window_days)
    statement = _clean_statement(statement)
    try:
        with transaction.atomic():
            renewal = Renewal.objects.create(membership=membership, statement=statement, applicant=actor)
            audit.record(
                actor=actor, verb="renewal.applied", obj=renewal, from_state=current, to_state="pending"
            )
            context = {
                "renewal": renewal,
                "membership": membership,
                "actor": actor,
                "new_start": membership.end + dt.timedelta(days=1),
            }
            link = reverse("membership:renewal", args=[renewal.pk])
            for user in _deciders().exclude(pk=actor.pk):
                notifications.notify(user.email, "renewal_applied", {**context, "user": user, "link": link})
            notifications.notify(
                member_address(membership.contributor) or actor.email,
                "renewal_received",
                {**context, "link": reverse("membership:mine")},
            )
    except IntegrityError:
        raise AlreadyDone(_already_applied(Renewal.objects.get(membership=membership))) from None
    return renewal


def _require_window_open(membership: Membership, today: dt.date, window_days: int) -> None:
    """Refuse an application before the renewal window opens or after it closes (the term's end)."""
    opens, closes = renewal_window(membership, window_days)
    if today < opens:
        raise ValidationError(
            _("The renewal window opens on %(opens)s, %(days)s days before your term ends on %(closes)s.")
            % {
                "opens": program.human(opens),
                "days": window_days,
                "closes": program.human(closes),
            }
        )
    if today > closes:
        raise ValidationError(
            _(
                "The renewal window closed on %(closes)s, when your term ended; "
                "you may be nominated again in a later cycle."
            )
            % {"closes": program.human(closes)}
        )


def _clean_statement(statement: str) -> str:
    """The applicant's statement without surrounding blanks; refused when empty or too long."""
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError(
            {"statement": [_("Write a statement: what you contributed to your track during the term.")]}
        )
    if len(statement) > STATEMENT_MAX:
        raise ValidationError(
            {
                "statement": [
                    _("Keep the statement under %(max)s characters (it has %(length)s).")
                    % {"max": f"{STATEMENT_MAX:,}", "length": f"{len(statement):,}"}
                ]
            }
        )
    return statement


def _already_applied(renewal: Renewal) -> str:
    if renewal.renew is None:
        return _("You applied to renew this term on %(date)s; the decision is pending.") % {
            "date": program.human(timezone.localdate(renewal.applied))
        }
    return _("The renewal of this term was decided on %(date)s (%(state)s).") % {
        "date": program.human(timezone.localdate(renewal.decided)),
        "state": renewal.state,
    }


# --- evaluating ----------------------------------------------------------------------------------


@dataclass
class Evaluation:
    """The key-results engine over the term (up to the application's decision, or today) against
    the track, with the targets of the current cycle."""

    window: contributions.Window
    cycle: object | None
    scorecard: contributions.Scorecard | None

    @property
    def met(self) -> int:
        return self.scorecard.met if self.scorecard else 0

    @property
    def total(self) -> int:
        return self.scorecard.total if self.scorecard else 0

    @property
    def met_codes(self) -> list[str]:
        return [kr.code for kr in self.scorecard.key_results if kr.met] if self.scorecard else []

    def as_dict(self) -> dict:
        return {
            "window": {
                "start": (self.window.start + dt.timedelta(days=1)).isoformat(),
                "end": self.window.end.isoformat(),
            },
            "cycle": getattr(self.cycle, "slug", None),
            "met": self.met,
            "total": self.total,
            "met_key_results": self.met_codes,
            "qualifies": self.scorecard.qualifies if self.scorecard else None,
            "scorecard": self.scorecard.as_dict() if self.scorecard else None,
        }


def renewal_evaluation(renewal: Renewal, today: dt.date | None = None) -> Evaluation:
    """Which key results of the track the member met over the term: from its first day to its
    last, or to the decision (or today) when that comes earlier — contributions after then are
    not there to count, and per-year values are scaled to the days that passed."""
    membership = renewal.membership
    until = timezone.localdate(renewal.decided) if renewal.decided else (today or timezone.localdate())
    end = max(membership.start, min(membership.end, until))
    window = contributions.term_window(membership.start, end)
    cycle = program.current_cycle(until) or membership.cycle
    card = None
    if cycle is not None:
        card = contributions.scorecard(membership.contributor, membership.track, cycle=cycle, window=window)
    return Evaluation(window=window, cycle=cycle, scorecard=card)


# --- deciding ------------------------------------------------------------------------------------


def decide_renewal(*, actor, renewal: Renewal, renew: bool, reason: str = "") -> Renewal:
    """The chair or an admin renews the term (a new term from the day after it ends, chained to
    it) or lets it lapse (it runs out at its end; a reason is required). The member is told."""
    if not may_decide(actor):
        raise PermissionDenied(_("Only the chair or a program admin decides renewals."))
    membership = renewal.membership
    if is_member_of(actor, membership):
        raise PermissionDenied(_("You cannot decide on the renewal of your own membership."))
    _require_undecided(renewal, membership)
    reason = _clean_reason(renew, reason)
    with transaction.atomic():
        # Lock the row: two deciders at once must not both succeed.
        locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
        if locked.renew is not None:
            raise AlreadyDone(_("This renewal was decided meanwhile; reload to see the decision."))
        if renew:
            renewal.new_term = create_term(
                actor=actor,
                contributor=membership.contributor,
                track=membership.track,
                start=membership.end + dt.timedelta(days=1),
                previous=membership,
                cycle=membership.cycle,
                reason="Renewal granted.",
                data={"renewal": renewal.pk},
                allow_renewal=renewal.pk,
            )
        renewal.renew = renew
        renewal.reason = reason
        renewal.decided = timezone.now()
        renewal.decided_by = actor
        renewal.save(update_fields=["renew", "reason", "decided", "decided_by", "new_term"])
        audit.record(
            actor=actor,
            verb="renewal.granted" if renew else "renewal.lapsed",
            obj=renewal,
            from_state="pending",
            to_state=renewal.state,
            reason=reason,
        )
        notifications.notify(
            member_address(membership.contributor),
            "renewal_granted" if renew else "renewal_lapsed",
            {
                "renewal": renewal,
                "membership": membership,
                "new_term": renewal.new_term,
                "reason": reason,
                "link": reverse("membership:mine"),
            },
        )
    return renewal


def _require_undecided(renewal: Renewal, membership: Membership) -> None:
    """Refuse a renewal already decided, or one whose term is revoked, lifetime or renewed."""
    if renewal.renew is not None:
        raise AlreadyDone(
            _("This renewal was decided on %(date)s by %(by)s (%(state)s).")
            % {
                "date": program.human(timezone.localdate(renewal.decided)),
                "by": renewal.decided_by or _("someone"),
                "state": renewal.state,
            }
        )
    current = status_of(membership)
    if current in (Status.REVOKED, Status.LIFETIME, Status.RENEWED):
        raise TransitionError(
            _("This membership is %(status)s; there is nothing to decide.") % {"status": current}
        )


def _clean_reason(renew, reason: str) -> str:
    """The decision's reason without surrounding blanks; refused when `renew` is no boolean, or the
    term lapses without a reason."""
    if not isinstance(renew, bool):
        raise ValidationError(
            {"renew": [_("Say whether the membership is renewed (true) or lapses (false).")]}
        )
    reason = (reason or "").strip()
    if not renew and not reason:
        raise ValidationError(
            {"reason": [_("Say why the membership lapses: the member reads the reason in their e-mail.")]}
        )
    return reason
