"""What the review panel does when a lower app reports a change that can make an assigned
panelist conflicted (`nominations.api.signals`, `people.api.signals`), inside the transaction of
that change: the assignment is voided at once, or the change does not happen at all. A new
endorser, organization or claimed profile can make any panelist conflicted (assigned or not): the
stored standings, which keep who is conflicted with what, are recomputed at their next read."""

from distinguished.nominations import api as nominations
from distinguished.people import api as people

from . import api
from .standings import nominee_renamed


def on_endorsed(sender, nomination, endorser, **kwargs):
    api.void_after_endorsement(nomination=nomination, endorser=endorser)
    api.mark_stale(nomination.cycle)


def on_affiliation_changed(sender, contributor, actor=None, **kwargs):
    api.void_after_affiliation_change(contributor=contributor, actor=actor)
    api.mark_stale()


def on_profile_claimed(sender, user, contributor, **kwargs):
    api.void_after_profile_claimed(user=user)
    api.mark_stale()


def on_contributor_saved(sender, instance, created=False, raw=False, **kwargs):
    # A nominee's new name: the ranking sorted by nominee follows it (a new contributor has none).
    if not (created or raw):
        nominee_renamed(instance)


def connect() -> None:
    people.connect_contributor_saved(on_contributor_saved, dispatch_uid="review.contributor_saved")
    nominations.signals.endorsed.connect(on_endorsed, dispatch_uid="review.endorsed")
    people.signals.affiliation_changed.connect(
        on_affiliation_changed, dispatch_uid="review.affiliation_changed"
    )
    people.signals.profile_claimed.connect(on_profile_claimed, dispatch_uid="review.profile_claimed")
