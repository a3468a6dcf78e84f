"""The issuer's keys, and its signatures on credentials and status lists.

The proof is a `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite (`signing.py`); the
private key comes from settings (`keys.py`), every public key ever used stays in the database and in
the issuer Profile, so credentials signed before a key rotation keep verifying.

A credential is signed by the Celery task `credentials.tasks.sign_credential`, queued when the
transaction that issued it commits (`issuing.py`), never in the request: one signature and one JSON-LD
canonicalization per member would make a cohort's announcement slow. Signing one credential locks its
row and leaves a signed one alone, so the task, a retry of it and `distinguished sign-credentials`
may meet without signing twice.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from distinguished.audit import api as audit
from distinguished.membership import api as memberships

from . import documents, keys, multikey, signing
from .keys import IssuerKeyUnavailable
from .models import Credential, IssuerKey, StatusList

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


def signing_key():
    """(private key, its IssuerKey row): the configured key, registered and active. Raises
    IssuerKeyUnavailable."""
    private = keys.configured_private_key()
    multibase = multikey.public_key_multibase(private)
    key = IssuerKey.objects.filter(public_key_multibase=multibase, active=True).first()
    if key is None:
        # A key set in the environment, or replaced by hand: record it so that the Profile lists it.
        key = _activate(multibase, verb="credentials.key_activated")
    return private, key


def key_configured() -> bool:
    """Whether a usable issuer key is configured (a credential then waits only for its task)."""
    try:
        keys.configured_private_key()
    except IssuerKeyUnavailable:
        return False
    return True


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
        return signing_key()[1], False
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


# --- Signing --------------------------------------------------------------------------------------


def status_list_url(status_list_id: int) -> str:
    return documents.url("status-list", status_list_id)


def _sign(credential: Credential, private, key: IssuerKey) -> None:
    document = documents.credential(
        credential=credential,
        membership=credential.membership,
        # The contributor's e-mail, else their account's: the address the member is known by.
        email=memberships.member_address(credential.membership.contributor),
        salt=secrets.token_hex(16),
        status_list_url=status_list_url(credential.status_list_id),
    )
    proof = signing.create_proof(document, private, _verification_method(key), timezone.now())
    # A proof set of one: the OB 3.0 JSON schema wants `proof` as an array.
    document["proof"] = [proof]
    credential.document = document
    credential.key = key
    credential.waiting_for_key = False
    credential.save(update_fields=["document", "key", "waiting_for_key"])


def publish(status_list: StatusList, private, key: IssuerKey) -> None:
    """Sign the status list credential again with the bits of today's revoked credentials."""
    revoked = Credential.objects.filter(status_list=status_list, revoked__isnull=False).values_list(
        "status_index", flat=True
    )
    now = timezone.now()
    document = documents.status_list(
        list_url=status_list_url(status_list.pk),
        purpose=status_list.purpose,
        size=status_list.size,
        set_indexes=list(revoked),
        valid_from=now,
    )
    document["proof"] = signing.create_proof(document, private, _verification_method(key), now)
    status_list.document = document
    status_list.stale = False
    status_list.save(update_fields=["document", "stale"])


def _publish_if_stale(status_list_id: int, private, key: IssuerKey) -> bool:
    with transaction.atomic():
        status_list = StatusList.objects.select_for_update().filter(pk=status_list_id, stale=True).first()
        if status_list is None:
            return False
        publish(status_list, private, key)
    return True


def _sign_one(credential_id: int, private, key: IssuerKey, actor=None) -> bool:
    with transaction.atomic():
        credential = Credential.objects.select_for_update().filter(pk=credential_id).first()
        if credential is None or credential.signed:
            return False
        _sign(credential, private, key)
        audit.record(actor=actor, verb="credential.signed", obj=credential, to_state="signed")
    return True


def _key_or_wait(credential_ids) -> tuple:
    """The issuer's signing key; without one the credentials are marked waiting for it (their
    pages say so instead of "being signed") and IssuerKeyUnavailable is raised."""
    try:
        return signing_key()
    except IssuerKeyUnavailable:
        Credential.objects.filter(pk__in=list(credential_ids), document__isnull=True).update(
            waiting_for_key=True
        )
        raise


def sign_credential(credential_id: int, *, actor=None) -> bool:
    """Sign one credential and publish its status list if that is stale, in one transaction (a
    verifier never reads the credential before its status). False when there was nothing to sign
    (signed already, or gone). Raises IssuerKeyUnavailable: it stays waiting."""
    private, key = _key_or_wait([credential_id])
    with transaction.atomic():
        if not _sign_one(credential_id, private, key, actor):
            return False
        status_list_id = (
            Credential.objects.filter(pk=credential_id).values_list("status_list_id", flat=True).get()
        )
        _publish_if_stale(status_list_id, private, key)
    return True


def sign_pending(*, actor=None, require_key: bool = False) -> dict:
    """Sign the credentials and status lists that wait (for a key, or for a task that was lost).
    Raises IssuerKeyUnavailable when something waits, or `require_key` (the command, which says a
    key is missing), and no key is configured."""
    pending = list(
        Credential.objects.filter(document__isnull=True).order_by("id").values_list("pk", flat=True)
    )
    stale = list(StatusList.objects.filter(stale=True).order_by("id").values_list("pk", flat=True))
    if not pending and not stale and not require_key:
        return {"credentials": 0, "status_lists": 0}  # nothing waits: no key needed (the periodic run)
    private, key = _key_or_wait(pending)
    signed = sum(_sign_one(pk, private, key, actor) for pk in pending)
    published = sum(_publish_if_stale(pk, private, key) for pk in stale)
    return {"credentials": signed, "status_lists": published}
