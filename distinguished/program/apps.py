from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def load_shipped_definition(sender, using="default", **kwargs):
    """Load the configured program definition after `migrate`, so a fresh database has the
    program. A bad file makes `migrate` fail with the file, the path inside it and the problem."""
    from django.db import connections

    from . import api

    if "program_program" not in connections[using].introspection.table_names():
        return
    api.load_program_file()


class ProgramConfig(AppConfig):
    name = "distinguished.program"
    label = "program"
    verbose_name = _("Program and cycles")

    def ready(self):
        post_migrate.connect(load_shipped_definition, sender=self, dispatch_uid="program-definition")
