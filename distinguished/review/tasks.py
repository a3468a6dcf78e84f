"""Celery tasks of the review panel."""

from celery import shared_task

from . import api


@shared_task
def send_review_reminders() -> int:
    """Daily (Celery beat): remind panelists of reviews due in 7 days and tomorrow."""
    return api.send_review_reminders()
