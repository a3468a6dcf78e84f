from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "distinguished.demo"
    label = "demo"
    verbose_name = "Demo data"
