"""What credentials do when memberships change: `membership.api.signals`, sent inside the
transaction of the change, so a credential exists as soon as its membership does."""

from distinguished.membership import api as membership

from . import api


def on_term_recorded(sender, membership, actor=None, **kwargs):
    api.issue(membership=membership, actor=actor)


def on_lifetime_granted(sender, membership, actor=None, **kwargs):
    api.issue(membership=membership, actor=actor)


def on_revoked(sender, membership, actor=None, **kwargs):
    api.revoke_credentials(membership=membership, actor=actor)


def connect() -> None:
    membership.signals.term_recorded.connect(on_term_recorded, dispatch_uid="credentials.term_recorded")
    membership.signals.lifetime_granted.connect(
        on_lifetime_granted, dispatch_uid="credentials.lifetime_granted"
    )
    membership.signals.revoked.connect(on_revoked, dispatch_uid="credentials.revoked")
