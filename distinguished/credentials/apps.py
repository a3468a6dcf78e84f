from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "distinguished.credentials"
    label = "credentials"
    verbose_name = "Open Badges credentials"
