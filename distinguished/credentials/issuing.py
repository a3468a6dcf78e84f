"""Issuing, signing and revoking the credentials of memberships, and the issuer's keys.

A membership gets a signed `OpenBadgeCredential` when its term is recorded and a new one when
lifetime status is granted (the receivers in `receivers.py` listen to `membership.api.signals`);
revoking the membership sets the credentials' bits in the published BitstringStatusList. The proof
is a `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite (`signing.py`); the private key
comes from settings (`keys.py`), every public key ever used stays in the database and in the issuer
Profile, so credentials signed before a key rotation keep verifying.

Signing takes a few milliseconds, so it happens in the transaction that records the membership. If
no key is configured the credential is recorded unsigned and `distinguished sign-credentials` (or
`generate-issuer-key`) signs it later.
"""

from __future__ import annotations

import logging
import secrets

from django.db import transaction
from django.utils import timezone

from distinguished.audit import api as audit
from distinguished.membership import api as memberships

from . import documents, keys, multikey, signing
from .keys import IssuerKeyUnavailable
from .models import Credential, IssuerKey, StatusList

logger = logging.getLogger(__name__)

# Start a new status list when one is half used, so that indexes stay random and unguessable.
STATUS_LIST_FILL = 0.5


# --- Keys -----------------------------------------------------------------------------------------


def _activate(multibase: str, *, verb: str, actor=None) -> IssuerKey:
    """Make this public key the one new credentials are signed with; retire the others."""
    with transaction.atomic():
        now = timezone.now()
        IssuerKey.objects.filter(active=True).exclude(public_key_multibase=multibase).update(
            active=False, retired=now
        )
        key, created = IssuerKey.objects.get_or_create(
            public_key_multibase=multibase, defaults={"active": True}
        )
        if not created:
            key.active = True
            key.retired = None
            key.save(update_fields=["active", "retired"])
        audit.record(actor=actor, verb=verb, obj=key, to_state="active")
    return key


def _signing_key():
    """(private key, its IssuerKey row): the configured key, registered and active."""
    private = keys.configured_private_key()
    multibase = multikey.public_key_multibase(private)
    key = IssuerKey.objects.filter(public_key_multibase=multibase, active=True).first()
    if key is None:
        # A key set in the environment, or replaced by hand: record it so that the Profile lists it.
        key = _activate(multibase, verb="credentials.key_activated")
    return private, key


def generate_issuer_key(*, rotate: bool = False, actor=None) -> tuple[IssuerKey, bool]:
    """Create the key file (mode 0600) with a new Ed25519 key and make it the signing key. An
    existing file is kept (so that `make run` may call this every time) unless `rotate`: then it
    is replaced, and the old public key stays in the Profile, so credentials signed with it keep
    verifying. Returns (the active key, whether a new one was made)."""
    if keys.key_from_environment():
        raise IssuerKeyUnavailable(
            "CREDENTIALS_ISSUER_KEY is set: it takes precedence over the key file. Change the key in the "
            "environment instead (the new one is recorded when it first signs), or unset it."
        )
    path = keys.key_file()
    if path is None:
        raise IssuerKeyUnavailable("CREDENTIALS_ISSUER_KEY_FILE is empty: set the path of the key file.")
    existed = path.exists()
    if existed and not rotate:
        return _signing_key()[1], False
    private = multikey.generate_private_key()
    keys.write_key_file(path, private)
    key = _activate(
        multikey.public_key_multibase(private),
        verb="credentials.key_rotated" if existed else "credentials.key_generated",
        actor=actor,
    )
    return key, True


def _verification_method(key: IssuerKey) -> str:
    return f"{documents.issuer_id()}#{key.public_key_multibase}"


# --- Issuing, signing, revoking -------------------------------------------------------------------


def _status_list_url(status_list_id: int) -> str:
    return documents.url("status-list", status_list_id)


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
    (then it supersedes the earlier ones). None for a revoked membership."""
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
        signed = False
        try:
            private, key = _signing_key()
        except IssuerKeyUnavailable as error:
            logger.warning(
                "Credential %s of membership %s waits for a key: %s", credential.uuid, membership.pk, error
            )
        else:
            _sign(credential, private, key)
            if status_list.stale:
                _publish(status_list, private, key)
            signed = True
        audit.record(
            actor=actor,
            verb="credential.issued",
            obj=credential,
            to_state="signed" if signed else "waiting for the issuer key",
            data={"membership": membership.pk, "lifetime": credential.lifetime},
        )
    return credential


def _sign(credential: Credential, private, key: IssuerKey) -> None:
    document = documents.credential(
        credential=credential,
        membership=credential.membership,
        # The contributor's e-mail, else their account's: the address the member is known by.
        email=memberships.member_address(credential.membership.contributor),
        salt=secrets.token_hex(16),
        status_list_url=_status_list_url(credential.status_list_id),
    )
    proof = signing.create_proof(document, private, _verification_method(key), timezone.now())
    # A proof set of one: the OB 3.0 JSON schema wants `proof` as an array.
    document["proof"] = [proof]
    credential.document = document
    credential.key = key
    credential.save(update_fields=["document", "key"])


def _publish(status_list: StatusList, private, key: IssuerKey) -> None:
    """Sign the status list credential again with the bits of today's revoked credentials."""
    revoked = Credential.objects.filter(status_list=status_list, revoked__isnull=False).values_list(
        "status_index", flat=True
    )
    now = timezone.now()
    document = documents.status_list(
        list_url=_status_list_url(status_list.pk),
        purpose=status_list.purpose,
        size=status_list.size,
        set_indexes=list(revoked),
        valid_from=now,
    )
    document["proof"] = signing.create_proof(document, private, _verification_method(key), now)
    status_list.document = document
    status_list.stale = False
    status_list.save(update_fields=["document", "stale"])


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
            private, key = _signing_key()
        except IssuerKeyUnavailable as error:
            logger.warning("The status lists are published again once a key is there: %s", error)
        else:
            for status_list in lists:
                _publish(status_list, private, key)
    return len(credentials)


def sign_pending(*, actor=None) -> dict:
    """Sign the credentials and status lists that waited for a key. Raises IssuerKeyUnavailable."""
    private, key = _signing_key()
    signed = 0
    pending = Credential.objects.filter(document__isnull=True).select_related(
        "membership__contributor", "membership__track__program"
    )
    for credential in pending:
        with transaction.atomic():
            _sign(credential, private, key)
            audit.record(actor=actor, verb="credential.signed", obj=credential, to_state="signed")
        signed += 1
    published = 0
    for status_list in StatusList.objects.filter(stale=True):
        with transaction.atomic():
            _publish(status_list, private, key)
        published += 1
    return {"credentials": signed, "status_lists": published}
