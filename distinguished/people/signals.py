"""What happens to people, for the apps that act on it (review voids an assignment that a new
shared organization puts in conflict).

Sent inside the transaction that made the change. A receiver that does slow work defers it with
`transaction.on_commit`.
"""

from django.dispatch import Signal

# A contributor's organization (or kind) changed: `contributor` (a Contributor), `actor`.
affiliation_changed = Signal()
# An account took a contributor profile over (the nominee's consent link): `user`, `contributor`.
profile_claimed = Signal()
