"""Open Badges 3.0 credentials of memberships: issuing, signing, revoking, verifying, publishing.

A membership gets a signed `OpenBadgeCredential` when its term is recorded and a new one when
lifetime status is granted (the receivers in `receivers.py` listen to `membership.api.signals`);
revoking the membership sets the credentials' bits in the published BitstringStatusList. The proof
is a `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite (`signing.py`); the private key
comes from settings (`keys.py`), every public key ever used stays in the database and in the issuer
Profile, so credentials signed before a key rotation keep verifying.

Baked badges (the credential inside the track's SVG or PNG image) are made and read in `baking.py`;
what a person sends to be verified (JSON or a baked badge) is read in `submissions.py`.

Signing takes a few milliseconds, so it happens in the transaction that records the membership. If
no key is configured the credential is recorded unsigned and `distinguished sign-credentials` (or
`generate-issuer-key`) signs it later.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from jsonschema import Draft201909Validator, FormatChecker

from distinguished.audit import api as audit
from distinguished.core.ids import as_id
from distinguished.membership import api as memberships
from distinguished.program import api as program

from . import baking, documents, keys, signing
from .keys import IssuerKeyUnavailable
from .models import Credential, IssuerKey, StatusList
from .submissions import MAX_BADGE_BYTES, MAX_SUBMISSION_BYTES, read_submission, read_upload

__all__ = [
    "MAX_BADGE_BYTES",
    "MAX_SUBMISSION_BYTES",
    "Credential",
    "IssuerKey",
    "IssuerKeyUnavailable",
    "Status",
    "StatusList",
    "Verification",
    "achievement_document",
    "badge_svg",
    "baked_png",
    "baked_svg",
    "credential_links",
    "credential_url",
    "generate_issuer_key",
    "get_credential",
    "issue",
    "issuer_image_svg",
    "issuer_profile",
    "latest_credential",
    "linkedin_url",
    "links_of_contributor",
    "membership_credential",
    "read_submission",
    "read_upload",
    "revoke_credentials",
    "schema_errors",
    "sign_pending",
    "status_list_document",
    "verify",
]

logger = logging.getLogger(__name__)

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
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
    multibase = signing.public_key_multibase(private)
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
    private = signing.generate_private_key()
    keys.write_key_file(path, private)
    key = _activate(
        signing.public_key_multibase(private),
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


# --- Reading --------------------------------------------------------------------------------------


def latest_credential(membership_id) -> Credential | None:
    """The newest credential of a membership (the lifetime one after a grant). One query."""
    return Credential.objects.filter(membership_id=membership_id).order_by("-issued", "-id").first()


def membership_credential(membership_id) -> Credential:
    """The newest credential of a membership. Raises ObjectDoesNotExist with a message that says
    whether the membership or its credential is missing."""
    if as_id(membership_id) is None:  # 10**20 would overflow the query
        raise Credential.DoesNotExist("No such membership.")
    credential = latest_credential(membership_id)
    if credential is None:
        try:
            memberships.get_membership(membership_id)
        except ObjectDoesNotExist:
            raise Credential.DoesNotExist("No such membership.") from None
        raise Credential.DoesNotExist(
            "This membership has no credential: it was revoked before one was issued."
        )
    return credential


def get_credential(uuid) -> Credential:
    """Raises Credential.DoesNotExist."""
    return Credential.objects.select_related("membership__contributor", "membership__track").get(uuid=uuid)


def credential_url(credential: Credential) -> str:
    return documents.url("credential", credential.uuid)


def issuer_profile() -> dict:
    """The issuer Profile with every key ever used, as served at the issuer id."""
    current = program.program_settings()
    public_keys = list(
        IssuerKey.objects.order_by("created", "id").values_list("public_key_multibase", flat=True)
    )
    return documents.issuer_profile(current, public_keys)


def achievement_document(track_code: str) -> dict:
    """The Achievement of a track with its @context. Raises DoesNotExist for an unknown track."""
    return {"@context": list(documents.CONTEXT), **documents.achievement(program.get_track(track_code))}


def status_list_document(status_list_id: int) -> dict | None:
    """The signed BitstringStatusListCredential; None while it waits for a key. Raises DoesNotExist."""
    return StatusList.objects.only("document").get(pk=status_list_id).document


# --- Verifying ------------------------------------------------------------------------------------


class Status:
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    TAMPERED = "tampered"
    INVALID = "invalid"
    NOT_YET_VALID = "not_yet_valid"


# The worst problem names the answer.
SEVERITY = [Status.TAMPERED, Status.INVALID, Status.REVOKED, Status.EXPIRED, Status.NOT_YET_VALID]
STATUS_WORDS = {
    Status.VALID: "Valid: the program issued this credential, it is unchanged, current and not revoked.",
    Status.EXPIRED: "Expired: the program issued this credential and it is unchanged, but its term has ended.",
    Status.REVOKED: "Revoked: the program issued this credential but has revoked it.",
    Status.TAMPERED: "Tampered: this credential was changed after it was signed, or not signed by the program.",
    Status.INVALID: "Not valid: this is not a credential the program can vouch for.",
    Status.NOT_YET_VALID: (
        "Not valid yet: the program issued this credential and it is unchanged, but its term has not "
        "started (a renewal granted before the current term ends)."
    ),
}


@dataclass
class Verification:
    status: str
    errors: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.status == Status.VALID

    @property
    def words(self) -> str:
        return STATUS_WORDS[self.status]

    def as_dict(self) -> dict:
        return {
            "valid": self.valid,
            "status": self.status,
            "summary": self.words,
            "errors": self.errors,
            "credential": self.summary,
        }


def _date_time_format(value) -> bool:
    return not isinstance(value, str) or signing.parse_timestamp(value) is not None


@functools.cache
def _validator(name: str) -> Draft201909Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    checker = FormatChecker()
    # jsonschema checks date-time only with an optional package; the credential's own rule instead.
    checker.checks("date-time")(_date_time_format)
    return Draft201909Validator(schema, format_checker=checker)


def schema_errors(document, schema: str = "achievementcredential") -> list[str]:
    """What the OB 3.0 JSON schema ("achievementcredential" or "profile") finds wrong, in words."""
    errors = sorted(_validator(schema).iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    messages = []
    for error in errors[:10]:
        where = ".".join(str(part) for part in error.absolute_path) or "the credential"
        message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
        messages.append(f"{where}: {message}")
    return messages


def _text(value, limit: int = 300) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _issuer_of(document: dict) -> tuple[str, str]:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        return _text(issuer.get("id")), _text(issuer.get("name"))
    return _text(issuer), ""


def _summary(document: dict) -> dict:
    """What the credential claims, for the answer (every value a short string)."""
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    issuer_id, issuer_name = _issuer_of(document)
    return {
        "id": _text(document.get("id")),
        "name": _text(document.get("name")),
        "issuer": issuer_name or issuer_id,
        "achievement": _text(achievement.get("name")),
        "subject": _text(subject.get("id")),
        "valid_from": _text(document.get("validFrom")),
        "valid_until": _text(document.get("validUntil")),
    }


def _resolve_key(method: str):
    """The public key a verificationMethod names, if it is one of ours."""
    prefix = documents.issuer_id() + "#"
    if not method.startswith(prefix):
        return None
    multibase = method[len(prefix) :]
    if not IssuerKey.objects.filter(public_key_multibase=multibase).exists():
        return None
    try:
        return signing.public_key_from_multibase(multibase)
    except ValueError:
        return None


def _our_status_list(list_url) -> int | None:
    """The id of our status list at that URL, or None."""
    site = settings.SITE_URL.rstrip("/")
    if not isinstance(list_url, str) or not list_url.startswith(site + "/"):
        return None
    try:
        match = resolve(list_url[len(site) :])
    except Resolver404:
        return None
    if match.view_name != "credentials:status-list":
        return None
    return match.kwargs["status_list_id"]


def _status_problems(document: dict) -> list[tuple[str, str]]:
    entries = document.get("credentialStatus")
    if entries is None:
        return []
    entries = entries if isinstance(entries, list) else [entries]
    problems = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            problems.append((Status.INVALID, "Its credentialStatus is not a BitstringStatusListEntry."))
            continue
        list_id = _our_status_list(entry.get("statusListCredential"))
        index = entry.get("statusListIndex")
        if list_id is None:
            problems.append(
                (
                    Status.INVALID,
                    "Its status list is not one this program publishes, so its revocation cannot be checked.",
                )
            )
            continue
        if not (isinstance(index, str) and re.fullmatch(r"[0-9]{1,10}", index)):
            problems.append((Status.INVALID, "Its statusListIndex is not a number written as a string."))
            continue
        status_list = StatusList.objects.filter(pk=list_id).only("size").first()
        if status_list is None or int(index) >= status_list.size:
            problems.append(
                (Status.INVALID, "Its status list entry points outside any list this program publishes.")
            )
            continue
        revoked = (
            Credential.objects.filter(status_list_id=list_id, status_index=int(index), revoked__isnull=False)
            .values_list("revoked", flat=True)
            .first()
        )
        if revoked is not None and entry.get("statusPurpose") in ("revocation", "suspension"):
            day = program.human(timezone.localdate(revoked))
            problems.append((Status.REVOKED, f"The program revoked this credential on {day}."))
    return problems


def verify(document, *, now=None) -> Verification:
    """Check a credential: that this program issued and signed it and it is unchanged (proof), its
    shape (the OB 3.0 JSON schema), its dates and its revocation bit. Never raises for a bad one."""
    if not isinstance(document, dict):
        return Verification(Status.INVALID, ["A credential is a JSON object."])
    now = now or timezone.now()
    problems: list[tuple[str, str]] = []
    summary = _summary(document)
    types = document.get("type")
    types = {t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
    if "VerifiableCredential" not in types or not types & {"OpenBadgeCredential", "AchievementCredential"}:
        problems.append(
            (
                Status.INVALID,
                "This is not an Open Badges 3.0 credential: its type is not OpenBadgeCredential.",
            )
        )
    issuer_id, _ = _issuer_of(document)
    ours = documents.issuer_id()
    if issuer_id != ours:
        name = documents.issuer_info(program.program_settings())["name"]
        problems.append(
            (
                Status.INVALID,
                f"This service verifies the credentials of the {name} (issuer {ours}); "
                f"this one names {issuer_id or 'no issuer'} as its issuer.",
            )
        )
        return _answer(problems, summary)
    check = signing.verify_proofs(document, _resolve_key)
    problems += [(Status.TAMPERED, error) for error in check.errors]
    problems += [(Status.INVALID, f"Not an Open Badges 3.0 credential: {e}") for e in schema_errors(document)]
    valid_from = signing.parse_timestamp(document.get("validFrom"))
    if valid_from is None:
        problems.append((Status.INVALID, "Its validFrom is not a date and time."))
    elif now < valid_from:
        problems.append(
            (
                Status.NOT_YET_VALID,
                f"It is not valid before {program.human(valid_from.date())}, when its term starts.",
            )
        )
    if "validUntil" in document:
        valid_until = signing.parse_timestamp(document.get("validUntil"))
        if valid_until is None:
            problems.append((Status.INVALID, "Its validUntil is not a date and time."))
        elif now > valid_until:
            day = program.human(valid_until.date())
            problems.append((Status.EXPIRED, f"It expired on {day}: the term it recognizes has ended."))
    problems += _status_problems(document)
    return _answer(problems, summary)


def _answer(problems: list[tuple[str, str]], summary: dict) -> Verification:
    status = next((kind for kind in SEVERITY if any(k == kind for k, _ in problems)), Status.VALID)
    ordered = [message for kind in SEVERITY for k, message in problems if k == kind]
    return Verification(status, ordered, summary)


# --- Images, downloads, links ---------------------------------------------------------------------


def badge_svg(track) -> str:
    """The SVG badge of a track (the Achievement's image)."""
    return baking.badge_svg(track.name, track.code)


def _credential_json(credential: Credential) -> str:
    return json.dumps(credential.document, indent=2)


def baked_svg(credential: Credential) -> str:
    """The track's SVG badge with the signed credential baked in ("Baking" of Open Badges 3.0)."""
    track = credential.membership.track
    return baking.badge_svg(track.name, track.code, credential_json=_credential_json(credential))


def baked_png(credential: Credential) -> bytes:
    """The track's PNG badge with the signed credential baked in."""
    track = credential.membership.track
    return baking.baked_png(track.name, track.code, _credential_json(credential))


def issuer_image_svg() -> str:
    name = documents.issuer_info(program.program_settings())["name"]
    return render_to_string("credentials/issuer.svg", {"name": name})


def linkedin_url(credential: Credential) -> str:
    """LinkedIn's "add a license or certification" link, filled in."""
    document = credential.document or {}
    issuer = document.get("issuer") or {}
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": document.get("name", ""),
        "organizationName": issuer.get("name", ""),
        "issueYear": credential.valid_from.year,
        "issueMonth": credential.valid_from.month,
    }
    if credential.valid_until is not None:
        params["expirationYear"] = credential.valid_until.year
        params["expirationMonth"] = credential.valid_until.month
    params["certUrl"] = credential_url(credential)
    params["certId"] = str(credential.uuid)
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


def credential_links(credential: Credential) -> dict:
    """Where to see, download and share a signed credential."""
    return {
        "credential": credential,
        "page": reverse("credentials:credential", args=[credential.uuid]),
        "json": reverse("credentials:download", args=[credential.uuid]),
        "svg": reverse("credentials:badge", args=[credential.uuid]) + "?download",
        "png": reverse("credentials:badge-png", args=[credential.uuid]) + "?download",
        "linkedin": linkedin_url(credential),
        "verify": reverse("credentials:verify"),
        "revoked": credential.revoked is not None,
    }


def links_of_contributor(contributor_id) -> dict:
    """Where a member gets each credential (the page, the JSON, the baked SVG and PNG, the LinkedIn link),
    for every membership of a contributor with a signed one, by membership id: one query."""
    newest: dict[int, Credential] = {}
    signed = Credential.objects.filter(
        membership__contributor_id=contributor_id, document__isnull=False
    ).order_by("membership_id", "-issued", "-id")
    for credential in signed:
        newest.setdefault(credential.membership_id, credential)
    return {membership_id: credential_links(credential) for membership_id, credential in newest.items()}
