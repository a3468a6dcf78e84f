"""Where a member sees, downloads and shares a credential: its page, the JSON, the baked SVG and
PNG (once it is signed), LinkedIn's "add a certification" link, and these for every credential of
a contributor."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from .models import Credential
from .published import credential_url
from .reading import signing_state

__all__ = ["credential_links", "linkedin_url", "links_of_contributor"]


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
    newest: dict[int, Credential] = {}
    newest_signed: dict[int, Credential] = {}
    credentials = Credential.objects.filter(membership__contributor_id=contributor_id).order_by(
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
