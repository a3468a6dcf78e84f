import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from distinguished.cohorts import api


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"“{value}” is not a date; use YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "The nightly lifecycle job (run daily from cron, or let Celery beat run it): carry deferred "
        "nominations to the next cycle's screening and e-mail members before their term ends."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=_day, default=None, help="Run as on this day (YYYY-MM-DD); default today."
        )

    def handle(self, *args, **options):
        summary = api.run_lifecycle(options["date"])
        parts = [f"{summary['carried']} deferred nomination{'s' if summary['carried'] != 1 else ''} carried"]
        parts += [f"{key.replace('_', ' ')}: {value}" for key, value in summary["memberships"].items()]
        self.stdout.write("; ".join(parts) + ".")
