"""Issuing and revoking the credentials of memberships.

A membership gets an `OpenBadgeCredential` when its term is recorded and a new one when lifetime
status is granted (the receivers in `receivers.py` listen to `membership.api.signals`); revoking the
membership sets the credentials' bits in the published BitstringStatusList.

Issuing records the credential unsigned, in the transaction that records the membership, and queues
the Celery task that signs it once that transaction commits (`issuer.py` signs): a cohort's
announcement records every member at once and must not wait for a signature and a JSON-LD
canonicalization per member. Until the task has run the pages say "being signed". If no key is
configured the credential waits, as before, for `distinguished sign-credentials` (or
`generate-issuer-key`). Revoking stays in the request: it signs one status list per membership,
and the list must say "revoked" as soon as the revocation is committed.
"""

from __future__ import annotations

import logging
import secrets
from functools import partial

from django.db import transaction
from django.utils import timezone

from distinguished.audit import api as audit

from . import issuer, tasks
from .keys import IssuerKeyUnavailable
from .models import Credential, StatusList

logger = logging.getLogger(__name__)

# Start a new status list when one is half used, so that indexes stay random and unguessable.
STATUS_LIST_FILL = 0.5


def _allocate_index() -> tuple[StatusList, int]:
    """A random free index of the current revocation list (a new list when it is half used)."""
    status_list = StatusList.objects.select_for_update().filter(purpose="revocation").order_by("-id").first()
    if status_list is not None and status_list.credentials.count() < status_list.size * STATUS_LIST_FILL:
        for _ in range(64):
            index = secrets.randbelow(status_list.size)
            if not Credential.objects.filter(status_list=status_list, status_index=index).exists():
                return status_list, index
    status_list = StatusList.objects.create(purpose="revocation")
    return status_list, secrets.randbelow(status_list.size)


def issue(*, membership, actor=None) -> Credential | None:
    """A new credential of the membership: for its term, or for life when it has lifetime status
    (then it supersedes the earlier ones), signed by a task once the caller's transaction commits.
    None for a revoked membership."""
    if membership.revoked_on:
        return None
    with transaction.atomic():
        status_list, index = _allocate_index()
        credential = Credential.objects.create(
            membership=membership,
            valid_from=membership.start,
            valid_until=None if membership.lifetime else membership.end,
            lifetime=membership.lifetime,
            status_list=status_list,
            status_index=index,
        )
        if membership.lifetime:
            Credential.objects.filter(membership=membership, superseded_by__isnull=True).exclude(
                pk=credential.pk
            ).update(superseded_by=credential)
        waiting = not issuer.key_configured()
        if waiting:
            logger.warning(
                "Credential %s of membership %s waits for the issuer key", credential.uuid, membership.pk
            )
        audit.record(
            actor=actor,
            verb="credential.issued",
            obj=credential,
            to_state="waiting for the issuer key" if waiting else "being signed",
            data={"membership": membership.pk, "lifetime": credential.lifetime},
        )
        transaction.on_commit(partial(tasks.sign_credential.delay, credential.pk))
    return credential


def revoke_credentials(*, membership, actor=None) -> int:
    """Set the status bit of every credential of the membership and publish the lists again, in
    the caller's transaction. Returns how many were revoked."""
    with transaction.atomic():
        credentials = list(
            Credential.objects.select_for_update().filter(membership=membership, revoked__isnull=True)
        )
        if not credentials:
            return 0
        Credential.objects.filter(pk__in=[c.pk for c in credentials]).update(revoked=timezone.now())
        lists = StatusList.objects.filter(pk__in={c.status_list_id for c in credentials})
        lists.update(stale=True)
        for credential in credentials:
            audit.record(
                actor=actor,
                verb="credential.revoked",
                obj=credential,
                from_state="valid",
                to_state="revoked",
                reason=membership.revoke_reason,
            )
        try:
            private, key = issuer.signing_key()
        except IssuerKeyUnavailable as error:
            logger.warning("The status lists are published again once a key is there: %s", error)
        else:
            for status_list in lists:
                issuer.publish(status_list, private, key)
    return len(credentials)
