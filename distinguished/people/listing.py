"""Whether a contributor is listed in the public directory: the member's own setting (their profile),
which a nominee's answer to "If selected, list me in the public directory" sets when the cohort is
announced. Whichever the person said last wins: a change on the profile after the answer stands."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from distinguished.audit import api as audit

from .models import Contributor
from .rules import is_program_admin

__all__ = ["apply_listing_answer", "listing_changed_since"]


def listing_changed_since(contributor: Contributor, when) -> bool:
    """Whether the contributor's listing was changed on their profile (or by an admin) after `when`."""
    return (
        audit.events_for(contributor)
        .filter(verb="contributor.updated", created__gt=when, data__changed__has_key="listed_publicly")
        .exists()
    )


def apply_listing_answer(*, actor, contributor: Contributor, listed: bool, answered, reason: str) -> bool:
    """Make the nominee's answer (given at `answered`) the contributor's listing, unless the listing
    was changed since; audited as `contributor.listing_answered` when it changes anything. Program
    admins only (the announcement). Whether the listing changed."""
    if not is_program_admin(actor):
        raise PermissionDenied(_("Only program admins announce a cohort."))
    with transaction.atomic():
        locked = Contributor.objects.select_for_update().get(pk=contributor.pk)
        if answered is not None and listing_changed_since(locked, answered):
            return False
        if locked.listed_publicly == listed:
            return False
        before = locked.listed_publicly
        # A save, not an update: what copies the listing (the directory's) hears of it.
        locked.listed_publicly = listed
        locked.save(update_fields=["listed_publicly"])
        contributor.listed_publicly = listed
        audit.record(
            actor=actor,
            verb="contributor.listing_answered",
            obj=contributor,
            from_state="listed" if before else "not listed",
            to_state="listed" if listed else "not listed",
            reason=reason,
        )
    return True
