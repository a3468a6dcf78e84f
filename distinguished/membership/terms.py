"""Terms: their dates and statuses, the renewal window, the definition's membership rules and
looking a term up. Recording a term is in `recording.py`, lifetime status in `lifetime.py`,
revocation in `revocation.py`; `api.py` re-exports what other apps and the faces call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.program import api as program

from . import standing
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


def locked(membership: Membership) -> Membership:
    """The membership re-read under a row lock, with what the rules read."""
    rows = Membership.objects.select_related("contributor__user", "track", "cycle", "previous")
    # PostgreSQL refuses to lock the nullable side of an outer join, so only the membership is locked
    # there; MariaDB/MySQL know no `FOR UPDATE OF` and lock the joined rows too.
    if connection.features.has_select_for_update_of:
        return rows.select_for_update(of=("self",)).get(pk=membership.pk)
    return rows.select_for_update().get(pk=membership.pk)
