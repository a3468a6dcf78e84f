"""Where the issuer's private signing key comes from: settings, never the database nor the repository.

`CREDENTIALS_ISSUER_KEY` (the key itself, from the environment: a PEM text or a Multikey
`secretKeyMultibase`) wins over `CREDENTIALS_ISSUER_KEY_FILE` (a PEM file, mode 0600, that
`distinguished generate-issuer-key` writes; default `var/issuer-key.pem`).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from . import multikey


class IssuerKeyUnavailable(Exception):
    """No usable signing key is configured; the message says what to do."""


def key_from_environment() -> str:
    return (getattr(settings, "CREDENTIALS_ISSUER_KEY", "") or "").strip()


def key_file() -> Path | None:
    path = getattr(settings, "CREDENTIALS_ISSUER_KEY_FILE", None)
    return Path(path) if path else None


def configured_private_key() -> Ed25519PrivateKey:
    """The private key new credentials are signed with."""
    text = key_from_environment()
    if text:
        try:
            return multikey.private_key_from_text(text)
        except ValueError as error:
            raise IssuerKeyUnavailable(
                f"CREDENTIALS_ISSUER_KEY is not a usable Ed25519 key: {error}."
            ) from None
    path = key_file()
    if path is None or not path.exists():
        raise IssuerKeyUnavailable(
            "No issuer key is configured: run `distinguished generate-issuer-key` "
            f"(it writes {path or 'the file CREDENTIALS_ISSUER_KEY_FILE names'}) or set CREDENTIALS_ISSUER_KEY."
        )
    try:
        return multikey.private_key_from_text(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise IssuerKeyUnavailable(
            f"The issuer key file {path} cannot be used: {error}. Restore it from the backup, or make a "
            "new one with `distinguished generate-issuer-key --rotate`."
        ) from None


def write_key_file(path: Path, key: Ed25519PrivateKey) -> None:
    """Write the key as PEM, readable by its owner only, replacing the file in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(multikey.private_key_pem(key))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
