from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "distinguished.stats"
    label = "stats"
    verbose_name = "The program in figures"

    def ready(self):
        from . import stored

        stored.connect()
