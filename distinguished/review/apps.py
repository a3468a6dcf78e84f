from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "distinguished.review"
    label = "review"
    verbose_name = "Review panel"

    def ready(self):
        # Nominations hide from a panel member what their conflicts of interest cover.
        from distinguished.nominations import api as nominations

        from . import (
            api,
            emails,  # noqa: F401 (declares the e-mails this app sends)
        )

        nominations.register_conflict_provider(api.hidden_nominations)
        # A panelist reads the scorecards of the nominations assigned to them.
        nominations.register_assignment_provider(api.assigned_nominations)
        # A conflict that arises in a lower app (an endorsement, a new organization) voids an assignment.
        from . import receivers

        receivers.connect()
