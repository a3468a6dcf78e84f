"""Import runs: queuing one and closing it as done or failed (audited), the runs a page lists, what
a status page polls (`run_status`: counts, progress, time left) and whether a failed run can be
resumed. Carrying one out is `importer.py`'s; writing what it imports is `recording.py`'s."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from distinguished.audit import api as audit

from ..models import ImportRun, Source
from ..slack_answers import NOT_COUNTED

MAX_MESSAGES = 50


def create_run(*, source: str, params: dict, actor=None) -> ImportRun:
    """A queued run, so that a page can show it (and poll `run_status`) before a worker takes it."""
    if source not in (Source.GITHUB, Source.FORUM):
        raise ValueError(f"There is no importer for {source}.")
    return ImportRun.objects.create(source=source, params=params, started_by=actor)


def run_counts(run: ImportRun) -> dict:
    return {
        "created": run.created_count,
        "skipped": run.skipped_count,
        "errors": run.error_count,
        "processed": run.processed,
        "total": run.total,
        "requests": run.requests,
    }


def close_run(run: ImportRun, status: str, *, message: str = "", system: bool = False) -> None:
    """End a run as done or failed (with the message), save it and audit the outcome (as the one
    who started it, or with `system` as the system: a periodic check)."""
    was = run.status
    run.status = status
    run.finished = timezone.now()
    run.waiting_until = None
    if message:
        run.last_error = message
        run.messages = [*run.messages, message][-MAX_MESSAGES:]
    run.save()
    audit.record(
        actor=None if system else run.started_by,
        verb="import.failed" if status == ImportRun.Status.FAILED else "import.finished",
        obj=run,
        from_state=was,
        to_state=run.status,
        reason=message,
        data=run_counts(run),
    )


def get_run(run_id) -> ImportRun:
    return ImportRun.objects.get(pk=run_id)


def runs(source: str | None = None):
    """Import runs, newest first."""
    queryset = ImportRun.objects.select_related("started_by")
    return queryset.filter(source=source) if source else queryset


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _percent(run: ImportRun) -> float:
    """How far the run is, in percent: a run with nothing to count is 100 when done, else 0."""
    if run.total:
        return round(100 * run.processed / run.total, 1)
    return 100.0 if run.status == "done" else 0.0


def _eta_seconds(run: ImportRun, now: dt.datetime) -> int | None:
    """While the run runs, the seconds left at its pace so far in this run (at least the wait it is
    in); None until it has done something to estimate from."""
    done_here = run.processed - run.processed_before
    if not (run.status == ImportRun.Status.RUNNING and run.started and done_here > 0 and run.total):
        return None
    elapsed = (now - run.started).total_seconds()
    eta = round(elapsed / done_here * (run.total - run.processed))
    if run.waiting_until and run.waiting_until > now:
        eta = max(eta, round((run.waiting_until - now).total_seconds()))
    return eta


def _elapsed_seconds(run: ImportRun, now: dt.datetime) -> int | None:
    """The seconds from the run's start to its end (or now); None before it starts."""
    if not run.started:
        return None
    return round(((run.finished or now) - run.started).total_seconds())


def run_status(run_id) -> dict:
    """What a status page shows of one run, JSON-ready: status, counts, the latest problems, how far
    it is (percent) and, while it runs, an estimate of the time left in seconds (None until there
    is something to estimate from)."""
    run = get_run(run_id)
    now = timezone.now()
    percent = _percent(run)
    eta = _eta_seconds(run, now)
    elapsed = _elapsed_seconds(run, now)
    return {
        "id": run.pk,
        "source": run.source,
        "params": run.params,
        "status": run.status,
        "finished_ok": run.status == ImportRun.Status.DONE,
        "queued": _iso(run.queued),
        "started": _iso(run.started),
        "finished": _iso(run.finished),
        "elapsed_seconds": elapsed,
        "processed": run.processed,
        "total": run.total,
        "percent": percent,
        "eta_seconds": eta,
        "waiting_until": _iso(run.waiting_until) if run.waiting_until and run.waiting_until > now else None,
        "created": run.created_count,
        "skipped": run.skipped_count,
        "errors": run.error_count,
        "requests": run.requests,
        "last_error": run.last_error,
        "messages": list(run.messages),
        "resumed_from": run.resumed_from_id,
        # A CSV import's refused rows ({row, error}), and whether it can go on from its last batch.
        "row_errors": list(run.row_errors),
        # A Slack import's people it could not match and the messages that did not count.
        "summary": run.summary,
        "not_counted": not_counted(run.summary),
        "resumable": is_resumable(run),
    }


def not_counted(summary: dict) -> list[dict]:
    """A Slack import's messages that are not answers, by reason: [{reason, label, messages}]."""
    counts = (summary or {}).get("not_counted", {})
    return [
        {"reason": reason, "label": label, "messages": counts[reason]}
        for reason, label in NOT_COUNTED.items()
        if counts.get(reason)
    ]


def is_resumable(run: ImportRun) -> bool:
    """A failed CSV or Slack import that still has its file (not resumed yet) can go on from its
    cursor."""
    return (
        run.source in (Source.CSV, Source.SLACK)
        and run.status == ImportRun.Status.FAILED
        and run.file_id is not None
    )
