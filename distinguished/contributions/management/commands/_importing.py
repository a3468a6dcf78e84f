"""What the two import commands share: the progress bar, the messages and the closing summary."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from distinguished.contributions import importers


class ImportCommand(BaseCommand):
    task = None  # the Celery task, for --queue

    def add_common_arguments(self, parser):
        parser.add_argument(
            "--since", metavar="DATE", help="only what happened on or after DATE (YYYY-MM-DD)"
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="start from the beginning instead of where the last failed run stopped",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="send the run to the Celery worker instead of running it here",
        )

    def queue(self, **options):
        raise NotImplementedError

    def handle(self, *args, **options):
        try:
            run = self.queue(**options)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if options["queue"]:
            self.task.delay(run.pk)
            self.stdout.write(f"{run} queued; follow it with its status (run id {run.pk}).")
            return
        stream = getattr(self.stderr, "_out", sys.stderr)
        bar = tqdm(
            total=0,
            unit=self.unit,
            desc=str(run),
            file=stream,
            disable=options["no_progress"],
            dynamic_ncols=True,
        )

        def on_progress(progress_run):
            bar.total = progress_run.total
            bar.n = progress_run.processed
            bar.set_postfix(
                created=progress_run.created_count,
                skipped=progress_run.skipped_count,
                errors=progress_run.error_count,
                refresh=False,
            )
            bar.refresh()

        def on_message(message):
            if bar.disable:
                self.stderr.write(message)
            else:
                bar.write(message, file=stream)

        try:
            importers.run_import(
                run.pk, on_progress=on_progress, on_message=on_message, resume=not options["restart"]
            )
        except importers.ImportFailed:
            bar.close()
            status = importers.run_status(run.pk)
            raise CommandError(
                f"{run} failed: {status['last_error']}\n"
                f"{self.counts(status)} The contributions imported before the failure are kept; "
                "run the command again to resume."
            ) from None
        finally:
            bar.close()
        status = importers.run_status(run.pk)
        resumed = f" (resumed #{status['resumed_from']})" if status["resumed_from"] else ""
        self.stdout.write(self.style.SUCCESS(f"{run} done{resumed}: {self.counts(status)}"))
        if status["errors"]:
            self.stdout.write(self.style.WARNING(f"Last problem: {status['last_error']}"))

    def counts(self, status: dict) -> str:
        return (
            f"{status['processed']} of {status['total']} {self.unit}s, {status['created']} created, "
            f"{status['skipped']} skipped, {status['errors']} errors, {status['requests']} requests."
        )
