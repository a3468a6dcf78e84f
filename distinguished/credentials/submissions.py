"""What a person or a program sends to be verified: the credential's JSON (or `{"credential": …}`), or
a badge with the credential baked in (SVG or PNG), pasted, uploaded or as the request's body. Read
into the credential's JSON object, or refused with a message a person can act on."""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.core.parsers import MAX_JSON_DEPTH, describe_bytes, json_depth

from . import baking

# Our credentials are a few KB and nest a few levels (credential → subject → achievement → criteria
# …): the API's own nesting limit. The program's baked badges are under 100 KB (a 512 px PNG); an
# issuer's badge art may be larger, so an image may have up to 1 MB, the credential inside it not more
# than a credential sent alone.
MAX_SUBMISSION_BYTES = baking.MAX_CREDENTIAL_BYTES
MAX_BADGE_BYTES = 1024 * 1024
# The first bytes of the images a person may send by mistake.
OTHER_IMAGES = {
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
}
PNG_TYPES = {"image/png", "image/apng"}
SEND_WHAT = gettext_lazy("Send the credential's .json or its badge (.png or .svg) as it was downloaded.")


def _refuse(message: str, field: str = "credential"):
    raise ValidationError({field: [message]})


def _kilobytes(size: int) -> int:
    return max(1, size // 1024)


def _image_kind(head: bytes | str) -> str:
    """ "PNG", "SVG", another image's name, or "" for text that is no image."""
    if isinstance(head, str):
        return "SVG" if head.lstrip("\ufeff \t\r\n").startswith("<") else ""
    if head.startswith(baking.PNG_SIGNATURE):
        return "PNG"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    for signature, name in OTHER_IMAGES.items():
        if head.startswith(signature):
            return name
    return "SVG" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else ""


def _too_large(kind: str, size: int, *, upload: bool) -> str:
    """Why a file or body of `size` bytes is refused, and what to send instead."""
    if kind and upload:
        words = _(
            "This file is %(size)s KB; a badge with its credential baked in may have at most %(limit)s here."
        )
    elif kind:
        words = _(
            "This is %(size)s KB; a badge with its credential baked in may have at most %(limit)s here."
        )
    elif upload:
        words = _("This file is %(size)s KB; a credential is a few KB (at most %(limit)s here).")
    else:
        words = _("This is %(size)s KB; a credential is a few KB (at most %(limit)s here).")
    limit = describe_bytes(MAX_BADGE_BYTES if kind else MAX_SUBMISSION_BYTES)
    return f"{words % {'size': _kilobytes(size), 'limit': limit}} {SEND_WHAT}"


def _declares_png(content_type: str, filename: str) -> bool:
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type in PNG_TYPES or (filename or "").lower().endswith(".png")


def read_upload(upload) -> bytes:
    """The bytes of an uploaded credential file or badge; a ValidationError on `file` when it is too
    large to be one (an image may be larger than a credential's JSON)."""
    head = upload.read(64)
    upload.seek(0)
    kind = _image_kind(head)
    limit = MAX_BADGE_BYTES if kind else MAX_SUBMISSION_BYTES
    if upload.size > limit:
        _refuse(_too_large(kind, upload.size, upload=True), field="file")
    return upload.read()


def _credential_text(raw: bytes | str, *, content_type: str, filename: str) -> str:
    """The credential's text: the body itself, or what is baked into the SVG or PNG badge."""
    kind = _image_kind(raw[:64])
    limit = MAX_BADGE_BYTES if kind else MAX_SUBMISSION_BYTES
    if len(raw) > limit:
        _refuse(_too_large(kind, len(raw), upload=False))
    try:
        if kind == "PNG" or _declares_png(content_type, filename):
            return baking.credential_from_png(raw if isinstance(raw, bytes) else raw.encode("utf-8"))
        if kind not in ("", "SVG"):
            _refuse(
                # Two sentences: the second, what to send, is shared with the size refusals.
                _("This is a %(kind)s image; the program bakes its credentials into PNG and SVG badges only.")
                % {"kind": kind}
                + f" {SEND_WHAT}"
            )
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                _refuse(_("This is not text: send the credential's JSON or its baked .svg/.png badge."))
        text = raw.strip()
        return baking.credential_from_svg(text) if text.startswith("<") else text
    except baking.NotBaked as error:
        _refuse(str(error))


def _refuse_unreadable_text(text: str) -> None:
    """Refuse a credential's text that is too large to be one, or that is a JWT-encoded credential."""
    if len(text) > MAX_SUBMISSION_BYTES:
        _refuse(
            _(
                "The credential baked into this badge is %(size)s KB; a credential is a few KB "
                "(at most %(limit)s here)."
            )
            % {"size": _kilobytes(len(text)), "limit": describe_bytes(MAX_SUBMISSION_BYTES)}
        )
    if text.startswith("ey") and text.count(".") == 2:
        _refuse(
            _(
                "This is a JWT-encoded credential; this service verifies the JSON credentials the program issues."
            )
        )


def _parsed_json(text: str):
    """The JSON value of a credential's text, refused when it is not JSON or is nested too deeply."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        _refuse(
            _("This is not JSON: %(reason)s at line %(line)s, column %(column)s.")
            % {"reason": error.msg, "line": error.lineno, "column": error.colno}
        )
    except RecursionError:
        _refuse(_("This JSON is nested too deeply to be a credential."))
    except ValueError as error:
        # Python refuses integers of more than 4,300 digits with a plain ValueError.
        _refuse(_("This JSON cannot be read: %(reason)s") % {"reason": str(error)[:200]})
    if json_depth(data) > MAX_JSON_DEPTH:
        # JSON-LD expansion recurses once per level: refused here, not a stack overflow there.
        _refuse(
            _("This JSON is nested more than %(depth)s levels deep; a credential is a few levels deep.")
            % {"depth": MAX_JSON_DEPTH}
        )
    return data


def _signed_credential(data) -> dict:
    """The signed credential in a JSON value: itself or its `{"credential": …}` envelope's."""
    if isinstance(data, dict) and isinstance(data.get("credential"), dict) and "proof" not in data:
        data = data["credential"]
    if not isinstance(data, dict):
        _refuse(
            _("A credential is a JSON object ({…}); this is a JSON %(kind)s.")
            % {"kind": type(data).__name__.replace("dict", "object")}
        )
    if "proof" not in data:
        _refuse(_("This JSON has no proof: it is not a signed credential."))
    return data


def read_submission(raw: bytes | str, *, content_type: str = "", filename: str = "") -> dict:
    """The credential a person or a program sent to be verified: its JSON, `{"credential": …}`, or a
    baked SVG or PNG badge (`content_type` and `filename` say what was meant to be sent, when known). A
    ValidationError on `credential` with a message a person can act on when it is none of these."""
    if raw is None or len(raw) == 0:
        _refuse(_("Paste a credential, or upload its .json file or its baked .svg/.png badge."))
    text = _credential_text(raw, content_type=content_type, filename=filename)
    _refuse_unreadable_text(text)
    return _signed_credential(_parsed_json(text))
