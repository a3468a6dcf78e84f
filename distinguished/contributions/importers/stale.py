"""Runs whose worker died: a run says "running" only while its worker records progress. Every
importer saves its run as it goes (a CSV batch, a GitHub login, a forum user), which moves the
run's `updated` time: a running run not updated for IMPORT_STALE_SECONDS, and not waiting for a
rate limit, has lost its worker. The periodic check (Celery beat, or `distinguished
mark-stale-imports` from cron) marks it failed, so that it can be resumed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportRun
from .runs import close_run

QUEUED_PATIENCE = 4


def _stale(cutoff: dt.datetime, queued_cutoff: dt.datetime) -> Q:
    running = (
        Q(status=ImportRun.Status.RUNNING, updated__lt=cutoff)
        # A run waiting for a rate limit to reset says until when: it is alive until then.
        & (Q(waiting_until__isnull=True) | Q(waiting_until__lt=cutoff))
    )
    # A queued run no worker took (the broker lost its task, or was down when it was sent); a busy
    # worker may keep a run queued a while, so it waits QUEUED_PATIENCE times as long.
    return running | Q(status=ImportRun.Status.QUEUED, updated__lt=queued_cutoff)


def mark_stale_runs(*, now: dt.datetime | None = None) -> list[int]:
    """Mark failed (audited, no actor) every running run with no progress for IMPORT_STALE_SECONDS;
    the ids of those marked. A worker still alive finds its run failed at its next batch and stops."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    queued_cutoff = now - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS * QUEUED_PATIENCE)
    marked = []
    for pk in (
        ImportRun.objects.filter(_stale(cutoff, queued_cutoff)).order_by("pk").values_list("pk", flat=True)
    ):
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().filter(_stale(cutoff, queued_cutoff), pk=pk).first()
            if run is None:
                continue  # it moved on, or another check marked it
            since = timezone.localtime(run.updated).strftime("%Y-%m-%d %H:%M:%S %Z")
            if run.status == ImportRun.Status.QUEUED:
                message = _(
                    "Queued since %(since)s and never started: no worker took it (is the task queue "
                    "running?). Nothing was imported; resume the import to send it again."
                ) % {"since": since}
            else:
                message = _(
                    "No progress since %(since)s: the worker running this import stopped. What was "
                    "imported before is kept; resume the import to go on from where it stopped."
                ) % {"since": since}
            close_run(run, ImportRun.Status.FAILED, message=message, system=True)
        marked.append(pk)
    return marked
