"""Importers of contributions from GitHub (merged pull requests) and a Discourse forum (replies).

Entry points (the management commands `import_github` / `import_forum`, the Celery tasks
`contributions.tasks.import_github` / `import_forum`, and a page) all go through here:

    run = queue_github_import(org="openedx", since="2024-01-01", actor=user)   # or queue_forum_import
    run_import(run.pk)          # in a worker or in the command; returns the ImportRun, done or failed
    run_status(run.pk)          # what a page polls: counts, errors, percent, estimated time left
"""

from __future__ import annotations

import time

from ..models import ImportRun, Source
from .forum import ForumImporter, forum_params
from .github import GitHubImporter, github_params
from .http import ApiClient, ImportFailed, rate_limit_wait
from .importer import MessageCallback, ProgressCallback
from .recording import import_contribution
from .runs import create_run, get_run, is_resumable, run_status, runs

__all__ = [
    "ApiClient",
    "ForumImporter",
    "GitHubImporter",
    "ImportFailed",
    "ImportRun",
    "forum_params",
    "get_run",
    "github_params",
    "import_contribution",
    "importer_for",
    "is_resumable",
    "queue_forum_import",
    "queue_github_import",
    "rate_limit_wait",
    "run_import",
    "run_status",
    "runs",
]

IMPORTERS = {Source.GITHUB: GitHubImporter, Source.FORUM: ForumImporter}


def queue_github_import(*, org: str = "openedx", since=None, actor=None) -> ImportRun:
    """A queued GitHub import (ValueError for a bad organization name or date)."""
    return create_run(source=Source.GITHUB, params=github_params(org, since), actor=actor)


def queue_forum_import(*, url: str | None = None, since=None, actor=None) -> ImportRun:
    """A queued forum import of DISCOURSE_URL, or of `url` (ValueError for a bad address or date)."""
    return create_run(source=Source.FORUM, params=forum_params(url, since), actor=actor)


def importer_for(run: ImportRun, **kwargs):
    return IMPORTERS[run.source](run, **kwargs)


def run_import(
    run_id,
    *,
    sleep=time.sleep,
    clock=time.time,
    on_progress: ProgressCallback | None = None,
    on_message: MessageCallback | None = None,
    resume: bool = True,
) -> ImportRun:
    """Carry out a queued run. Raises `ImportFailed` (after recording it on the run) when it fails;
    what was imported before stays. `resume`: start where the last failed run with the same
    parameters stopped."""
    run = get_run(run_id)
    importer = importer_for(
        run, sleep=sleep, clock=clock, on_progress=on_progress, on_message=on_message, resume=resume
    )
    return importer.execute()
