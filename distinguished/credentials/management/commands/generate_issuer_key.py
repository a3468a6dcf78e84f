"""`distinguished generate-issuer-key [--rotate]`: the issuer's Ed25519 signing key.

Safe to run every time (`make run` does, before the demo data): an existing key is kept and the
command exits 0; `--rotate` replaces it. Then it signs whatever waited for a key."""

from django.core.management.base import BaseCommand, CommandError

from ... import api


class Command(BaseCommand):
    help = (
        "Create the issuer's Ed25519 signing key in CREDENTIALS_ISSUER_KEY_FILE (mode 0600) unless it "
        "exists, then sign the credentials that waited for it. --rotate replaces the key: credentials "
        "signed with the old one keep verifying."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="Replace the existing key with a new one.")

    def handle(self, *args, rotate=False, **options):
        try:
            key, created = api.generate_issuer_key(rotate=rotate)
            signed = api.sign_pending()
        except api.IssuerKeyUnavailable as error:
            raise CommandError(str(error)) from None
        if created:
            self.stdout.write(self.style.SUCCESS(f"New issuer key {key.public_key_multibase}."))
        else:
            self.stdout.write(f"The issuer key exists: {key.public_key_multibase} (--rotate replaces it).")
        if signed["credentials"] or signed["status_lists"]:
            self.stdout.write(
                f"Signed {signed['credentials']} waiting credential(s) and {signed['status_lists']} status list(s)."
            )
