from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "distinguished.contributions"
    label = "contributions"
    verbose_name = "Contributions"
