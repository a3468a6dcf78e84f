from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "distinguished.nominations"
    label = "nominations"
    verbose_name = "Nominations and screening"
