"""Celery tasks of the contributions app: the importers, run by a worker (or eagerly in the caller
when no broker is configured).

A page queues a run first (`importers.queue_github_import(...)`), then sends the task with its id
and polls `importers.run_status(run_id)`. A schedule (Celery beat) may send the task with only the
parameters. Either way the task returns the run's status; a failed import is recorded on the run and
in the audit trail rather than raised, so that an eager call from a page never turns into a 500."""

import logging

from celery import shared_task

from . import importers

logger = logging.getLogger(__name__)


def _run(run) -> dict:
    try:
        importers.run_import(run.pk)
    except importers.ImportFailed as error:
        logger.warning("%s failed: %s", run, error)
    return importers.run_status(run.pk)


@shared_task(name="contributions.tasks.import_github")
def import_github(run_id: int | None = None, *, org: str = "openedx", since: str | None = None) -> dict:
    """Carry out the queued run `run_id`, or a new GitHub import of `org` (merged since `since`)."""
    run = importers.get_run(run_id) if run_id else importers.queue_github_import(org=org, since=since)
    return _run(run)


@shared_task(name="contributions.tasks.import_forum")
def import_forum(run_id: int | None = None, *, url: str | None = None, since: str | None = None) -> dict:
    """Carry out the queued run `run_id`, or a new import of the forum at `url` (default DISCOURSE_URL)."""
    run = importers.get_run(run_id) if run_id else importers.queue_forum_import(url=url, since=since)
    return _run(run)
