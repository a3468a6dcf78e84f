"""The documents published at their ids, as a verifier fetches them: a credential's address, the
issuer Profile with every key ever used, a track's Achievement, and a signed status list."""

from __future__ import annotations

from distinguished.program import api as program

from . import documents
from .models import Credential, IssuerKey, StatusList

__all__ = ["achievement_document", "credential_url", "issuer_profile", "status_list_document"]


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
