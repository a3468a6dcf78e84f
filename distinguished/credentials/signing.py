"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C "Data Integrity EdDSA Cryptosuites
v1.0"), and the Multikey encoding of Ed25519 keys. No database here: pure functions over JSON documents.

Built from kept libraries only: PyLD canonicalizes (URDNA2015, i.e. RDFC-1.0), `cryptography` signs
and verifies Ed25519, `base58` encodes multibase base58btc. JSON-LD contexts come from the files in
`contexts/`; any other context URL is an error and nothing is ever fetched over the network.

Signing (the cryptosuite's "Add Proof"):
1. proof options = {type, cryptosuite, created, verificationMethod, proofPurpose} + the document's
   `@context`;
2. canonicalize the options and the document without its proof (RDFC-1.0, N-Quads);
3. hashData = sha256(canonical options) || sha256(canonical document);
4. proofValue = "z" + base58btc(Ed25519 signature of hashData).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import base58
from cachetools import LRUCache
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _
from pyld import jsonld
from pyld.canon import URDNA2015
from pyld.context_resolver import ContextResolver

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
CID_V1 = "https://www.w3.org/ns/cid/v1"
# The only contexts the loader serves: URL → file in contexts/ (see contexts/README.md).
CONTEXTS = {
    VC_V2: "credentials-v2.json",
    OB_V3: "context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.json",
    CID_V1: "cid-v1.json",
}

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_PURPOSE = "assertionMethod"
# Multicodec prefixes (varint): ed25519-pub 0xed → 0xed 0x01, ed25519-priv 0x1300 → 0x80 0x26.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


class ContextNotShipped(Exception):
    """A document names a JSON-LD context that is not shipped with the code."""


class Unsafe(Exception):
    """Terms of a document its JSON-LD contexts do not define (they would escape the proof)."""

    def __init__(self, terms: list[str]):
        super().__init__(f"terms its contexts do not define: {', '.join(terms)}")
        self.terms = terms


class TooComplex(Exception):
    """A document whose canonicalization would take unbounded time (blank-node poisoning)."""


# --- JSON-LD: the offline document loader and canonicalization ------------------------------------

_documents: dict[str, dict] = {}


def _context(url: str) -> dict:
    if url not in _documents:
        _documents[url] = json.loads((CONTEXT_DIR / CONTEXTS[url]).read_text(encoding="utf-8"))
    return _documents[url]


def document_loader(url: str, options=None) -> dict:
    """PyLD document loader that serves only the shipped contexts; anything else raises."""
    if url not in CONTEXTS:
        raise jsonld.JsonLdError(
            _("The JSON-LD context %(url)s is not one this service knows.") % {"url": url},
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading remote context failed",
        ) from ContextNotShipped(url)
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(_context(url))}


# Resolved contexts, shared by every call: the loader never changes, so caching is safe.
_resolved = LRUCache(maxsize=20)


class _BoundedURDNA2015(URDNA2015):
    """URDNA2015 exactly as PyLD implements it, with a budget: a crafted document whose blank nodes
    cannot be told apart makes the algorithm try every permutation. Our credentials have a handful
    of distinguishable blank nodes, so a small budget never refuses a real one."""

    MAX_N_DEGREE_CALLS = 1000
    MAX_GROUP = 6  # at most 6! = 720 permutations per group of look-alike blank nodes

    def __init__(self):
        super().__init__()
        self.calls = 0

    def create_hash_to_related(self, id_, issuer):
        self.calls += 1
        if self.calls > self.MAX_N_DEGREE_CALLS:
            raise TooComplex("too many look-alike blank nodes")
        hash_to_related = super().create_hash_to_related(id_, issuer)
        if any(len(nodes) > self.MAX_GROUP for nodes in hash_to_related.values()):
            raise TooComplex("too many look-alike blank nodes")
        return hash_to_related


def _options() -> dict:
    return {
        # No base: a relative IRI stays relative (and is refused below) instead of being resolved
        # against PyLD's placeholder base.
        "base": None,
        "documentLoader": document_loader,
        "contextResolver": ContextResolver(_resolved, document_loader),
        "processingMode": "json-ld-1.1",
        "produceGeneralizedRdf": False,
    }


def expand(document: dict) -> list:
    """The expanded form of a JSON-LD document, in "safe mode" as JSON-LD verifiers run it: a
    property or type its contexts do not define, or an id or type that stays a relative IRI,
    raises Unsafe (a verifier would drop it, so a proof could not cover it)."""
    dropped: list[str] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=lambda key: dropped.append(str(key)))
    expanded = processor.expand(document, _options())
    relative = _relative_iris(expanded)
    if dropped or relative:
        raise Unsafe(sorted(set(dropped + relative)))
    return expanded


def canonicalize(document: dict) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, expanded in safe mode
    (`expand`)."""
    dataset = jsonld.JsonLdProcessor().to_rdf(expand(document), _options())
    return _BoundedURDNA2015().main(dataset, {"format": "application/n-quads"})


def _is_absolute(iri) -> bool:
    if not isinstance(iri, str) or iri.startswith(jsonld.DEFAULT_BASE_IRI):
        return False
    return iri.startswith("_:") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) is not None


def _relative_iris(node) -> list[str]:
    """The node ids and types of an expanded document that are not absolute IRIs."""
    found = []
    if isinstance(node, list):
        for item in node:
            found += _relative_iris(item)
    elif isinstance(node, dict):
        if "@value" in node:
            datatype = node.get("@type")
            if datatype is not None and datatype != "@json" and not _is_absolute(datatype):
                found.append(str(datatype))
            return found
        if "@id" in node and not _is_absolute(node["@id"]):
            found.append(str(node["@id"]))
        types = node.get("@type", [])
        for value in types if isinstance(types, list) else [types]:
            if not _is_absolute(value):
                found.append(str(value))
        for key, value in node.items():
            if key not in ("@id", "@type"):
                found += _relative_iris(value)
    return found


# --- Keys -----------------------------------------------------------------------------------------


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_multibase(key: Ed25519PublicKey | Ed25519PrivateKey) -> str:
    """The Multikey `publicKeyMultibase`: "z" + base58btc(0xed01 + the 32 raw bytes)."""
    if isinstance(key, Ed25519PrivateKey):
        key = key.public_key()
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + raw).decode("ascii")


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """The Ed25519 key of a Multikey `publicKeyMultibase`; ValueError when it is not one."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("not a multibase base58btc value")
    raw = base58.b58decode(value[1:])
    if len(raw) != 34 or not raw.startswith(ED25519_PUB_PREFIX):
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    """An Ed25519 private key from a PEM (PKCS#8) text or a Multikey `secretKeyMultibase`
    ("z" + base58btc(0x8026 + 32-byte seed, optionally followed by the 32-byte public key)).
    ValueError when it is neither."""
    text = (text or "").strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    if text.startswith("z"):
        raw = base58.b58decode(text[1:])
        if raw.startswith(ED25519_PRIV_PREFIX) and len(raw) in (34, 66):
            key = Ed25519PrivateKey.from_private_bytes(raw[2:34])
            if len(raw) == 66 and public_key_multibase(key) != public_key_multibase(
                Ed25519PublicKey.from_public_bytes(raw[34:])
            ):
                raise ValueError("the secret key's public half does not match it")
            return key
    raise ValueError("neither a PEM Ed25519 private key nor a Multikey secretKeyMultibase")


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


# --- Proofs ---------------------------------------------------------------------------------------


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
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return [
            _(
                "The proof is of a kind this service does not check (type %(type)r, "
                "cryptosuite %(cryptosuite)r); it checks %(expected_type)s with %(expected_cryptosuite)s."
            )
            % {
                "type": proof.get("type"),
                "cryptosuite": proof.get("cryptosuite"),
                "expected_type": PROOF_TYPE,
                "expected_cryptosuite": CRYPTOSUITE,
            }
        ]
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return [
            _("The proof's purpose is %(purpose)r, not %(expected)r.")
            % {"purpose": proof.get("proofPurpose"), "expected": PROOF_PURPOSE}
        ]
    if parse_timestamp(proof.get("created")) is None:
        return [_("The proof has no valid creation time.")]
    value = proof.get("proofValue")
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise ValueError
        signature = base58.b58decode(value[1:])
        if len(signature) != 64:
            raise ValueError
    except ValueError:
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
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    context = document.get("@context")
    if "@context" in options:
        expected = options["@context"] if isinstance(options["@context"], list) else [options["@context"]]
        actual = context if isinstance(context, list) else [context]
        if actual[: len(expected)] != expected:
            return [_("The proof's @context does not match the credential's.")]
    options["@context"] = context
    try:
        data = hash_data(document, options)[0]
    except TooComplex:
        return [_("The credential is too complex to check (too many anonymous nodes that look alike).")]
    except Unsafe as error:
        shown = ", ".join(error.terms[:5])[:200]
        return [
            _(
                "The credential has terms or relative identifiers its JSON-LD contexts do not define "
                "(%(terms)s): the signature cannot cover them, so they were added or changed after signing."
            )
            % {"terms": shown}
        ]
    except jsonld.JsonLdError as error:
        return [_("The credential is not valid JSON-LD: %(reason)s") % {"reason": _jsonld_reason(error)}]
    except ValueError as error:
        # PyLD's IRI resolver raises a bare ValueError for a context given as a relative IRI.
        return [_("The credential is not valid JSON-LD: %(reason)s") % {"reason": str(error)[:200]}]
    except RecursionError:
        return [_("The credential is nested too deeply to check.")]
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return [
            _("The signature does not match the content: the credential was changed after it was signed.")
        ]
    return []


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
