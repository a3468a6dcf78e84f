from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "distinguished.people"
    label = "people"
    verbose_name = "People and roles"

    def ready(self):
        from . import openedx_checks  # noqa: F401 (registers the checks of the Open edX settings)
