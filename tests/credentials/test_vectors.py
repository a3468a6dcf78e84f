"""The Open Badges 3.0 specification's own eddsa-rdfc-2022 test vector (vectors/README.md), reproduced
exactly by our signing code: key pair, canonical forms, hashes, signature and proofValue."""

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from distinguished.credentials import signing

VECTORS = Path(__file__).resolve().parent / "vectors"
VECTOR = json.loads((VECTORS / "linked-data-proof-ob.json").read_text(encoding="utf-8"))
DOCUMENT_CANON = (VECTORS / "document-canon.txt").read_text(encoding="utf-8")
PROOF_CANON = (VECTORS / "proof-canon.txt").read_text(encoding="utf-8")
CREATED = dt.datetime(2010, 1, 1, 19, 23, 24, tzinfo=dt.UTC)


def vector_key() -> Ed25519PrivateKey:
    return signing.private_key_from_text(VECTOR["secretKeyMultibase"])


def proof_options() -> dict:
    return {**VECTOR["proofOptions"], "@context": VECTOR["credential"]["@context"]}


def test_vector_key_pair_reads_as_the_published_multikey():
    key = vector_key()
    raw_private = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert (raw_private + raw_public).hex() == VECTOR["privateKeyHex"]
    assert raw_public.hex() == VECTOR["publicKeyHex"]
    assert signing.public_key_multibase(key) == VECTOR["publicKeyMultibase"]
    public = signing.public_key_from_multibase(VECTOR["publicKeyMultibase"])
    assert (
        public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
        == (VECTOR["publicKeyHex"])
    )
    # The same key from the raw seed, and through a PEM round trip (the form of our key file).
    seed = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(VECTOR["privateKeyHex"])[:32])
    assert signing.public_key_multibase(seed) == VECTOR["publicKeyMultibase"]
    pem = signing.private_key_pem(key).decode("ascii")
    assert signing.public_key_multibase(signing.private_key_from_text(pem)) == VECTOR["publicKeyMultibase"]


def test_vector_document_canonical_form_is_the_published_one():
    assert signing.canonicalize(VECTOR["credential"]) == DOCUMENT_CANON


def test_vector_proof_options_canonical_form_is_the_published_one():
    assert signing.canonicalize(proof_options()) == PROOF_CANON


def test_vector_hashes_and_data_to_sign_are_the_published_ones():
    data, canonical_proof, canonical_document = signing.hash_data(VECTOR["credential"], proof_options())
    assert hashlib.sha256(canonical_document.encode()).hexdigest() == VECTOR["documentHashHex"]
    assert hashlib.sha256(canonical_proof.encode()).hexdigest() == VECTOR["proofHashHex"]
    assert data.hex() == VECTOR["dataToSignHex"]
    assert vector_key().sign(data).hex() == VECTOR["signatureHex"]


def test_vector_proof_value_is_reproduced_exactly():
    document = copy.deepcopy(VECTOR["credential"])
    proof = signing.create_proof(document, vector_key(), VECTOR["verificationMethod"], CREATED)
    assert proof["proofValue"] == VECTOR["proofValue"]
    assert {k: v for k, v in proof.items() if k != "proofValue"} == VECTOR["proofOptions"]
    assert document == VECTOR["credential"]  # signing leaves the document as it was


def _resolver(method):
    return (
        signing.public_key_from_multibase(VECTOR["publicKeyMultibase"])
        if method == VECTOR["verificationMethod"]
        else None
    )


@pytest.mark.parametrize("proof_as", ["object", "proof set"])
def test_vector_signed_credential_verifies(proof_as):
    proof = {**VECTOR["proofOptions"], "proofValue": VECTOR["proofValue"]}
    signed = {**VECTOR["credential"], "proof": proof if proof_as == "object" else [proof]}
    check = signing.verify_proofs(signed, _resolver)
    assert check.ok, check.errors
    assert check.verification_methods == [VECTOR["verificationMethod"]]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("name",), "Teamwork Badge (gold)"),
        (("validFrom",), "2009-01-01T00:00:00Z"),
        (("credentialSubject", "id"), "did:example:someone-else"),
        (("credentialSubject", "achievement", "criteria", "narrative"), "Anyone asking gets it."),
        (("issuer", "name"), "Another Corp"),
    ],
)
def test_vector_credential_with_a_changed_field_fails(path, value):
    signed = copy.deepcopy(VECTOR["credential"])
    signed["proof"] = {**VECTOR["proofOptions"], "proofValue": VECTOR["proofValue"]}
    target = signed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    check = signing.verify_proofs(signed, _resolver)
    assert check.errors == [
        "The signature does not match the content: the credential was changed after it was signed."
    ]


def test_vector_proof_with_a_changed_creation_time_fails():
    signed = {
        **VECTOR["credential"],
        "proof": {
            **VECTOR["proofOptions"],
            "created": "2010-01-02T19:23:24Z",
            "proofValue": VECTOR["proofValue"],
        },
    }
    assert not signing.verify_proofs(signed, _resolver).ok
