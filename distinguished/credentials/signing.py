"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C "Data Integrity EdDSA Cryptosuites
v1.0"): adding a proof to a credential and checking the proofs of one. No database here: pure
functions over JSON documents.

Built from kept libraries only: PyLD canonicalizes (URDNA2015, i.e. RDFC-1.0; `canonicalization.py`,
offline, from the contexts in `contexts/`), `cryptography` signs and verifies Ed25519 (the keys and
their Multikey encoding are in `multikey.py`), `base58` encodes multibase base58btc. The names of
those two modules that callers use are importable from here too, so that one import reaches the
whole cryptosuite.

Signing (the cryptosuite's "Add Proof"):
1. proof options = {type, cryptosuite, created, verificationMethod, proofPurpose} + the document's
   `@context`;
2. canonicalize the options and the document without its proof (RDFC-1.0, N-Quads);
3. hashData = sha256(canonical options) || sha256(canonical document);
4. proofValue = "z" + base58btc(Ed25519 signature of hashData).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _
from pyld import jsonld

from .canonicalization import (
    CID_V1,
    MULTIKEY_V1,
    OB_V3,
    VC_V2,
    ContextNotShipped,
    TooComplex,
    Unsafe,
    canonicalize,
    expand,
)
from .multikey import (
    generate_private_key,
    private_key_from_text,
    private_key_pem,
    public_key_from_multibase,
    public_key_multibase,
)

__all__ = [
    "CID_V1",
    "CRYPTOSUITE",
    "MULTIKEY_V1",
    "OB_V3",
    "PROOF_PURPOSE",
    "PROOF_TYPE",
    "VC_V2",
    "ProofCheck",
    "TooComplex",
    "Unsafe",
    "canonicalize",
    "create_proof",
    "expand",
    "generate_private_key",
    "hash_data",
    "parse_timestamp",
    "private_key_from_text",
    "private_key_pem",
    "public_key_from_multibase",
    "public_key_multibase",
    "timestamp",
    "unsecured",
    "verify_proofs",
]

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def timestamp(moment: dt.datetime) -> str:
    """An XML Schema dateTime in UTC with a Z and whole seconds, as credentials carry them."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(value) -> dt.datetime | None:
    """A credential's dateTime as an aware datetime; None when it is not one."""
    if not isinstance(value, str) or not DATETIME_RE.match(value):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        # In UTC, so that comparing and showing it never overflows (0001-01-01T00:00:00+01:00 would).
        return moment.astimezone(dt.UTC) if moment.tzinfo else None
    except (ValueError, OverflowError):
        return None


def unsecured(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "proof"}


def hash_data(document: dict, proof_options: dict) -> tuple[bytes, str, str]:
    """(hashData, canonical proof options, canonical document) of the cryptosuite: the proof
    options must carry the document's `@context`."""
    canonical_proof = canonicalize(proof_options)
    canonical_document = canonicalize(unsecured(document))
    data = hashlib.sha256(canonical_proof.encode("utf-8")).digest()
    data += hashlib.sha256(canonical_document.encode("utf-8")).digest()
    return data, canonical_proof, canonical_document


def create_proof(
    document: dict, private_key: Ed25519PrivateKey, verification_method: str, created: dt.datetime
) -> dict:
    """The DataIntegrityProof (with its proofValue) of the document, which is left unchanged."""
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    data, _, _ = hash_data(document, {**proof, "@context": document["@context"]})
    signature = private_key.sign(data)
    return {**proof, "proofValue": "z" + base58.b58encode(signature).decode("ascii")}


@dataclass
class ProofCheck:
    """What checking the proofs of a document found: `errors` empty means every proof holds."""

    errors: list[str]
    verification_methods: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors


def verify_proofs(document: dict, resolve_key: Callable[[str], Ed25519PublicKey | None]) -> ProofCheck:
    """Check every proof of a secured document (one proof, or a proof set as an array).

    `resolve_key(verificationMethod)` returns the public key the method names, or None when it is
    not a key the caller trusts. Never raises for a bad document: every problem is a sentence in
    `errors`."""
    proofs = document.get("proof")
    if proofs is None:
        return ProofCheck([_("The credential carries no proof: it is not signed.")], [])
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs or not all(isinstance(p, dict) for p in proofs):
        return ProofCheck([_("The proof of the credential is not a proof object.")], [])
    errors: list[str] = []
    methods: list[str] = []
    for proof in proofs:
        method = proof.get("verificationMethod")
        if isinstance(method, str):
            methods.append(method)
        errors.extend(_verify_one(document, proof, resolve_key))
    return ProofCheck(errors, methods)


def _verify_one(document: dict, proof: dict, resolve_key) -> list[str]:
    problem = _kind_problem(proof)
    if problem:
        return [problem]
    signature = _signature_of(proof)
    if signature is None:
        return [_("The proof value is not an Ed25519 signature in multibase base58btc.")]
    method = proof.get("verificationMethod")
    key = resolve_key(method) if isinstance(method, str) else None
    if key is None:
        return [
            _(
                "The credential was signed with a key this issuer has never used (%(method)s): "
                "it was not signed by us, or it was altered."
            )
            % {"method": method}
        ]
    data, problem = _signed_data(document, proof)
    if problem:
        return [problem]
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return [
            _("The signature does not match the content: the credential was changed after it was signed.")
        ]
    return []


def _kind_problem(proof: dict) -> str:
    """Why the proof is not one this service checks (its type, suite, purpose or creation time), or ""."""
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return _(
            "The proof is of a kind this service does not check (type %(type)r, "
            "cryptosuite %(cryptosuite)r); it checks %(expected_type)s with %(expected_cryptosuite)s."
        ) % {
            "type": proof.get("type"),
            "cryptosuite": proof.get("cryptosuite"),
            "expected_type": PROOF_TYPE,
            "expected_cryptosuite": CRYPTOSUITE,
        }
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return _("The proof's purpose is %(purpose)r, not %(expected)r.") % {
            "purpose": proof.get("proofPurpose"),
            "expected": PROOF_PURPOSE,
        }
    if parse_timestamp(proof.get("created")) is None:
        return _("The proof has no valid creation time.")
    return ""


def _signature_of(proof: dict) -> bytes | None:
    """The 64-byte Ed25519 signature in the proof's multibase base58btc value, or None."""
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        return None
    try:
        signature = base58.b58decode(value[1:])
    except ValueError:
        return None
    return signature if len(signature) == 64 else None


def _context_begins_with(context, proof_context) -> bool:
    """Whether the credential's @context begins with the proof's (each a list or a single one)."""
    expected = proof_context if isinstance(proof_context, list) else [proof_context]
    actual = context if isinstance(context, list) else [context]
    return actual[: len(expected)] == expected


def _signed_data(document: dict, proof: dict) -> tuple[bytes | None, str]:
    """(the bytes the proof signs, "") — the hashes of the proof's options and of the credential —
    or (None, why they cannot be computed)."""
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    context = document.get("@context")
    if "@context" in options and not _context_begins_with(context, options["@context"]):
        return None, _("The proof's @context does not match the credential's.")
    options["@context"] = context
    try:
        return hash_data(document, options)[0], ""
    except TooComplex:
        return None, _("The credential is too complex to check (too many anonymous nodes that look alike).")
    except Unsafe as error:
        shown = ", ".join(error.terms[:5])[:200]
        return None, _(
            "The credential has terms or relative identifiers its JSON-LD contexts do not define "
            "(%(terms)s): the signature cannot cover them, so they were added or changed after signing."
        ) % {"terms": shown}
    except jsonld.JsonLdError as error:
        return None, _("The credential is not valid JSON-LD: %(reason)s") % {"reason": _jsonld_reason(error)}
    except ValueError as error:
        # PyLD's IRI resolver raises a bare ValueError for a context given as a relative IRI.
        return None, _("The credential is not valid JSON-LD: %(reason)s") % {"reason": str(error)[:200]}
    except RecursionError:
        return None, _("The credential is nested too deeply to check.")


def _jsonld_reason(error: jsonld.JsonLdError) -> str:
    """The innermost message of a PyLD error chain, in one line."""
    messages, unknown = [], []
    current: BaseException | None = error
    while current is not None:
        if (isinstance(current, jsonld.JsonLdError) and current.args) or current.args:
            messages.append(str(current.args[0]))
            # The loader's own refusal, found by its cause: its words are translated.
            if isinstance(current.__cause__, ContextNotShipped):
                unknown.append(messages[-1])
        current = current.__cause__
    return (unknown or messages[-1:] or [_("unreadable")])[0]
