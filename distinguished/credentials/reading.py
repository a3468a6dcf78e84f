"""Finding a credential: the newest of a membership (and why there is none), one by its uuid, and
where its signing stands (signed, being signed, waiting for the issuer key)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from distinguished.core.ids import as_id
from distinguished.membership import api as memberships

from .models import Credential

__all__ = ["get_credential", "latest_credential", "membership_credential", "signing_state"]


def latest_credential(membership_id) -> Credential | None:
    """The newest credential of a membership (the lifetime one after a grant). One query."""
    return Credential.objects.filter(membership_id=membership_id).order_by("-issued", "-id").first()


def membership_credential(membership_id) -> Credential:
    """The newest credential of a membership. Raises ObjectDoesNotExist with a message that says
    whether the membership or its credential is missing."""
    if as_id(membership_id) is None:  # 10**20 would overflow the query
        raise Credential.DoesNotExist(_("No such membership."))
    credential = latest_credential(membership_id)
    if credential is None:
        try:
            memberships.get_membership(membership_id)
        except ObjectDoesNotExist:
            raise Credential.DoesNotExist(_("No such membership.")) from None
        raise Credential.DoesNotExist(
            _("This membership has no credential: it was revoked before one was issued.")
        )
    return credential


def get_credential(uuid) -> Credential:
    """Raises ObjectDoesNotExist (the credential model's DoesNotExist) for an unknown uuid."""
    return Credential.objects.select_related("membership__contributor", "membership__track").get(uuid=uuid)


def signing_state(credential: Credential) -> str:
    """ "signed"; "signing" while its task runs (seconds); "waiting_for_key" once its signing found
    no issuer key where it runs (the worker), until a key is configured there."""
    if credential.signed:
        return "signed"
    return "waiting_for_key" if credential.waiting_for_key else "signing"
