"""Open Badges 3.0 credentials of memberships: the app's public face.

What the other apps, the pages and the REST API call, from the modules that do it:
- `issuing.py`: issuing (signed by a task on commit, `tasks.py`) and revoking the credentials of memberships;
- `issuer.py`: the issuer's keys and its signatures on credentials and status lists;
- `verification.py`: checking a credential (proof, schema, dates, revocation);
- `submissions.py`: reading what a person sends to be verified (JSON or a baked badge);
- `baking.py` / `badge_png.py`: the track's badge, as SVG and PNG, with the credential baked in;
- `documents.py` / `signing.py`: the JSON-LD documents and their Data Integrity proofs
  (`canonicalization.py`: JSON-LD offline; `multikey.py`: Ed25519 keys as Multikeys);
- `reading.py`: finding a credential and where its signing stands;
- `published.py`: the documents served at their ids (issuer Profile, Achievement, status list);
- `images.py`: the track's badge and the baked badges; `sharing.py`: the links a member shares.
"""

from __future__ import annotations

from .images import badge_svg, baked_png, baked_svg, issuer_image_svg, track_badge_svg
from .issuer import generate_issuer_key, sign_credential, sign_pending
from .issuing import issue, revoke_credentials
from .keys import IssuerKeyUnavailable
from .published import achievement_document, credential_url, issuer_profile, status_list_document
from .reading import get_credential, latest_credential, membership_credential, signing_state
from .sharing import credential_links, linkedin_url, links_of_contributor
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
    "track_badge_svg",
    "verify",
]
