"""Review reminders: panelists with a review still to submit are e-mailed 7 days and 1 day before the
review deadline, each reminder once (audited)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from distinguished.audit import api as audit
from distinguished.notifications import api as notifications
from distinguished.program import api as program

from .models import Assignment

REMINDER_DAYS = (7, 1)


def send_review_reminders(today=None) -> int:
    """E-mail every panelist with an unsubmitted review 7 days and 1 day before the review
    deadline of a cycle in review. Idempotent: each reminder is sent once (audited)."""
    today = today or timezone.localdate()
    sent = 0
    for cycle in program.cycles():
        days = (cycle.review_due - today).days
        if days not in REMINDER_DAYS or cycle.phase != program.Phase.REVIEW:
            continue
        open_counts = defaultdict(int)
        users = {}
        for assignment in Assignment.objects.filter(cycle=cycle, voided__isnull=True).select_related(
            "panelist", "review"
        ):
            review = getattr(assignment, "review", None)
            if review is None or review.submitted is None:
                open_counts[assignment.panelist_id] += 1
                users[assignment.panelist_id] = assignment.panelist
        already = set(
            audit.events(
                object_type="program.cycle", object_id=str(cycle.pk), verb="review.reminded"
            ).values_list("to_state", flat=True)
        )
        for user_id, count in open_counts.items():
            key = f"{users[user_id].get_username()}:{days}"
            if key in already:
                continue
            with transaction.atomic():
                audit.record(actor=None, verb="review.reminded", obj=cycle, to_state=key)
                notifications.notify(
                    users[user_id].email,
                    "review_reminder",
                    {"user": users[user_id], "cycle": cycle, "count": count, "days": days},
                )
            sent += 1
    return sent
