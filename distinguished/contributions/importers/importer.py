"""Running an import: `Importer`, one run of one source (GitHub, the forum) from queued to done
or failed, unit by unit with its cursor, resuming where the last failed run with the same parameters
stopped, counting what it records, skips and cannot read, and reporting progress as it goes."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.program import api as program

from ..models import ImportRun
from .http import ApiClient, ClientError, ImportFailed
from .recording import import_contribution
from .runs import MAX_MESSAGES, close_run

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[ImportRun], None]
MessageCallback = Callable[[str], None]


def _cursor(units: list[tuple[str, int]], index: int) -> dict:
    """The run's cursor when the unit at `index` is the next one: empty past the last."""
    return {"next": units[index][0]} if index < len(units) else {}


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

    def _start(self, units: list[tuple[str, int]]) -> int:
        """The index of the first unit to import: where the failed run with the same parameters
        stopped, when this run resumes one; else the first."""
        if not self.resume:
            return 0
        previous, after = self._previous_cursor()
        if previous is None:
            return 0
        start = next((i for i, (unit, _) in enumerate(units) if unit >= after), len(units))
        self.run.resumed_from = previous
        self.run.processed_before = start
        if self.on_message:
            self.on_message(f"Resuming {previous} from “{after}” ({start} of {len(units)} done).")
        return start

    def _import_units(self) -> None:
        """Prepare, then import the units from the start, saving the cursor (the next unit) and
        reporting progress before the first and after each."""
        run = self.run
        self.prepare()
        units = self.units()
        run.total = len(units)
        start = self._start(units)
        run.processed = start
        run.cursor = _cursor(units, start)
        self._save()
        self._progress()
        for index in range(start, len(units)):
            unit, contributor_id = units[index]
            self.import_unit(unit, contributor_id)
            run.processed = index + 1
            run.cursor = _cursor(units, index + 1)
            run.waiting_until = None
            self._save()
            self._progress()

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
                self._import_units()
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
