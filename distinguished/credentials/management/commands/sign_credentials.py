"""`distinguished sign-credentials`: sign what was recorded while no issuer key was configured."""

from django.core.management.base import BaseCommand, CommandError

from ... import api


class Command(BaseCommand):
    help = "Sign the credentials and status lists that wait for the issuer key."

    def handle(self, *args, **options):
        try:
            signed = api.sign_pending(require_key=True)
        except api.IssuerKeyUnavailable as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Signed {signed['credentials']} credential(s) and {signed['status_lists']} status list(s)."
        )
