"""`distinguished generate-issuer-key [--rotate | --if-missing]`: the issuer's Ed25519 signing key."""

from django.core.management.base import BaseCommand, CommandError

from ... import api


class Command(BaseCommand):
    help = (
        "Create the issuer's Ed25519 signing key in CREDENTIALS_ISSUER_KEY_FILE (mode 0600). "
        "--rotate replaces it: credentials signed with the old key keep verifying."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--rotate", action="store_true", help="Replace the existing key with a new one.")
        group.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the key file exists (for `make run`)."
        )

    def handle(self, *args, rotate=False, if_missing=False, **options):
        try:
            key, created = api.generate_issuer_key(rotate=rotate, if_missing=if_missing)
        except (api.KeyExists, api.IssuerKeyUnavailable) as error:
            raise CommandError(str(error)) from None
        if created:
            self.stdout.write(self.style.SUCCESS(f"New issuer key {key.public_key_multibase}."))
        else:
            self.stdout.write(f"The issuer key exists: {key.public_key_multibase}.")
        signed = api.sign_pending()
        if signed["credentials"] or signed["status_lists"]:
            self.stdout.write(
                f"Signed {signed['credentials']} waiting credential(s) and {signed['status_lists']} status list(s)."
            )
