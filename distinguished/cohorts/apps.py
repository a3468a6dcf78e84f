from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "distinguished.cohorts"
    label = "cohorts"
    verbose_name = "Approval and announcement"

    def ready(self):
        from . import receivers

        receivers.connect()
