from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "distinguished.nominations"
    label = "nominations"
    verbose_name = _("Nominations and screening")

    def ready(self):
        from . import emails  # noqa: F401 (declares the e-mails this app sends)
