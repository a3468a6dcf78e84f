"""Baked badges (Open Badges 3.0, "Baking"): the track's badge image with the signed credential inside,
as SVG and as PNG, and reading the credential back out of either.

- SVG: an `<openbadges:credential>` element (namespace `https://purl.imsglobal.org/ob/v3p0`) right
  inside `<svg>`, the credential's JSON in CDATA.
- PNG: an `iTXt` chunk with the keyword `openbadgecredential`, uncompressed, the credential's JSON as
  its text, placed right after `IHDR` (so before `IDAT`).

Reading is strict, because what is read comes from anyone: one credential per image, never two; the
PNG's chunks are walked with their CRCs checked and no pixel is decoded (no decompression bomb). A
badge that is none of this raises `NotBaked` with a message a person can act on.
"""

import struct
import zlib

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import badge_png

OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
OB2_NAMESPACE = "http://openbadges.org"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
OB2_PNG_KEYWORD = b"openbadges"
# A compressed credential may expand to this much at most (the verifier's limit on a credential).
MAX_CREDENTIAL_BYTES = 256 * 1024


class NotBaked(ValueError):
    """The image carries no credential that can be read, and the message says why."""


# --- SVG ------------------------------------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def badge_svg(title: str, colour: str, *, credential_json: str | None = None) -> str:
    """The SVG badge of a track, drawn in its colour (the program definition's, #rrggbb); with
    `credential_json`, the credential baked in."""
    return render_to_string(
        "credentials/badge.svg",
        {
            "title": title,
            "colour": colour,
            "baked": mark_safe(_cdata(credential_json)) if credential_json else "",  # noqa: S308 - JSON in CDATA
        },
    )


def credential_from_svg(text: str) -> str:
    """The credential baked into an SVG badge. Raises NotBaked."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        raise NotBaked(_("This is not a readable SVG file (%(error)s).") % {"error": error}) from None
    elements = root.findall(f".//{{{OB3_NAMESPACE}}}credential")
    if len(elements) > 1:
        raise NotBaked(
            ngettext(
                "This SVG has the credential baked in %(count)s time (%(count)s "
                "<openbadges:credential> element); a baked badge carries exactly one.",
                "This SVG has the credential baked in %(count)s times (%(count)s "
                "<openbadges:credential> elements); a baked badge carries exactly one.",
                len(elements),
            )
            % {"count": len(elements)}
        )
    if not elements:
        if root.find(f".//{{{OB2_NAMESPACE}}}assertion") is not None:
            raise NotBaked(
                _("This is an Open Badges 2.0 badge; this service verifies Open Badges 3.0 credentials.")
            )
        raise NotBaked(_("This SVG has no credential baked in (no <openbadges:credential> element)."))
    element = elements[0]
    if element.get("verify"):
        raise NotBaked(
            _(
                "This badge carries a JWT-encoded credential; this service verifies the JSON credentials the "
                "program issues."
            )
        )
    text = (element.text or "").strip()
    if not text:
        raise NotBaked(_("This SVG's <openbadges:credential> element is empty: it carries no credential."))
    return text


# --- PNG ------------------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _chunk_at(data: bytes, at: int) -> tuple[bytes, bytes]:
    """The (type, data) of the chunk that starts at byte `at`, its CRC checked. Raises NotBaked when
    the file ends before it, its type is not four letters, it runs past the end or its CRC fails."""
    if at + 12 > len(data):
        if at == len(data):
            raise NotBaked(_("This PNG is cut short: it ends before its IEND chunk."))
        raise NotBaked(_("This PNG is cut short: it ends in the middle of a chunk."))
    length, kind = struct.unpack(">I4s", data[at : at + 8])
    name = kind.decode("latin-1")
    if not kind.isalpha():  # bytes.isalpha: ASCII letters only
        raise NotBaked(
            _("This PNG is damaged: a chunk's type is %(name)r, not four letters.") % {"name": name}
        )
    if length > 2**31 - 1 or at + 12 + length > len(data):
        raise NotBaked(
            _(
                "This PNG is damaged or cut short: its %(name)s chunk says it holds %(length)s bytes, "
                "past the end of the file."
            )
            % {"name": name, "length": length}
        )
    body = data[at + 8 : at + 8 + length]
    (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
    if zlib.crc32(kind + body) != crc:
        raise NotBaked(_("This PNG is damaged: its %(name)s chunk fails its CRC check.") % {"name": name})
    return kind, body


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) of every chunk up to IEND, each CRC checked. Raises NotBaked for what is not
    a whole, undamaged PNG. A small reader of the chunk layout rather than Pillow's: Pillow keeps one
    text per keyword (a second credential would silently replace the first) and reads the chunks
    after IDAT only while it decodes the pixels."""
    if not data.startswith(PNG_SIGNATURE):
        raise NotBaked(
            _(
                "This is not a PNG image: it does not start with the PNG signature. Send the badge as it was "
                "downloaded, or the credential's .json."
            )
        )
    chunks: list[tuple[bytes, bytes]] = []
    at = len(PNG_SIGNATURE)
    while True:
        kind, body = _chunk_at(data, at)
        if not chunks and kind != b"IHDR":
            raise NotBaked(_("This PNG is damaged: it does not begin with an IHDR chunk."))
        chunks.append((kind, body))
        at += 12 + len(body)
        if kind == b"IEND":
            return chunks


def _keyword(body: bytes) -> bytes:
    return body.split(b"\0", 1)[0]


def _itxt_text(body: bytes) -> str:
    """The text of an iTXt chunk: keyword, NUL, compression flag and method, language tag, NUL,
    translated keyword, NUL, then the UTF-8 text (zlib-compressed when the flag is 1)."""
    rest = body.partition(b"\0")[2]
    if len(rest) < 2:
        raise NotBaked(_("This PNG's openbadgecredential chunk is malformed: it stops after its keyword."))
    compressed, method, rest = rest[0], rest[1], rest[2:]
    parts = rest.split(b"\0", 2)
    if len(parts) != 3:
        raise NotBaked(_("This PNG's openbadgecredential chunk is malformed: its language tag is not ended."))
    text = parts[2]
    if compressed not in (0, 1) or (compressed and method != 0):
        raise NotBaked(_("This PNG's openbadgecredential chunk is malformed: its compression is unknown."))
    if compressed:
        text = _inflate(text)
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        raise NotBaked(_("The credential in this PNG is not UTF-8 text.")) from None


def _inflate(data: bytes) -> bytes:
    """Compressed data, expanded up to the limit and no further (never a decompression bomb)."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, MAX_CREDENTIAL_BYTES + 1)
    except zlib.error:
        raise NotBaked(
            _("The credential in this PNG is compressed, and its compressed data is damaged.")
        ) from None
    if len(text) > MAX_CREDENTIAL_BYTES or inflater.unconsumed_tail:
        raise NotBaked(
            _("The credential in this PNG expands to more than %(size)s KB; a credential is a few KB.")
            % {"size": MAX_CREDENTIAL_BYTES // 1024}
        )
    if not inflater.eof:
        raise NotBaked(_("The credential in this PNG is compressed, and its compressed data is cut short."))
    return text


def _refuse_unbaked(texts: list[tuple[bytes, bytes]]):
    """Raise NotBaked for a PNG without the credential in an iTXt chunk, saying what its text chunks
    carry instead: the credential in a tEXt or zTXt chunk, an Open Badges 2.0 assertion, or nothing."""
    if any(_keyword(body) == PNG_KEYWORD for _, body in texts):
        raise NotBaked(
            _(
                "This PNG carries its credential in a tEXt or zTXt chunk; Open Badges 3.0 bakes it into an "
                "iTXt chunk, so this badge was not baked by the program."
            )
        )
    if any(_keyword(body) == OB2_PNG_KEYWORD for _, body in texts):
        raise NotBaked(
            _("This is an Open Badges 2.0 badge; this service verifies Open Badges 3.0 credentials.")
        )
    raise NotBaked(
        _("This PNG has no credential baked in (no iTXt chunk with the keyword openbadgecredential).")
    )


def _baked_chunk(texts: list[tuple[bytes, bytes]]) -> bytes:
    """The one `openbadgecredential` iTXt chunk among a PNG's text chunks. Raises NotBaked when there
    are several, or none."""
    baked = [body for kind, body in texts if kind == b"iTXt" and _keyword(body) == PNG_KEYWORD]
    if len(baked) > 1:
        raise NotBaked(
            ngettext(
                "This PNG has the credential baked in %(count)s time (%(count)s iTXt chunk with the "
                "keyword openbadgecredential); a baked badge carries exactly one.",
                "This PNG has the credential baked in %(count)s times (%(count)s iTXt chunks with the "
                "keyword openbadgecredential); a baked badge carries exactly one.",
                len(baked),
            )
            % {"count": len(baked)}
        )
    if not baked:
        _refuse_unbaked(texts)
    return baked[0]


def credential_from_png(data: bytes) -> str:
    """The credential baked into a PNG badge. Raises NotBaked."""
    chunks = png_chunks(data)
    texts = [(kind, body) for kind, body in chunks if kind in (b"iTXt", b"tEXt", b"zTXt")]
    text = _itxt_text(_baked_chunk(texts)).strip()
    if not text:
        raise NotBaked(_("This PNG's openbadgecredential chunk is empty: it carries no credential."))
    return text


def bake_png(png: bytes, credential_json: str) -> bytes:
    """The PNG with the credential in an uncompressed `openbadgecredential` iTXt chunk right after
    IHDR; a credential baked in before is replaced, the other chunks are kept as they are."""
    chunks = png_chunks(png)
    itxt = PNG_KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + credential_json.encode("utf-8")
    kept = [
        _chunk(kind, body)
        for kind, body in chunks[1:]
        if not (kind == b"iTXt" and _keyword(body) == PNG_KEYWORD)
    ]
    return PNG_SIGNATURE + _chunk(*chunks[0]) + _chunk(b"iTXt", itxt) + b"".join(kept)


def baked_png(title: str, colour: str, credential_json: str) -> bytes:
    """The PNG badge of a track, drawn in its colour, with the credential baked in."""
    return bake_png(badge_png.draw_badge(title, colour), credential_json)
