"""`distinguished definition-messages`: write program/definition_messages.py from the shipped
program definition, so that `make messages` puts its texts in the catalogs."""

from django.conf import settings
from django.core.management.base import BaseCommand

from distinguished.program.definition_texts import MODULE, messages_module


class Command(BaseCommand):
    help = "Write the program definition's texts where `makemessages` finds them."

    def handle(self, *args, **options):
        source = messages_module(settings.PROGRAM_DEFINITION_FILE)
        changed = not MODULE.exists() or MODULE.read_text(encoding="utf-8") != source
        MODULE.write_text(source, encoding="utf-8")
        self.stdout.write(f"{MODULE}: {'written' if changed else 'unchanged'}")
