"""Celery tasks of the cohorts app."""

from celery import shared_task

from . import api


@shared_task
def run_lifecycle() -> dict:
    """Nightly (Celery beat): carry deferred nominations to the next cycle, send the memberships'
    reminders. Returns the summary."""
    return api.run_lifecycle()
