"""Baking and unbaking (credentials/baking.py): the credential goes into the SVG badge and the PNG badge
and comes back out unchanged; the PNG is a real PNG (Pillow opens it, it has the badge's size and
look) with the credential in one uncompressed `openbadgecredential` iTXt chunk before IDAT."""

import io
import json
import struct
import zlib

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from distinguished.credentials import badge_png, baking

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CREDENTIAL = json.dumps(
    {"id": "https://example.org/c/1", "name": "Distinguished Engineer ]]> « é »", "proof": [{"x": 1}]},
    indent=2,
    ensure_ascii=False,
)


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) of each chunk, read plainly (the PNG under test is well formed)."""
    assert png.startswith(SIGNATURE)
    found, at = [], len(SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + data)
        found.append((kind, data))
        at += 12 + length
    return found


def rebuild(parts: list[tuple[bytes, bytes]]) -> bytes:
    return SIGNATURE + b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in parts
    )


@pytest.fixture(scope="module")
def baked() -> bytes:
    return baking.baked_png("Distinguished Engineer", "#0b5cad", CREDENTIAL)


# --- SVG ------------------------------------------------------------------------------------------


def test_svg_round_trip_keeps_the_credential_even_with_a_cdata_end_inside():
    svg = baking.badge_svg("Distinguished Engineer", "#0b5cad", credential_json=CREDENTIAL)
    root = etree.fromstring(svg.encode())
    assert root[0].tag == "{https://purl.imsglobal.org/ob/v3p0}credential"
    assert baking.credential_from_svg(svg) == CREDENTIAL
    assert 'fill="#0b5cad"' in svg


def test_svg_without_a_credential_is_the_plain_badge():
    svg = baking.badge_svg("Distinguished Innovator", "#1f7a4d")
    assert "openbadges:credential>" not in svg and 'fill="#1f7a4d"' in svg
    with pytest.raises(baking.NotBaked, match="no credential baked in"):
        baking.credential_from_svg(svg)


# --- PNG ------------------------------------------------------------------------------------------


def test_png_round_trip_gives_back_the_credential(baked):
    assert baking.credential_from_png(baked) == CREDENTIAL


def test_png_carries_one_uncompressed_openbadgecredential_itxt_before_idat(baked):
    found = chunks(baked)
    kinds = [kind for kind, _ in found]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    credentials = [
        (index, data)
        for index, (kind, data) in enumerate(found)
        if kind == b"iTXt" and data.startswith(b"openbadgecredential\0")
    ]
    assert len(credentials) == 1
    index, data = credentials[0]
    assert index < kinds.index(b"IDAT")
    keyword, rest = data.split(b"\0", 1)
    assert keyword == b"openbadgecredential"
    assert rest[0] == 0 and rest[1] == 0  # compression flag and method: uncompressed
    language, translated, text = rest[2:].split(b"\0", 2)
    assert (language, translated) == (b"", b"")
    assert text.decode("utf-8") == CREDENTIAL


def test_pillow_opens_the_png_badge_at_its_size_with_its_title_and_credential(baked):
    image = Image.open(io.BytesIO(baked))
    assert image.format == "PNG" and image.size == (badge_png.SIZE, badge_png.SIZE) == (512, 512)
    assert image.mode == "RGBA"
    image.load()
    # Pillow reads the text chunks the same way another verifier would.
    assert image.text["Title"] == "Distinguished Engineer"
    assert image.text["openbadgecredential"] == CREDENTIAL


def test_the_png_looks_like_the_svg_badge(baked):
    image = Image.open(io.BytesIO(baked)).convert("RGBA")
    scale = badge_png.SIZE / 256  # the SVG's coordinates

    def at(x, y):
        return image.getpixel((round(x * scale), round(y * scale)))

    assert at(1, 1)[3] == 0  # transparent outside the circle
    assert at(60, 128) == (0x0B, 0x5C, 0xAD, 255)  # the track's colour, as in the SVG
    assert at(128, 110) == (255, 255, 255, 255)  # the white star
    ring = at(18, 128)  # r=110 around the centre: white at 0.6 over the colour
    assert ring[0] > 150 and ring[3] == 255
    title_row = [at(x, 191) for x in range(50, 206)]
    assert sum(pixel[:3] == (255, 255, 255) for pixel in title_row) > 10  # the title's white letters
    other = Image.open(io.BytesIO(baking.baked_png("Distinguished Partner", "#a35200", "{}")))
    assert other.convert("RGBA").getpixel((round(60 * scale), round(128 * scale))) == (0xA3, 0x52, 0x00, 255)


def test_a_long_title_is_set_smaller_to_stay_inside_the_circle():
    title = "Distinguished Community Infrastructure Partner"
    scale = badge_png.SIZE * badge_png.SUPERSAMPLE / 256
    assert badge_png._title_font("Distinguished Engineer", scale).size == 15 * scale
    font = badge_png._title_font(title, scale)
    assert font.size < 15 * scale and font.getlength(title) <= badge_png.TITLE_WIDTH * scale
    png = baking.baked_png(title, "#3d3d9e", "{}")
    image = Image.open(io.BytesIO(png)).convert("RGBA")
    assert image.size == (512, 512)
    assert image.getpixel((120, 256)) == (0x3D, 0x3D, 0x9E, 255)  # a new track's colour


def test_the_png_stays_far_under_the_verifiers_limit(baked):
    from distinguished.credentials.submissions import MAX_BADGE_BYTES

    assert len(baked) < MAX_BADGE_BYTES / 8


def test_baking_again_replaces_the_credential_and_keeps_the_other_chunks(baked):
    again = baking.bake_png(baked, '{"second": true}')
    assert baking.credential_from_png(again) == '{"second": true}'
    texts = [data for kind, data in chunks(again) if kind == b"iTXt"]
    assert sum(data.startswith(b"openbadgecredential\0") for data in texts) == 1
    assert [k for k, _ in chunks(again) if k != b"iTXt"] == [k for k, _ in chunks(baked) if k != b"iTXt"]


def test_a_compressed_credential_is_read_too(baked):
    """The spec says not to compress; a reader may still meet one, and reads it within its limit."""
    compressed = b"openbadgecredential\0\1\0\0\0" + zlib.compress(b'{"compressed": true}')
    parts = [
        (kind, compressed if data.startswith(b"openbadgecredential\0") else data)
        for kind, data in chunks(baked)
    ]
    assert baking.credential_from_png(rebuild(parts)) == '{"compressed": true}'


def test_the_same_badge_is_drawn_once_per_process():
    badge_png.draw_badge.cache_clear()
    first = badge_png.draw_badge("Distinguished Advocate", "#9b2c6f")
    second = badge_png.draw_badge("Distinguished Advocate", "#9b2c6f")
    assert first is second
    assert badge_png.draw_badge.cache_info().hits == 1


@hypothesis_settings(max_examples=200, deadline=None)
@given(tail=st.binary(max_size=200))
def test_any_bytes_after_the_signature_are_read_or_refused_never_a_crash(tail):
    try:
        text = baking.credential_from_png(SIGNATURE + tail)
    except baking.NotBaked as refused:
        assert str(refused)
    else:
        assert isinstance(text, str)


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_damaged_baked_png_is_refused_with_a_reason_never_a_crash(baked, data):
    """Flip a byte, cut the file short or cut a piece out: the reader refuses it with a reason."""
    at = data.draw(st.integers(min_value=0, max_value=len(baked) - 1))
    how = data.draw(st.sampled_from(["flip", "cut", "splice"]))
    if how == "flip":
        damaged = baked[:at] + bytes([baked[at] ^ data.draw(st.integers(1, 255))]) + baked[at + 1 :]
    elif how == "cut":
        damaged = baked[:at]
    else:
        damaged = baked[:at] + baked[at + data.draw(st.integers(1, 64)) :]
    try:
        text = baking.credential_from_png(damaged)
    except baking.NotBaked as refused:
        assert str(refused)
    else:
        # What passes the reader kept every chunk and its CRC whole: the credential is as baked.
        assert text == CREDENTIAL
