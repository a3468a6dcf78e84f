import os
import sys

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from distinguished.contributions import api, tasks
from distinguished.core.uploads import describe_size


class Command(BaseCommand):
    help = (
        "Import the answers given on Slack from a Slack workspace export (the .zip of Slack's "
        "“Export data”): every threaded reply to someone else's question, by a contributor matched by "
        "the Slack member ID on their profile or their e-mail, becomes a forum answer linked to its "
        "message. Idempotent; people it cannot match are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", nargs="?", help="the export's .zip file")
        parser.add_argument(
            "--workspace-url",
            help=f"the workspace the links go to (default: SLACK_WORKSPACE_URL, {settings.SLACK_WORKSPACE_URL})",
        )
        parser.add_argument("--resume", metavar="RUN", type=int, help="go on with a failed Slack import run")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="send the run to the Celery worker instead of running it here",
        )

    def handle(self, *args, export=None, workspace_url=None, resume=None, **options):
        if (export is None) == (resume is None):
            raise CommandError("Give the export's .zip file, or --resume RUN (not both).")
        try:
            run = self._resume(resume) if resume is not None else self._queue(export, workspace_url)
        except ValidationError as error:
            raise CommandError(f"{' '.join(error.messages)} Nothing was imported.") from None
        if options["queue"]:
            tasks.import_slack.delay(run.pk)
            self.stdout.write(
                f"{run} queued; follow it on the imports page or GET /api/v1/contributions/import/slack/{run.pk}/."
            )
            return
        bar = tqdm(
            total=run.total,
            initial=run.processed,
            unit="day file",
            desc=str(run),
            file=getattr(self.stderr, "_out", sys.stderr),
            disable=options["no_progress"],
            dynamic_ncols=True,
        )

        def on_progress(progress_run):
            bar.n = progress_run.processed
            bar.set_postfix(
                created=progress_run.created_count, skipped=progress_run.skipped_count, refresh=False
            )
            bar.refresh()

        try:
            run = api.run_slack_import(run.pk, on_progress=on_progress)
        finally:
            bar.close()
        self._report(api.slack_run_status(run), run)

    def _queue(self, path, workspace_url):
        try:
            size = os.path.getsize(path)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        limit = settings.SLACK_EXPORT_MAX_BYTES
        if size > limit:
            raise CommandError(
                f"{path} has {describe_size(size)}; a Slack import may have up to {describe_size(limit)} "
                "(SLACK_EXPORT_MAX_BYTES). Export a shorter period. Nothing was imported."
            )
        with open(path, "rb") as file:
            content = file.read()
        return api.queue_slack_import(
            None, content, name=os.path.basename(path), workspace_url=workspace_url, limit=limit
        )

    def _resume(self, run_id):
        try:
            return api.resume_slack_import(None, run_id)
        except ObjectDoesNotExist:
            raise CommandError(f"There is no Slack import run #{run_id}.") from None

    def _report(self, status, run):
        if status["status"] != "done":
            raise CommandError(
                f"{run} failed: {status['last_error']} Resume it with "
                f"`distinguished import-slack --resume {run.pk}`."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{run} done: {status['answers']} answers found, {status['created']} imported, "
                f"{status['skipped']} already there, {status['unmatched_answers']} by people not matched."
            )
        )
        for item in status["not_counted"]:
            self.stdout.write(f"Not counted: {item['messages']} {item['label']}.")
        if status["unmatched"]:
            self.stdout.write(
                self.style.WARNING(
                    f"{status['unmatched_people']} people answered but match no contributor: record their Slack "
                    "member ID (or the e-mail Slack has) on their profile, then import again."
                )
            )
            for person in status["unmatched"]:
                email = f" <{person['email']}>" if person["email"] else ""
                self.stdout.write(
                    f"  {person['slack_id']}  {person['name']}{email}: {person['answers']} answers"
                )
