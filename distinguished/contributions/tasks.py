"""Celery tasks of the contributions app: the importers, run by a worker (or eagerly in the caller
when no broker is configured), and the periodic check for runs whose worker died.

A page queues a run first (`importers.queue_github_import(...)`, `api.queue_csv_import(...)`), then
sends the task with its id and polls the run's status. A schedule (Celery beat) may send a GitHub or
forum task with only the parameters. Either way the task returns the run's status; a failed import is
recorded on the run and in the audit trail rather than raised, so that an eager call from a page never
turns into a 500."""

import functools
import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import api, importers

logger = logging.getLogger(__name__)


def in_site_language(task):
    """Run `task` in the site's language whichever way it runs: a worker has no request, but an eager
    call from a page runs in its reader's. A run's messages and its audit reason are stored, so they
    are written in one language (decision 0018), not in the admin's who happened to start it."""

    @functools.wraps(task)
    def run(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return task(*args, **kwargs)

    return run


def _run(run) -> dict:
    try:
        importers.run_import(run.pk)
    except importers.ImportFailed as error:
        logger.warning("%s failed: %s", run, error)
    return importers.run_status(run.pk)


@shared_task(name="contributions.tasks.import_github")
@in_site_language
def import_github(run_id: int | None = None, *, org: str = "openedx", since: str | None = None) -> dict:
    """Carry out the queued run `run_id`, or a new GitHub import of `org` (merged since `since`)."""
    run = importers.get_run(run_id) if run_id else importers.queue_github_import(org=org, since=since)
    return _run(run)


@shared_task(name="contributions.tasks.import_forum")
@in_site_language
def import_forum(run_id: int | None = None, *, url: str | None = None, since: str | None = None) -> dict:
    """Carry out the queued run `run_id`, or a new import of the forum at `url` (default DISCOURSE_URL)."""
    run = importers.get_run(run_id) if run_id else importers.queue_forum_import(url=url, since=since)
    return _run(run)


@shared_task(name="contributions.tasks.import_csv")
@in_site_language
def import_csv(run_id: int) -> dict:
    """Carry out the queued CSV import `run_id`; its counts (the rows refused are on the run)."""
    run = api.run_csv_import(run_id)
    return {
        "id": run.pk,
        "status": run.status,
        "created": run.created_count,
        "skipped": run.skipped_count,
        "errors_total": run.error_count,
    }


@shared_task(name="contributions.tasks.import_slack")
@in_site_language
def import_slack(run_id: int) -> dict:
    """Carry out the queued Slack import `run_id`; its counts (unmatched people are on the run)."""
    run = api.run_slack_import(run_id)
    return {
        "id": run.pk,
        "status": run.status,
        "created": run.created_count,
        "skipped": run.skipped_count,
        "unmatched_people": run.summary.get("unmatched_people", 0),
    }


@shared_task(name="contributions.tasks.mark_stale_imports")
@in_site_language
def mark_stale_imports() -> list[int]:
    """Every few minutes (Celery beat): mark failed the running imports whose worker died."""
    return api.mark_stale_runs()
