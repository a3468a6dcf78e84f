from django.core.management.base import BaseCommand

from distinguished.contributions import api


class Command(BaseCommand):
    help = (
        "Mark failed the running imports with no progress for IMPORT_STALE_SECONDS (their worker died), "
        "so that they can be resumed (run every few minutes from cron; Celery beat does the same)."
    )

    def handle(self, *args, **options):
        marked = api.mark_stale_runs()
        if marked:
            runs = ", ".join(f"#{pk}" for pk in marked)
            self.stdout.write(
                f"{len(marked)} stale import run{'s' if len(marked) != 1 else ''} marked failed: {runs}."
            )
        else:
            self.stdout.write("No stale import run.")
