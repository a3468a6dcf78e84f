from django.core.management.base import BaseCommand

from distinguished.review import api


class Command(BaseCommand):
    help = (
        "Remind panelists of their open reviews 7 days and 1 day before the deadline (run daily from cron)."
    )

    def handle(self, *args, **options):
        sent = api.send_review_reminders()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} sent.")
