from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "distinguished.credentials"
    label = "credentials"
    verbose_name = "Open Badges credentials"

    def ready(self):
        from . import receivers

        receivers.connect()
