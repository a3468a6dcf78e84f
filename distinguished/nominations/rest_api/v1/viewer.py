"""What one caller may read of one nomination (`Viewer`): the panel reads every endorsement; the
nominator and the nominee read who endorsed and how they know the nominee, and the statement only
when the endorser let the nominee read it; screening details and the eligibility checks are for
the chair and program admins, the screening reason for the nominator and the nominee too. Once the
cohort is announced, the nominator and the nominee read the panel's decision; before, a decided
nomination reads to them as in review. The nominee's listing answer is theirs and the admins'."""

from __future__ import annotations

from dataclasses import dataclass

from ... import api
from ...models import Endorsement, Nomination
from ...rules import is_nominator, is_nominee


@dataclass(frozen=True)
class Viewer:
    """What one caller may read of one nomination."""

    user_id: int | None
    panel: bool = False  # every endorsement statement
    screener: bool = False  # eligibility checks, who screened and when
    nominator: bool = False
    nominee: bool = False
    listing: bool = False  # the nominee's answer to "list me in the public directory"
    state: str = ""  # the state as the caller reads it (an untold decision reads as in review)
    decision: dict | None = None  # the announced decision, for the nominator and the nominee

    @property
    def party(self) -> bool:
        return self.nominator or self.nominee

    @classmethod
    def of(cls, user, nomination: Nomination, *, as_nominee: bool = False) -> Viewer:
        """`as_nominee`: the caller proved to be the nominee (they held the e-mailed link)."""
        return cls(
            user_id=user.pk if user.is_authenticated else None,
            panel=user.has_perm("nominations.view_endorsement_statements", nomination),
            screener=user.has_perm("nominations.view_eligibility", nomination),
            nominator=bool(is_nominator(user, nomination)),
            nominee=as_nominee or bool(is_nominee(user, nomination)),
            listing=as_nominee or user.has_perm("nominations.read_listing_answer", nomination),
            state=api.seen_state(user, nomination),
            decision=api.decision_for(user, nomination),
        )

    def reads_statement_of(self, endorsement: Endorsement) -> bool:
        return (
            self.panel
            or endorsement.endorser_id == self.user_id
            or (self.party and endorsement.visible_to_nominee)
        )
