from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "distinguished.stats"
    label = "stats"
    verbose_name = "The program in figures"
