"""A person's renewals, for the home page: the member's terms they may apply to renew now and
their applications waiting for a decision; for the chair and admins, the applications waiting for
them. A fixed number of queries whatever the number of terms."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import Membership, Renewal
from .renewal import may_decide
from .terms import Status, membership_rules, status_filter


@dataclass(frozen=True)
class RenewalAgenda:
    to_decide: int = 0  # applications waiting for a decision (the chair and admins)
    to_apply: list[Membership] = field(default_factory=list)  # own terms in the renewal window, not applied
    waiting: list[Renewal] = field(default_factory=list)  # own applications waiting for a decision

    def __bool__(self) -> bool:
        return bool(self.to_decide or self.to_apply or self.waiting)


def renewal_agenda(user) -> RenewalAgenda:
    """What waits for `user` in renewals."""
    if user is None or not user.is_authenticated:
        return RenewalAgenda()
    to_decide = Renewal.objects.filter(decided__isnull=True).count() if may_decide(user) else 0
    to_apply, waiting = [], []
    if user.contributor_id:
        window = membership_rules().renewal_window_days
        to_apply = list(
            Membership.objects.filter(
                status_filter(Status.EXPIRING, renewal_window_days=window),
                contributor_id=user.contributor_id,
                renewal__isnull=True,
            )
            .select_related("track")
            .order_by("end", "id")
        )
        waiting = list(
            Renewal.objects.filter(membership__contributor_id=user.contributor_id, decided__isnull=True)
            .select_related("membership__track")
            .order_by("applied", "id")
        )
    return RenewalAgenda(to_decide=to_decide, to_apply=to_apply, waiting=waiting)
