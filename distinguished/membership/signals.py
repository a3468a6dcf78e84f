"""What happens to memberships, for the apps that act on it (credentials issue and revoke badges).

Sent inside the transaction that made the change, with `membership` (a Membership) and `actor`.
A receiver that does slow work defers it with `transaction.on_commit`.
"""

from django.dispatch import Signal

# A new term: an announcement, a renewal, or an earlier cohort's term recorded by an admin.
term_recorded = Signal()
# Lifetime status granted on an existing term.
lifetime_granted = Signal()
# A membership revoked (its `revoke_reason` says why).
revoked = Signal()
