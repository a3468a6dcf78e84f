"""What happens to nominations, for the apps that act on it (review voids a conflicted assignment).

Sent inside the transaction that made the change. A receiver that does slow work defers it with
`transaction.on_commit`.
"""

from django.dispatch import Signal

# A member endorsed a nomination: `nomination` (a Nomination), `endorser` (the User), `endorsement`.
endorsed = Signal()
