"""Ed25519 keys and their Multikey encoding: generating a key, `publicKeyMultibase` both ways, and
reading a private key from PEM (PKCS#8) or a Multikey `secretKeyMultibase`. `cryptography` holds the
keys, `base58` encodes multibase base58btc."""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

# Multicodec prefixes (varint): ed25519-pub 0xed → 0xed 0x01, ed25519-priv 0x1300 → 0x80 0x26.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


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
