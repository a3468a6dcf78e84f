"""Open Badges 3.0 credentials of memberships: the app's public face.

What the other apps, the pages and the REST API call, from the modules that do it:
- `issuing.py`: issuing (signed by a task on commit, `tasks.py`) and revoking the credentials of memberships;
- `issuer.py`: the issuer's keys and its signatures on credentials and status lists;
- `verification.py`: checking a credential (proof, schema, dates, revocation);
- `submissions.py`: reading what a person sends to be verified (JSON or a baked badge);
- `baking.py` / `badge_png.py`: the track's badge, as SVG and PNG, with the credential baked in;
- `documents.py` / `signing.py`: the JSON-LD documents and their Data Integrity proofs
  (`canonicalization.py`: JSON-LD offline; `multikey.py`: Ed25519 keys as Multikeys).
Reading the published documents, and the links a member shares, are here.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from distinguished.core.ids import as_id
from distinguished.membership import api as memberships
from distinguished.program import api as program

from . import baking, documents
from .issuer import generate_issuer_key, sign_credential, sign_pending
from .issuing import issue, revoke_credentials
from .keys import IssuerKeyUnavailable
from .models import Credential as _Credential  # the rows, reached only through these functions
from .models import IssuerKey as _IssuerKey
from .models import StatusList as _StatusList
from .submissions import MAX_BADGE_BYTES, MAX_SUBMISSION_BYTES, read_submission, read_upload
from .verification import SCHEMA_DIR, Status, Verification, schema_errors, verify

__all__ = [
    "MAX_BADGE_BYTES",
    "MAX_SUBMISSION_BYTES",
    "SCHEMA_DIR",
    "IssuerKeyUnavailable",
    "Status",
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
    "sign_credential",
    "sign_pending",
    "signing_state",
    "status_list_document",
    "verify",
]


# --- Reading --------------------------------------------------------------------------------------


def latest_credential(membership_id) -> _Credential | None:
    """The newest credential of a membership (the lifetime one after a grant). One query."""
    return _Credential.objects.filter(membership_id=membership_id).order_by("-issued", "-id").first()


def membership_credential(membership_id) -> _Credential:
    """The newest credential of a membership. Raises ObjectDoesNotExist with a message that says
    whether the membership or its credential is missing."""
    if as_id(membership_id) is None:  # 10**20 would overflow the query
        raise _Credential.DoesNotExist(_("No such membership."))
    credential = latest_credential(membership_id)
    if credential is None:
        try:
            memberships.get_membership(membership_id)
        except ObjectDoesNotExist:
            raise _Credential.DoesNotExist(_("No such membership.")) from None
        raise _Credential.DoesNotExist(
            _("This membership has no credential: it was revoked before one was issued.")
        )
    return credential


def get_credential(uuid) -> _Credential:
    """Raises ObjectDoesNotExist (the credential model's DoesNotExist) for an unknown uuid."""
    return _Credential.objects.select_related("membership__contributor", "membership__track").get(uuid=uuid)


def signing_state(credential: _Credential) -> str:
    """ "signed"; "signing" while its task runs (seconds); "waiting_for_key" once its signing found
    no issuer key where it runs (the worker), until a key is configured there."""
    if credential.signed:
        return "signed"
    return "waiting_for_key" if credential.waiting_for_key else "signing"


def credential_url(credential: _Credential) -> str:
    return documents.url("credential", credential.uuid)


def issuer_profile() -> dict:
    """The issuer Profile with every key ever used, as served at the issuer id."""
    current = program.program_settings()
    public_keys = list(
        _IssuerKey.objects.order_by("created", "id").values_list("public_key_multibase", flat=True)
    )
    return documents.issuer_profile(current, public_keys)


def achievement_document(track_code: str) -> dict:
    """The Achievement of a track with its @context. Raises DoesNotExist for an unknown track."""
    return {"@context": list(documents.CONTEXT), **documents.achievement(program.get_track(track_code))}


def status_list_document(status_list_id: int) -> dict | None:
    """The signed BitstringStatusListCredential; None while it waits for a key. Raises DoesNotExist."""
    return _StatusList.objects.only("document").get(pk=status_list_id).document


# --- Images, downloads, links ---------------------------------------------------------------------


def badge_svg(track) -> str:
    """The SVG badge of a track (the Achievement's image)."""
    return baking.badge_svg(track.name, track.code)


def _credential_json(credential: _Credential) -> str:
    return json.dumps(credential.document, indent=2)


def baked_svg(credential: _Credential) -> str:
    """The track's SVG badge with the signed credential baked in ("Baking" of Open Badges 3.0)."""
    track = credential.membership.track
    return baking.badge_svg(track.name, track.code, credential_json=_credential_json(credential))


def baked_png(credential: _Credential) -> bytes:
    """The track's PNG badge with the signed credential baked in."""
    track = credential.membership.track
    return baking.baked_png(track.name, track.code, _credential_json(credential))


def issuer_image_svg() -> str:
    name = documents.issuer_info(program.program_settings())["name"]
    return render_to_string("credentials/issuer.svg", {"name": name})


def linkedin_url(credential: _Credential) -> str:
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


def credential_links(credential: _Credential) -> dict:
    """Where to see, download and share a credential (the downloads once it is signed)."""
    return {
        "credential": credential,
        "signed": credential.signed,
        "state": signing_state(credential),
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
    for every membership of a contributor with one, by membership id: one query. The links are
    those of the newest signed credential; a newer one still being signed (or waiting for the key)
    is `pending`, with only its page ready — until then the signed one stays downloadable."""
    newest: dict[int, _Credential] = {}
    newest_signed: dict[int, _Credential] = {}
    credentials = _Credential.objects.filter(membership__contributor_id=contributor_id).order_by(
        "membership_id", "-issued", "-id"
    )
    for credential in credentials:
        newest.setdefault(credential.membership_id, credential)
        if credential.signed:
            newest_signed.setdefault(credential.membership_id, credential)
    found = {}
    for membership_id, credential in newest.items():
        shown = newest_signed.get(membership_id, credential)
        found[membership_id] = credential_links(shown) | {
            "pending": credential_links(credential) if credential is not shown else None
        }
    return found
