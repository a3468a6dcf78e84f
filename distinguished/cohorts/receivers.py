"""What the cohorts app does when a membership changes."""

from distinguished.membership import api as membership

from . import api


def on_term_recorded(sender, membership, actor=None, **kwargs):
    api.add_to_recorded_announcement(membership)


def connect() -> None:
    # An earlier cohort's term recorded after its announcement was published joins it.
    membership.signals.term_recorded.connect(on_term_recorded, dispatch_uid="cohorts.term_recorded")
