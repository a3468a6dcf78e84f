"""The JSON-LD documents the issuer publishes, unsigned: an OpenBadgeCredential of a membership, the
issuer Profile, an Achievement per track and the BitstringStatusListCredential.

Every URL in them is absolute, made from SITE_URL and the URL names of `credentials/urls.py`.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.urls import reverse

from . import bitstring
from .canonicalization import CID_V1, MULTIKEY_V1, OB_V3, VC_V2
from .signing import timestamp

CONTEXT = [VC_V2, OB_V3]
# The Profile is also the controller document of the issuer's keys: Multikey v1 defines the key
# type, the Controlled Identifiers context `verificationMethod` and `assertionMethod`, which a
# JSON-LD verifier must read to see that a key may sign credentials.
PROFILE_CONTEXT = [*CONTEXT, MULTIKEY_V1, CID_V1]


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def url(name: str, *args) -> str:
    return absolute(reverse(f"credentials:{name}", args=args))


def issuer_id() -> str:
    """The issuer's id: the public URL that answers with its Profile and keys."""
    return url("issuer")


def issuer_info(program) -> dict:
    """The `program.issuer` block of the program definition (name, url, description)."""
    return dict((program.definition or {}).get("program", {}).get("issuer") or {}) or {
        "name": program.name,
        "url": settings.SITE_URL,
    }


def issuer_profile_ref(program) -> dict:
    """The issuer Profile as credentials embed it."""
    info = issuer_info(program)
    profile = {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": info["name"],
        "url": info.get("url") or settings.SITE_URL,
    }
    if info.get("description"):
        profile["description"] = info["description"]
    profile["image"] = {"id": url("issuer-image"), "type": "Image", "caption": f"{info['name']} logo"}
    return profile


def issuer_profile(program, public_keys: list[str]) -> dict:
    """The issuer Profile served at its id: every key it has ever used as a Multikey verification
    method, each authorized for assertionMethod."""
    profile = {"@context": list(PROFILE_CONTEXT), **issuer_profile_ref(program)}
    issuer = profile["id"]
    methods = [
        {"id": f"{issuer}#{key}", "type": "Multikey", "controller": issuer, "publicKeyMultibase": key}
        for key in public_keys
    ]
    profile["verificationMethod"] = methods
    profile["assertionMethod"] = [method["id"] for method in methods]
    return profile


def achievement(track) -> dict:
    """The Achievement of a track, from the program definition."""
    return {
        "id": url("achievement", track.code),
        "type": ["Achievement"],
        "achievementType": "Membership",
        "name": track.name,
        "description": track.recognizes,
        "criteria": {"id": absolute(reverse("program:program")), "narrative": track.criteria},
        "image": {
            "id": url("achievement-image", track.code),
            "type": "Image",
            "caption": f"{track.name} badge",
        },
    }


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 hashed identity: "sha256$" + hex SHA-256 of the identifier followed by the salt. The
    e-mail address is trimmed and lower-cased first (so that one can check it as one types it)."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def day_end(day: dt.date) -> dt.datetime:
    """The last second of the day: a term's `end` is its last day."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)


def credential(*, credential, membership, email: str, salt: str, status_list_url: str) -> dict:
    """The unsigned OpenBadgeCredential of one membership (`credential` is the Credential row:
    its uuid, status index and the validity it was issued with; `email` the member's address,
    hashed with `salt` into the subject's identifier)."""
    track = membership.track
    program = track.program
    contributor = membership.contributor
    valid_from = day_start(credential.valid_from)
    name = f"{track.name} (lifetime)" if credential.lifetime else track.name
    issuer = issuer_profile_ref(program)
    subject = {
        "id": absolute(reverse("membership:profile", args=[contributor.pk])),
        "type": ["AchievementSubject"],
    }
    if email:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ]
    subject["achievement"] = achievement(track)
    if credential.lifetime:
        description = (
            f"{issuer['name']} recognizes this contributor as a {track.name} for life, "
            "after a sustained contribution milestone."
        )
    else:
        description = (
            f"{issuer['name']} recognizes this contributor as a {track.name} for the term from "
            f"{credential.valid_from.isoformat()} to {credential.valid_until.isoformat()}."
        )
    document = {
        "@context": list(CONTEXT),
        "id": url("credential", credential.uuid),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "description": description,
        "issuer": issuer,
        "validFrom": timestamp(valid_from),
    }
    if credential.valid_until is not None:
        document["validUntil"] = timestamp(day_end(credential.valid_until))
    document["credentialSubject"] = subject
    document["credentialStatus"] = {
        "id": f"{status_list_url}#{credential.status_index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(credential.status_index),
        "statusListCredential": status_list_url,
    }
    return document


def status_list(*, list_url: str, purpose: str, size: int, set_indexes, valid_from: dt.datetime) -> dict:
    """The unsigned BitstringStatusListCredential with the bits of `set_indexes` set."""
    return {
        "@context": [VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": timestamp(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bitstring.encode(set_indexes, size),
        },
    }
