"""CSV imports of contributions as background runs (issue 11): the request stores the file and
answers at once; a Celery worker (or the request itself when no broker is configured) imports it.

    run = queue_csv_import(actor, upload, name="2025.csv")  # checks and stores the file: a queued run
    tasks.import_csv.delay(run.pk)                          # the worker calls run_csv_import(run.pk)
    csv_run_status(run)                                     # progress and outcome, JSON-ready
    resume_csv_import(actor, failed_run.pk)                 # a new queued run from the first row not committed

A file over IMPORT_MAX_BYTES raises `UploadTooLarge` before it is read; a file that cannot be read
raises ValidationError; either way nothing is written. The worker commits a batch of rows and the
run's counts, cursor and heartbeat (`updated`) in one transaction (`CsvImport.flush`), so a worker
that dies loses at most one batch, and the run says exactly what is committed. The periodic check
(`importers.stale.mark_stale_runs`) marks such a run failed; resuming it starts at its cursor, and
the rows it had already written are skipped anyway (the import is idempotent by row hash).
"""

from __future__ import annotations

import logging
import zlib

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.core.uploads import check_upload_size

from .csv_import import MAX_MESSAGES, CsvImport, check_file, read_text
from .importers.runs import close_run, is_resumable
from .models import ImportFile, ImportFileChunk, ImportRun, Source

logger = logging.getLogger(__name__)

FIRST_ROW = 2  # the header is row 1
Status = ImportRun.Status


class RunAbandoned(Exception):
    """The run is no longer running (the periodic check marked it failed): this worker stops
    and writes nothing more; a resumed run goes on from the last committed batch."""


class AlreadyResumed(TransitionError):
    """A failed run that was resumed already (the REST API answers 409)."""


def may_import(actor) -> bool:
    return actor is not None and actor.has_perm("contributions.import_contributions")


def _require_importer(actor) -> None:
    if not may_import(actor):
        raise PermissionDenied(_("Only program admins import contributions."))


# --- The stored file -------------------------------------------------------------------------------


def store_file(content: bytes, name: str = "") -> ImportFile:
    """Keep a file in the database, compressed, in chunks (see ImportFile)."""
    packed = zlib.compress(content, 6)
    step = ImportFile.CHUNK_BYTES
    stored = ImportFile.objects.create(name=name[:200], size=len(content))
    # One INSERT per chunk: each statement stays under a server's packet limit.
    ImportFileChunk.objects.bulk_create(
        [
            ImportFileChunk(file=stored, index=index, data=packed[start : start + step])
            for index, start in enumerate(range(0, max(len(packed), 1), step))
        ],
        batch_size=1,
    )
    return stored


def read_file(file_id: int) -> bytes:
    chunks = ImportFileChunk.objects.filter(file_id=file_id).order_by("index").values_list("data", flat=True)
    return zlib.decompress(b"".join(bytes(chunk) for chunk in chunks))


# --- Queue, run, resume ---------------------------------------------------------------------------


def queue_csv_import(actor, data, *, name: str = "", limit: int | None = None) -> ImportRun:
    """A queued CSV import of `data` (an upload, bytes or text), its file stored with it: send
    `tasks.import_csv` with its id. Program admins only. Raises `UploadTooLarge` for a file over
    `limit` (default IMPORT_MAX_BYTES) before reading it, and ValidationError `{"file": [...]}` for
    a file that cannot be read; then nothing is written."""
    _require_importer(actor)
    check_upload_size(data, limit)
    text = read_text(data)
    total = check_file(text)
    content = text.encode()
    with transaction.atomic():
        stored = store_file(content, name)
        run = ImportRun.objects.create(
            source=Source.CSV,
            params={"file": name[:200]} if name else {},
            started_by=actor if actor.is_authenticated else None,
            total=total,
            cursor={"row": FIRST_ROW},
            file=stored,
        )
        audit.record(
            actor=run.started_by,
            verb="import.queued",
            obj=run,
            to_state=run.status,
            data={"file": stored.name, "bytes": len(content), "rows": total},
        )
    return run


def run_csv_import(run_id) -> ImportRun:
    """Carry out a queued CSV run (the task's body) and return it done or failed. A run that is not
    queued (a task delivered twice, a run marked failed meanwhile) is left as it is. A failure is
    recorded on the run and in the audit trail, not raised: an eager call from a page is never a 500."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, source=Source.CSV, status=Status.QUEUED).update(
        status=Status.RUNNING, started=now, updated=now
    )
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    if not claimed:
        logger.warning("%s is %s, not queued: this task leaves it as it is.", run, run.status)
        return run
    audit.record(actor=run.started_by, verb="import.started", obj=run, to_state=run.status, data=run.params)
    job = None
    try:
        if run.file_id is None:
            raise ValueError("the file of this import is no longer stored; upload it again")
        text = read_file(run.file_id).decode()
        job = CsvImport(run.started_by)
        job.carry_on(
            rows=run.processed,
            created=run.created_count,
            skipped=run.skipped_count,
            errors=run.row_errors,
            errors_total=run.error_count,
        )
        job.run(
            text,
            start=run.cursor.get("row", FIRST_ROW),
            checkpoint=lambda job, row: _checkpoint(run, job, row),
        )
    except RunAbandoned as reason:
        logger.warning("%s: %s", run, reason)
        run.refresh_from_db()
        return run
    except Exception as error:
        logger.exception("%s failed", run)
        run.refresh_from_db()
        return close_file_run(
            run,
            Status.FAILED,
            _(
                "Unexpected error: %(error_class)s: %(error)s. The rows before row %(row)s are imported; "
                "resume the import to go on from there."
            )
            % {"error_class": error.__class__.__name__, "error": error, "row": _cursor_of(run)},
        )
    return close_file_run(run, Status.DONE)


def resume_csv_import(actor, run_id) -> ImportRun:
    """A failed CSV run → a new queued run that starts at the first row the failed one had not
    committed, with its counts and errors so far, and takes over its file. Send `tasks.import_csv`
    with the new run's id. Raises ObjectDoesNotExist (no such CSV run), ValidationError (the run
    is not failed) or AlreadyResumed."""
    _require_importer(actor)
    with transaction.atomic():
        failed = ImportRun.objects.select_for_update().get(pk=run_id, source=Source.CSV)
        if failed.status != Status.FAILED:
            raise TransitionError(
                _("%(run)s is %(status)s; only a failed import can be resumed.")
                % {"run": failed.label, "status": failed.status}
            )
        if failed.file_id is None:
            later = ImportRun.objects.filter(resumed_from=failed).order_by("pk").first()
            raise AlreadyResumed(
                _("%(run)s was resumed already as #%(id)s.") % {"run": failed.label, "id": later.pk}
                if later
                else _("The file of %(run)s is no longer stored; upload it again.") % {"run": failed.label}
            )
        run = ImportRun.objects.create(
            source=Source.CSV,
            params=failed.params,
            started_by=actor if actor.is_authenticated else None,
            resumed_from=failed,
            total=failed.total,
            processed=failed.processed,
            processed_before=failed.processed,
            created_count=failed.created_count,
            skipped_count=failed.skipped_count,
            error_count=failed.error_count,
            row_errors=failed.row_errors,
            messages=row_messages(failed.row_errors),
            cursor={"row": _cursor_of(failed)},
            file_id=failed.file_id,
        )
        failed.file = None
        failed.save(update_fields=["file", "updated"])
        audit.record(
            actor=actor,
            verb="import.resumed",
            obj=run,
            to_state=run.status,
            reason=f"Resumes {failed} from row {_cursor_of(run)}.",
            data={"resumed_from": failed.pk, "row": _cursor_of(run)},
        )
    return run


def import_csv(actor, data, *, name: str = "", limit: int | None = None) -> dict:
    """Queue and run a CSV import here and now (scripts, the benchmark): `{"created", "skipped",
    "errors": [{"row", "error"}] (at most 1,000), "errors_total", "run"}`."""
    run = run_csv_import(queue_csv_import(actor, data, name=name, limit=limit).pk)
    if run.status != Status.DONE:
        raise RuntimeError(f"{run} failed: {run.last_error}")
    return {
        "created": run.created_count,
        "skipped": run.skipped_count,
        "errors": run.row_errors,
        "errors_total": run.error_count,
        "run": run.pk,
    }


def row_messages(errors: list[dict]) -> list[str]:
    """The first refused rows as the status panel lists problems."""
    return [
        _("Row %(row)s: %(error)s") % {"row": e["row"], "error": e["error"]} for e in errors[:MAX_MESSAGES]
    ]


def _cursor_of(run: ImportRun) -> int:
    return run.cursor.get("row", FIRST_ROW)


def _checkpoint(run: ImportRun, job: CsvImport, next_row: int) -> None:
    """Inside a batch's transaction: record the counts and where to resume, unless the run was
    marked failed meanwhile (then the batch is rolled back and this worker stops)."""
    status = ImportRun.objects.select_for_update().filter(pk=run.pk).values_list("status", flat=True).first()
    if status != Status.RUNNING:
        raise RunAbandoned(f"the run is {status}; this worker stops here")
    run.processed = job.rows
    run.created_count = job.created
    run.skipped_count = job.skipped
    run.error_count = job.errors_total
    run.row_errors = job.errors
    run.messages = row_messages(job.errors)
    run.last_error = run.messages[-1] if run.messages else ""
    run.cursor = {"row": next_row}
    run.save(
        update_fields=[
            "processed",
            "created_count",
            "skipped_count",
            "error_count",
            "row_errors",
            "messages",
            "last_error",
            "cursor",
            "updated",
        ]
    )


def close_file_run(run: ImportRun, status: str, message: str = "") -> ImportRun:
    """End a running run (done: its file is no longer needed), unless it was closed meanwhile."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != Status.RUNNING:
            return locked
        stored = locked.file_id
        if status == Status.DONE:
            locked.file = None
        close_run(locked, status, message=message)
        if status == Status.DONE and stored:
            ImportFile.objects.filter(pk=stored).delete()
    return locked


# --- What pages and the API show ------------------------------------------------------------------


def get_csv_run(run_id) -> ImportRun:
    """A CSV import run (ObjectDoesNotExist for any other id)."""
    return ImportRun.objects.get(pk=run_id, source=Source.CSV)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def csv_run_status(run: ImportRun) -> dict:
    """A CSV run's progress and outcome, JSON-ready; once it is done, `created`, `skipped` and
    `errors` ([{row, error}], the first 1,000) are the file's result. No query."""
    return {
        "id": run.pk,
        "run": run.pk,
        "file": run.params.get("file", ""),
        "status": run.status,
        "total": run.total,
        "processed": run.processed,
        "percent": round(100 * run.processed / run.total, 1)
        if run.total
        else (100.0 if run.status == Status.DONE else 0.0),
        "created": run.created_count,
        "skipped": run.skipped_count,
        "errors": list(run.row_errors),
        "errors_total": run.error_count,
        "last_error": run.last_error,
        "resumed_from": run.resumed_from_id,
        "resumable": is_resumable(run),
        "queued": _iso(run.queued),
        "started": _iso(run.started),
        "finished": _iso(run.finished),
        "updated": _iso(run.updated),
    }
