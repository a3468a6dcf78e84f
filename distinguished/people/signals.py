"""What happens to people, for the apps that act on it (review voids an assignment that a new
shared organization puts in conflict; membership copies a saved contributor's listing onto their
terms, through `connect_contributor_saved`).

Sent inside the transaction that made the change. A receiver that does slow work defers it with
`transaction.on_commit`.
"""

from django.db.models.signals import post_save
from django.dispatch import Signal

from .models import Contributor

# A contributor's organization (or kind) changed: `contributor` (a Contributor), `actor`.
affiliation_changed = Signal()
# An account took a contributor profile over (the nominee's consent link): `user`, `contributor`.
profile_claimed = Signal()


def connect_contributor_saved(receiver, *, dispatch_uid: str, weak: bool = True) -> None:
    """Have `receiver(sender, instance, created, raw, **kwargs)` called after every save of a
    contributor (Django's `post_save`, in the saving transaction), so that another app acts on it
    without naming the model."""
    post_save.connect(receiver, sender=Contributor, weak=weak, dispatch_uid=dispatch_uid)
