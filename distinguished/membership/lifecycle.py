"""The nightly lifecycle: reminders before a term ends (the definition's `reminder_days`, 90 and 30),
and the stored status of each running term moved on with the date (active, expiring, expired:
`standing.move_on`; lists never wait for it, see `standing`).

A reminder is recorded per (term, days), so a second run sends nothing twice. A missed night is
caught up: the 90-day reminder goes out on day 89, 88… until the 30-day one is due, and from then
only the 30-day one. Terms renewed, lifetime or revoked, and terms with a renewal application
(pending or decided), get none.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from distinguished.audit import api as audit
from distinguished.notifications import api as notifications

from . import standing
from .models import Membership, Reminder
from .terms import days_left, member_address, membership_rules, renewal_window


def due_reminder(left: int, reminder_days) -> int | None:
    """The reminder due when a term has `left` days to run: the smallest reminder day not below
    it (so 90 from day 90 to day 31, 30 from day 30 to the last day)."""
    due = [days for days in sorted(reminder_days) if left <= days]
    return due[0] if due and left >= 1 else None


def run_lifecycle(today: dt.date | None = None) -> dict:
    """Send the reminders due today and store today's statuses; {"reminders_90": n, "reminders_30": m,
    "unreachable": k, "statuses_moved": s} (unreachable: terms whose member has no e-mail address;
    statuses moved: running terms whose stored status the date changed)."""
    today = today or timezone.localdate()
    rules = membership_rules()
    summary = {f"reminders_{days}": 0 for days in rules.reminder_days}
    summary["unreachable"] = 0
    summary["statuses_moved"] = standing.move_on(Membership, today, rules.renewal_window_days)
    if not rules.reminder_days:
        return summary
    last_end = today + dt.timedelta(days=max(rules.reminder_days) - 1)
    candidates = (
        Membership.objects.filter(
            end__gte=today,
            end__lte=last_end,
            revoked_on__isnull=True,
            lifetime=False,
            renewed_by__isnull=True,
            renewal__isnull=True,
        )
        .select_related("contributor__user", "track")
        .prefetch_related("reminders")
        .order_by("end", "id")
    )
    for membership in candidates:
        days = due_reminder(days_left(membership, today), rules.reminder_days)
        if days is None or any(r.days == days for r in membership.reminders.all()):
            continue
        address = member_address(membership.contributor)
        if not address:
            summary["unreachable"] += 1
            continue
        if _remind(membership, days, address, today, rules.renewal_window_days):
            summary[f"reminders_{days}"] += 1
    return summary


def _remind(membership: Membership, days: int, address: str, today: dt.date, window_days: int) -> bool:
    opens, closes = renewal_window(membership, window_days)
    try:
        with transaction.atomic():
            Reminder.objects.create(membership=membership, days=days)
            audit.record(
                actor=None,
                verb="membership.reminded",
                obj=membership,
                data={"days": days, "days_left": days_left(membership, today)},
            )
            notifications.notify(
                address,
                "membership_reminder",
                {
                    "membership": membership,
                    "days": days,
                    "days_left": days_left(membership, today),
                    "opens": opens,
                    "window_open": today >= opens,
                    "closes": closes,
                    "link": reverse("membership:mine"),
                },
            )
    except IntegrityError:
        # Another run sent it a moment ago.
        return False
    return True
