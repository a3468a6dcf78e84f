from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    name = "distinguished.cohorts"
    label = "cohorts"
    verbose_name = _("Approval and announcement")

    def ready(self):
        from . import emails  # noqa: F401 (declares the e-mails this app sends)
