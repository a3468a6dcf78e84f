from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "distinguished.membership"
    label = "membership"
    verbose_name = "Memberships"

    def ready(self):
        # Every save of a contributor copies their directory listing onto their terms.
        from distinguished.people import api as people

        from . import (
            emails,  # noqa: F401 (declares the e-mails this app sends)
            new_terms,
        )
        from .listing import contributor_saved

        people.connect_contributor_saved(contributor_saved, weak=False, dispatch_uid="membership.listing")
        # A term saved by hand (the Django admin, a factory) is stamped like a recorded one.
        new_terms.connect()
