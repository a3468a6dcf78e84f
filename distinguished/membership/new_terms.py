"""A term saved by hand is stamped like a recorded one.

`create_term` stamps the terms it records. A term saved another way (the Django admin, a script, a
test's factory) gets the same here, from `pre_save` and `post_save` of `Membership`: a new term
copies its contributor's listing; one nobody stamped (no first day yet) gets its stored status,
cohort and first day, and the term it renews becomes renewed. A fixture load (`raw`) is left alone,
as Django leaves it. Connected in `MembershipConfig.ready`, so the model itself imports nothing of
the app above it."""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from . import standing
from .listing import copy_listing
from .models import Membership
from .terms import membership_rules

# Set by term_saving on a term it stamped, read once by term_saved: the id of the term it renews.
_RENEWS = "_stamped_renewing"


def term_saving(sender, instance, raw=False, **kwargs) -> None:
    if raw or not instance._state.adding:
        return
    copy_listing(instance)
    if instance.since is not None:
        return  # stamped by create_term
    previous = instance.previous if instance.previous_id else None
    window = membership_rules().renewal_window_days
    standing.stamp(instance, previous=previous, today=timezone.localdate(), window_days=window)
    setattr(instance, _RENEWS, instance.previous_id)


def term_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    previous_id = instance.__dict__.pop(_RENEWS, None)
    if created and not raw and previous_id is not None:
        standing.mark_renewed(Membership, previous_id)


def connect() -> None:
    pre_save.connect(term_saving, sender=Membership, dispatch_uid="membership.new_term_stamped")
    post_save.connect(term_saved, sender=Membership, dispatch_uid="membership.new_term_renews")
