"""Slack imports as background runs (issue 13), the way CSV imports run (csv_runs.py): the request
checks and stores the export and answers at once; a Celery worker (or the request itself when no
broker is configured) records its answers.

    run = queue_slack_import(actor, upload, name="export.zip")   # checks and stores it: a queued run
    tasks.import_slack.delay(run.pk)                              # the worker calls run_slack_import
    slack_run_status(run)                                         # progress, outcome, unmatched people
    resume_slack_import(actor, failed_run.pk)                     # a new queued run from its cursor

Every threaded reply to someone else's question (slack_answers.py) by a person matched to a
contributor — by the Slack member ID on their profile, else by their e-mail — becomes a verified
`forum_answer` contribution (source `slack`, identity `slack:<channel id>:<ts>`, a link to the message
in its thread), once: importing the same export again adds nothing. Answers by people the program
cannot match are counted per person and listed on the run (`summary.unmatched`). A run commits a batch
of day files with its counts, cursor and heartbeat in one transaction; a worker that dies loses at
most one batch, and the periodic check marks its run failed so that it can be resumed.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.core.errors import TransitionError
from distinguished.core.uploads import UploadTooLarge, describe_size, size_of
from distinguished.people import api as people

from .csv_runs import AlreadyResumed, RunAbandoned, close_file_run, read_file, store_file
from .importers.runs import is_resumable, not_counted
from .models import Contribution, ImportRun, Source
from .slack_answers import AnswerFinder, read_threads
from .slack_export import SlackExport, refused

logger = logging.getLogger(__name__)

Status = ImportRun.Status
BATCH_FILES = 200
BATCH_ANSWERS = 5000
MAX_UNMATCHED = 200


class ExportTooLarge(UploadTooLarge):
    """An export over the limit: nothing was read or written (pages and the API answer 413)."""

    def __init__(self, size: int, limit: int):
        self.size, self.limit = size, limit
        ValidationError.__init__(
            self,
            {
                "file": [
                    _(
                        "The export has %(size)s; a Slack import may have up to %(limit)s. Export a shorter "
                        "period (Slack lets you choose the dates) and import the files one by one: answers "
                        "already imported are skipped."
                    )
                    % {"size": describe_size(size), "limit": describe_size(limit)}
                ]
            },
        )


def slack_params(workspace_url: str | None = None, name: str = "") -> dict:
    """What a run was asked: its file's name and the workspace its links go to (SLACK_WORKSPACE_URL
    unless another is given)."""
    url = (workspace_url or settings.SLACK_WORKSPACE_URL or "").strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        raise ValidationError(
            {
                "workspace_url": [
                    _(
                        "“%(url)s” is not the http(s) address of a Slack workspace (https://openedx.slack.com)."
                    )
                    % {"url": url}
                ]
            }
        )
    return {"file": name[:200], "workspace_url": url[:200]}


def _content(data) -> bytes:
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise refused(_("Give the .zip file of a Slack export."))


def _require_importer(actor) -> None:
    if actor is not None and not actor.has_perm("contributions.import_contributions"):
        raise PermissionDenied(_("Only program admins import contributions."))


def queue_slack_import(
    actor, data, *, name: str = "", workspace_url=None, limit: int | None = None
) -> ImportRun:
    """A queued Slack import of `data` (an upload or bytes), its file stored with it: send
    `tasks.import_slack` with its id. Program admins only (`actor` None: the command line). Raises
    `UploadTooLarge` over `limit` (default IMPORT_MAX_BYTES) before reading, and ValidationError
    `{"file": [...]}` (or `workspace_url`) for an export that cannot be read; then nothing is written."""
    _require_importer(actor)
    limit = settings.IMPORT_MAX_BYTES if limit is None else limit
    size = size_of(data)
    if size is not None and size > limit:
        raise ExportTooLarge(size, limit)
    params = slack_params(workspace_url, name)
    content = _content(data)
    export = SlackExport.open(content)
    by_user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        stored = store_file(content, name)
        run = ImportRun.objects.create(
            source=Source.SLACK,
            params=params,
            started_by=by_user,
            total=len(export.day_files),
            cursor={"file": 0},
            file=stored,
        )
        audit.record(
            actor=by_user,
            verb="import.queued",
            obj=run,
            to_state=run.status,
            data={
                "file": stored.name,
                "bytes": len(content),
                "day_files": len(export.day_files),
                "channels": len(export.channels),
                "users": len(export.users),
            },
        )
    return run


def _authors(export: SlackExport) -> dict[str, int]:
    """Slack member ID → contributor id, in one query: by the e-mail Slack's users.json gives for
    the member when it is a contributor's, else by the Slack ID a profile records. The workspace's
    own e-mail wins because a profile's Slack ID is typed by its owner: someone who typed another
    person's ID does not take that person's answers when the export names them by e-mail."""
    emails = {
        uid: ((user.get("profile") or {}).get("email") or "").lower() for uid, user in export.users.items()
    }
    by_id, by_email = people.contributors_by_slack(export.users, emails.values())
    found = {}
    for uid in export.users:
        contributor = by_email.get(emails[uid]) or by_id.get(uid.upper())
        if contributor:
            found[uid] = contributor
    return found


def _write(answers, authors: dict, unmatched: Counter, recorded_by) -> tuple[int, int]:
    """Record a batch of answers → (created, already there). Answers by unmatched people are
    counted in `unmatched`."""
    matched = []
    for answer in answers:
        if answer.author in authors:
            matched.append(answer)
        else:
            unmatched[answer.author] += 1
    known = set(
        Contribution.objects.filter(
            source=Source.SLACK, external_id__in=[a.external_id for a in matched]
        ).values_list("external_id", flat=True)
    )
    new = [
        Contribution(
            contributor_id=authors[a.author],
            kind="forum_answer",
            date=a.date,
            title=a.title,
            url=a.url[:500],
            source=Source.SLACK,
            external_id=a.external_id,
            recorded_by=recorded_by,
            # The workspace's own record is the evidence.
            verified=True,
        )
        for a in matched
        if a.external_id not in known
    ]
    Contribution.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    return len(new), len(matched) - len(new)


def _summary(export: SlackExport, finder: AnswerFinder, unmatched: Counter, answers: int) -> dict:
    people_list = []
    for uid, count in unmatched.most_common(MAX_UNMATCHED):
        user = export.users.get(uid)
        profile = (user or {}).get("profile") or {}
        people_list.append(
            {
                "slack_id": uid,
                "name": (user or {}).get("real_name")
                or profile.get("real_name")
                or (user or {}).get("name")
                or "(not in users.json)",
                "email": profile.get("email") or "",
                "answers": count,
            }
        )
    return {
        "answers": answers,
        "unmatched": people_list,
        "unmatched_people": len(unmatched),
        "unmatched_answers": sum(unmatched.values()),
        "not_counted": dict(finder.not_counted),
        "channels": len(export.channels),
        "ignored_folders": export.ignored_folders[:50],
    }


def _import_day_files(run: ImportRun, on_progress) -> None:
    """Read the run's export and write its answers from the cursor's day file on, in batches of a
    few files or answers, each in its own transaction with the counts and where to resume."""
    if run.file_id is None:
        raise ValueError("the export of this import is no longer stored; upload it again")
    export = SlackExport.open(read_file(run.file_id), check_messages=False)
    finder = AnswerFinder(export, read_threads(export), run.params.get("workspace_url", ""))
    finder.not_counted.update(run.summary.get("not_counted", {}))
    unmatched = Counter({p["slack_id"]: p["answers"] for p in run.summary.get("unmatched", [])})
    answers = run.summary.get("answers", 0)
    authors = _authors(export)
    files = export.day_files
    start = run.cursor.get("file", 0)
    batch: list = []
    batch_start = start
    for index in range(start, len(files)):
        channel, name = files[index]
        batch += finder.answers_in(index, channel, name)
        if index + 1 == len(files) or index + 1 - batch_start >= BATCH_FILES or len(batch) >= BATCH_ANSWERS:
            with transaction.atomic():
                created, skipped = _write(batch, authors, unmatched, run.started_by)
                answers += len(batch)
                run.created_count += created
                run.skipped_count += skipped
                _checkpoint(run, index + 1, _summary(export, finder, unmatched, answers))
            batch, batch_start = [], index + 1
            if on_progress:
                on_progress(run)
    if not files:
        run.summary = _summary(export, finder, unmatched, answers)
        run.save(update_fields=["summary", "updated"])


def _failure(run: ImportRun, error: Exception) -> str:
    """Why the run failed, and that the day files before its cursor are imported and can be resumed."""
    if isinstance(error, ValidationError):
        why = " ".join(error.messages)
    else:
        why = _("Unexpected error: %(error_class)s: %(error)s.") % {
            "error_class": error.__class__.__name__,
            "error": error,
        }
    return _(
        "%(why)s The answers of the day files before file %(file)s are imported; "
        "resume the import to go on from there."
    ) % {"why": why, "file": run.cursor.get("file", 0) + 1}


def run_slack_import(run_id, *, on_progress=None) -> ImportRun:
    """Carry out a queued Slack run (the task's body) and return it done or failed. A run that is
    not queued is left as it is. A failure is recorded on the run and in the audit trail, not raised."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, source=Source.SLACK, status=Status.QUEUED).update(
        status=Status.RUNNING, started=now, updated=now
    )
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    if not claimed:
        logger.warning("%s is %s, not queued: this task leaves it as it is.", run, run.status)
        return run
    audit.record(actor=run.started_by, verb="import.started", obj=run, to_state=run.status, data=run.params)
    try:
        _import_day_files(run, on_progress)
    except RunAbandoned as reason:
        logger.warning("%s: %s", run, reason)
        run.refresh_from_db()
        return run
    except Exception as error:
        logger.exception("%s failed", run)
        run.refresh_from_db()
        return close_file_run(run, Status.FAILED, _failure(run, error))
    return close_file_run(run, Status.DONE)


def _checkpoint(run: ImportRun, next_file: int, summary: dict) -> None:
    """Inside a batch's transaction: the counts and where to resume, unless the run was marked
    failed meanwhile (then the batch is rolled back and this worker stops)."""
    status = ImportRun.objects.select_for_update().filter(pk=run.pk).values_list("status", flat=True).first()
    if status != Status.RUNNING:
        raise RunAbandoned(f"the run is {status}; this worker stops here")
    run.processed = next_file
    run.cursor = {"file": next_file}
    run.summary = summary
    run.save(update_fields=["processed", "created_count", "skipped_count", "cursor", "summary", "updated"])


def resume_slack_import(actor, run_id) -> ImportRun:
    """A failed Slack run → a new queued run that starts at the first day file the failed one had not
    committed, with its counts so far, and takes over its export. Raises ObjectDoesNotExist (no such
    Slack run), TransitionError (not failed) or AlreadyResumed."""
    _require_importer(actor)
    with transaction.atomic():
        failed = ImportRun.objects.select_for_update().get(pk=run_id, source=Source.SLACK)
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
                else _("The export of %(run)s is no longer stored; upload it again.") % {"run": failed.label}
            )
        by_user = actor if actor is not None and actor.is_authenticated else None
        run = ImportRun.objects.create(
            source=Source.SLACK,
            params=failed.params,
            started_by=by_user,
            resumed_from=failed,
            total=failed.total,
            processed=failed.processed,
            processed_before=failed.processed,
            created_count=failed.created_count,
            skipped_count=failed.skipped_count,
            summary=failed.summary,
            cursor=failed.cursor or {"file": 0},
            file_id=failed.file_id,
        )
        failed.file = None
        failed.save(update_fields=["file", "updated"])
        audit.record(
            actor=by_user,
            verb="import.resumed",
            obj=run,
            to_state=run.status,
            reason=f"Resumes {failed} from day file {run.cursor.get('file', 0) + 1} of {run.total}.",
            data={"resumed_from": failed.pk, "file": run.cursor.get("file", 0)},
        )
    return run


def get_slack_run(run_id) -> ImportRun:
    """A Slack import run (ObjectDoesNotExist for any other id)."""
    return ImportRun.objects.get(pk=run_id, source=Source.SLACK)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def slack_run_status(run: ImportRun) -> dict:
    """A Slack run's progress and outcome, JSON-ready. No query."""
    summary = run.summary or {}
    return {
        "id": run.pk,
        "file": run.params.get("file", ""),
        "workspace_url": run.params.get("workspace_url", ""),
        "status": run.status,
        "total": run.total,
        "processed": run.processed,
        "percent": round(100 * run.processed / run.total, 1)
        if run.total
        else (100.0 if run.status == Status.DONE else 0.0),
        "answers": summary.get("answers", 0),
        "created": run.created_count,
        "skipped": run.skipped_count,
        "unmatched": list(summary.get("unmatched", [])),
        "unmatched_people": summary.get("unmatched_people", 0),
        "unmatched_answers": summary.get("unmatched_answers", 0),
        "not_counted": not_counted(summary),
        "last_error": run.last_error,
        "resumed_from": run.resumed_from_id,
        "resumable": is_resumable(run),
        "queued": _iso(run.queued),
        "started": _iso(run.started),
        "finished": _iso(run.finished),
        "updated": _iso(run.updated),
    }
