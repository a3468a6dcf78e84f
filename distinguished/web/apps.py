from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "distinguished.web"
    label = "web"
    verbose_name = "Web shell"
