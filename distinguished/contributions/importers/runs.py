"""Import runs: their lifecycle (queued → running → done | failed, each step audited), progress
that a page polls through `run_status`, resuming after a failure, and the one place that writes
imported contributions (`import_contribution`)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.program import api as program

from ..models import Contribution, ImportRun, Source
from ..slack_answers import NOT_COUNTED
from .http import ApiClient, ClientError, ImportFailed

logger = logging.getLogger(__name__)

MAX_MESSAGES = 50

ProgressCallback = Callable[[ImportRun], None]
MessageCallback = Callable[[str], None]


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


def run_status(run_id) -> dict:
    """What a status page shows of one run, JSON-ready: status, counts, the latest problems, how far
    it is (percent) and, while it runs, an estimate of the time left in seconds (None until there
    is something to estimate from)."""
    run = get_run(run_id)
    now = timezone.now()
    percent = (
        round(100 * run.processed / run.total, 1) if run.total else (100.0 if run.status == "done" else 0.0)
    )
    eta = None
    done_here = run.processed - run.processed_before
    if run.status == ImportRun.Status.RUNNING and run.started and done_here > 0 and run.total:
        elapsed = (now - run.started).total_seconds()
        eta = round(elapsed / done_here * (run.total - run.processed))
        if run.waiting_until and run.waiting_until > now:
            eta = max(eta, round((run.waiting_until - now).total_seconds()))
    elapsed = None
    if run.started:
        elapsed = round(((run.finished or now) - run.started).total_seconds())
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


def import_contribution(
    *,
    source: str,
    external_id: str,
    contributor_id: int,
    kind: str,
    date: dt.date,
    title: str,
    url: str,
    major: bool = False,
    recorded_by=None,
) -> bool:
    """Record one imported contribution unless (source, external_id) is already there.
    True when created. Safe against a concurrent run importing the same record."""
    title = " ".join((title or "").split())[:300] or "(untitled)"
    try:
        with transaction.atomic():
            _, created = Contribution.objects.get_or_create(
                source=source,
                external_id=external_id,
                defaults={
                    "contributor_id": contributor_id,
                    "kind": kind,
                    "date": date,
                    "title": title,
                    "url": url[:500],
                    "major": major,
                    "recorded_by": recorded_by,
                    # The source's own record is the evidence.
                    "verified": True,
                },
            )
    except IntegrityError:
        return False
    return created


def imported_ids(source: str, external_ids) -> set[str]:
    """Which of these external ids are already imported (one query)."""
    return set(
        Contribution.objects.filter(source=source, external_id__in=list(external_ids)).values_list(
            "external_id", flat=True
        )
    )


def parse_timestamp(value: str) -> dt.datetime:
    """An ISO 8601 time as GitHub and Discourse send it ("2024-03-05T10:00:00Z", "…000Z")."""
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def iso_date(value) -> str | None:
    """A date given on the command line or by a page, as YYYY-MM-DD (None when not given)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": value}) from None


def local_date(value: str) -> dt.date:
    moment = parse_timestamp(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return timezone.localtime(moment).date()


class Importer:
    """One run of one source. Subclasses give `source`, `kind`, `make_client()`, `units()` (the
    logins or usernames, each with its contributor id, in a stable order) and `import_unit()`.

    The cursor is the first unit not finished: a run that resumes a failed one skips the units
    before it. Re-importing a unit is harmless anyway (idempotent by external id)."""

    source: str = ""
    kind: str = ""
    service: str = ""

    def __init__(
        self,
        run: ImportRun,
        *,
        sleep=time.sleep,
        clock=time.time,
        on_progress: ProgressCallback | None = None,
        on_message: MessageCallback | None = None,
        resume: bool = True,
    ):
        self.run = run
        self.sleep = sleep
        self.clock = clock
        self.on_progress = on_progress
        self.on_message = on_message
        self.resume = resume
        self.client: ApiClient | None = None

    # --- To be given by subclasses ----------------------------------------------------

    def make_client(self) -> ApiClient:
        raise NotImplementedError

    def units(self) -> list[tuple[str, int]]:
        raise NotImplementedError

    def import_unit(self, unit: str, contributor_id: int) -> None:
        raise NotImplementedError

    def prepare(self) -> None:
        """Requests made once before the units (GitHub: the organization's public repositories)."""

    def summary(self) -> str:
        return ""

    # --- Helpers for subclasses -------------------------------------------------------

    def client_kwargs(self) -> dict:
        return {
            "sleep": self.sleep,
            "clock": self.clock,
            "on_wait": self._waiting,
            "on_request": self._counted,
            "service": self.service,
        }

    def record(self, **fields) -> bool:
        created = import_contribution(
            source=self.source, kind=self.kind, recorded_by=self.run.started_by, **fields
        )
        if created:
            self.run.created_count += 1
        else:
            self.run.skipped_count += 1
        return created

    def skip(self, count: int = 1) -> None:
        self.run.skipped_count += count

    def problem(self, message: str) -> None:
        """An error about one item or one unit; the run goes on."""
        logger.warning("%s: %s", self.run, message)
        self.run.error_count += 1
        self.run.last_error = message
        self.run.messages = [*self.run.messages, message][-MAX_MESSAGES:]
        self._save()
        if self.on_message:
            self.on_message(message)

    def _counted(self) -> None:
        self.run.requests += 1

    def _waiting(self, seconds: float, until: float, why: str) -> None:
        self.run.waiting_until = dt.datetime.fromtimestamp(until, tz=dt.UTC)
        self._save()
        if self.on_message:
            self.on_message(f"{why}: waiting {seconds:.0f} s.")

    def _save(self) -> None:
        self.run.save()

    def _previous_cursor(self) -> tuple[ImportRun | None, str | None]:
        """The latest earlier run with the same source and parameters, when it failed with a cursor."""
        previous = (
            ImportRun.objects.filter(source=self.source, pk__lt=self.run.pk)
            .exclude(status=ImportRun.Status.QUEUED)
            .order_by("-pk")
            .first()
        )
        if (
            previous is not None
            and previous.status == ImportRun.Status.FAILED
            and previous.params == self.run.params
            and previous.cursor.get("next")
        ):
            return previous, previous.cursor["next"]
        return None, None

    # --- The run --------------------------------------------------------------------------

    def _begin(self) -> None:
        run = self.run
        if self.kind not in program.contribution_kind_codes():
            raise ImportFailed(
                _("The program has no contribution kind “%(kind)s”; load a program that has.")
                % {"kind": self.kind}
            )
        run.status = ImportRun.Status.RUNNING
        run.started = timezone.now()
        run.save()
        audit.record(
            actor=run.started_by, verb="import.started", obj=run, to_state=run.status, data=run.params
        )

    def execute(self) -> ImportRun:
        """Run to the end. The run is left done or failed (with `last_error`); an `ImportFailed`
        is raised again after the failure is recorded, as is any unexpected exception."""
        run = self.run
        if run.status != ImportRun.Status.QUEUED:
            raise ValueError(f"{run} has already run ({run.status}); start a new run.")
        try:
            self._begin()
            self.client = self.make_client()
            with self.client:
                self.prepare()
                units = self.units()
                run.total = len(units)
                start = 0
                if self.resume:
                    previous, after = self._previous_cursor()
                    if previous is not None:
                        start = next((i for i, (unit, _) in enumerate(units) if unit >= after), len(units))
                        run.resumed_from = previous
                        run.processed_before = start
                        if self.on_message:
                            self.on_message(
                                f"Resuming {previous} from “{after}” ({start} of {len(units)} done)."
                            )
                run.processed = start
                run.cursor = {"next": units[start][0]} if start < len(units) else {}
                self._save()
                self._progress()
                for index in range(start, len(units)):
                    unit, contributor_id = units[index]
                    self.import_unit(unit, contributor_id)
                    run.processed = index + 1
                    run.cursor = {"next": units[index + 1][0]} if index + 1 < len(units) else {}
                    run.waiting_until = None
                    self._save()
                    self._progress()
        except ImportFailed as error:
            self._fail(str(error))
            raise
        except ClientError as error:
            self._fail(str(error))
            raise ImportFailed(str(error)) from error
        except KeyboardInterrupt:
            self._fail(_("Interrupted."))
            raise
        except Exception as error:
            self._fail(
                _("Unexpected error: %(error_class)s: %(error)s")
                % {"error_class": error.__class__.__name__, "error": error}
            )
            raise
        self._finish()
        return run

    def _progress(self) -> None:
        if self.on_progress:
            self.on_progress(self.run)

    def _finish(self) -> None:
        close_run(self.run, ImportRun.Status.DONE)

    def _fail(self, message: str) -> None:
        logger.error("%s failed: %s", self.run, message)
        close_run(self.run, ImportRun.Status.FAILED, message=message)
