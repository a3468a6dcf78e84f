"""The bitstring of a W3C Bitstring Status List v1.0: one bit per credential, index 0 the most
significant bit of the first byte; published GZIP-compressed and multibase base64url encoded
("u" + base64url without padding)."""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Iterable

# The specification's minimum (16 KB), so that a list does not tell who is revoked by its size.
MIN_BITS = 131_072
# A list we read is never larger than this once decompressed (a gzip bomb is refused).
MAX_BYTES = 16 * 1024 * 1024


class BadEncodedList(ValueError):
    """An encodedList that is not multibase base64url GZIP of a bitstring."""


def encode(indexes: Iterable[int], size: int = MIN_BITS) -> str:
    """The encodedList with the bits of `indexes` set."""
    bits = bytearray(size // 8)
    for index in indexes:
        if not 0 <= index < size:
            raise ValueError(f"index {index} outside a list of {size} bits")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The bitstring of an encodedList."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise BadEncodedList("an encodedList starts with the multibase prefix “u” (base64url)")
    text = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = inflater.decompress(compressed, MAX_BYTES + 1)
    except (binascii.Error, ValueError, zlib.error) as error:
        raise BadEncodedList(f"the encodedList is not base64url GZIP data ({error})") from None
    if len(bits) > MAX_BYTES:
        raise BadEncodedList("the encodedList is larger than any status list this service reads")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise IndexError(f"index {index} outside a list of {len(bits) * 8} bits")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
