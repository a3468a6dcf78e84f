from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "distinguished.people"
    label = "people"
    verbose_name = "People and roles"

    def ready(self):
        from distinguished.notifications import api as notifications

        from . import (
            emails,  # noqa: F401 (declares the e-mails this app sends)
            openedx_checks,  # noqa: F401 (registers the checks of the Open edX settings)
        )
        from .languages import languages_of_addresses

        # E-mails go out in the language each recipient chose (decision 0018).
        notifications.read_languages_with(languages_of_addresses)
