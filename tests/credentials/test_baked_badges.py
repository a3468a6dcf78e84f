"""The baked PNG badge at `credentials/<uuid>/badge.png`, and verifying a badge image: a PNG or SVG
uploaded on the verify page or sent to `POST /api/v1/credentials/verify/` (as the body or as a form's
`file`) is read and verified; every image that carries no readable credential (none, two, a damaged
or cut PNG, a bomb, an Open Badges 2.0 badge, not a PNG at all, too large) is a 400 that says why,
never a 500, and nothing changes."""

import copy
import io
import json
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from distinguished.audit.models import AuditEvent
from distinguished.credentials import api, baking
from distinguished.credentials.models import Credential

SITE = "http://testserver"
VERIFY = "/api/v1/credentials/verify/"
PAGE = "/credentials/verify/"
SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt(text: bytes, *, keyword: bytes = b"openbadgecredential", compressed: bool = False) -> bytes:
    return keyword + b"\0" + (b"\1\0" if compressed else b"\0\0") + b"\0\0" + text


def after_ihdr(png: bytes, *extra: bytes) -> bytes:
    """The PNG with more chunks right after its IHDR (8 + 25 bytes from the start)."""
    return png[:33] + b"".join(extra) + png[33:]


def state():
    return AuditEvent.objects.count(), Credential.objects.count()


# --- the PNG badge at its URL -------------------------------------------------------------------------


def test_badge_png_has_the_credential_baked_in(client, credential):
    response = client.get(f"/credentials/{credential.uuid}/badge.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Content-Disposition" not in response
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG" and image.size == (512, 512)
    assert json.loads(image.text["openbadgecredential"]) == credential.document
    assert image.text["Title"] == "Distinguished Engineer"
    assert json.loads(baking.credential_from_png(response.content)) == credential.document
    download = client.get(f"/credentials/{credential.uuid}/badge.png?download")
    assert download["Content-Disposition"] == (
        f'attachment; filename="engineer-credential-{str(credential.uuid)[:8]}.png"'
    )
    assert download.content == response.content


def test_badge_png_of_an_unknown_or_unsigned_credential(client, credential):
    assert client.get("/credentials/00000000-0000-0000-0000-000000000000/badge.png").status_code == 404
    Credential.objects.filter(pk=credential.pk).update(document=None)
    signing = client.get(f"/credentials/{credential.uuid}/badge.png")
    assert signing.status_code == 503 and signing.json()["status"] == "signing"
    assert "being signed" in signing.json()["detail"] and signing["Retry-After"] == "2"
    assert signing["Access-Control-Allow-Origin"] == "*"
    assert client.post(f"/credentials/{credential.uuid}/badge.png").status_code == 405


# --- verifying a baked badge ----------------------------------------------------------------------------


@pytest.fixture
def png(client, credential) -> bytes:
    return client.get(f"/credentials/{credential.uuid}/badge.png").content


@pytest.fixture
def svg(client, credential) -> bytes:
    return client.get(f"/credentials/{credential.uuid}/badge.svg").content


def test_a_baked_png_verifies_as_the_body_as_an_upload_and_on_the_page(client, png):
    before = state()
    body = client.post(VERIFY, data=png, content_type="image/png")
    assert body.status_code == 200 and body.json()["status"] == "valid"
    assert body.json()["credential"]["name"] == "Distinguished Engineer"
    # Sniffed, not only declared: a PNG sent as anything is still read as a PNG.
    assert client.post(VERIFY, data=png, content_type="application/octet-stream").json()["valid"] is True
    upload = client.post(VERIFY, {"file": SimpleUploadedFile("badge.png", png, "image/png")})
    assert upload.status_code == 200 and upload.json()["status"] == "valid"
    page = client.post(PAGE, {"file": SimpleUploadedFile("badge.png", png, "image/png")})
    assert page.status_code == 200
    assert b'data-status="valid"' in page.content and b"Valid: the program issued" in page.content
    assert state() == before


def test_a_baked_svg_verifies_as_an_upload_to_the_api_too(client, svg):
    upload = client.post(VERIFY, {"file": SimpleUploadedFile("badge.svg", svg, "image/svg+xml")})
    assert upload.status_code == 200 and upload.json()["status"] == "valid"


def test_a_png_whose_baked_credential_was_changed_is_tampered(client, png, document):
    changed = copy.deepcopy(document)
    changed["name"] = "Distinguished Engineer (gold)"
    forged = baking.bake_png(png, json.dumps(changed))
    body = client.post(VERIFY, data=forged, content_type="image/png").json()
    assert body["status"] == "tampered" and body["valid"] is False
    assert body["errors"][0] == (
        "The signature does not match the content: the credential was changed after it was signed."
    )
    page = client.post(PAGE, {"file": SimpleUploadedFile("badge.png", forged, "image/png")})
    assert page.status_code == 200 and b'data-status="tampered"' in page.content


def test_an_svg_whose_baked_credential_was_changed_is_tampered(client, document):
    changed = {**copy.deepcopy(document), "validUntil": "2099-06-30T23:59:59Z"}
    forged = baking.badge_svg("Distinguished Engineer", "#0b5cad", credential_json=json.dumps(changed))
    page = client.post(PAGE, {"file": SimpleUploadedFile("badge.svg", forged.encode(), "image/svg+xml")})
    assert page.status_code == 200 and b'data-status="tampered"' in page.content


# --- images that carry no readable credential: 400, never 500 -------------------------------------------


def _twice(png):
    return after_ihdr(baking.bake_png(png, '{"proof": []}'), chunk(b"iTXt", itxt(b'{"proof": []}')))


def _bad_crc(png):
    at = png.index(b"IDAT") + 10
    return png[:at] + bytes([png[at] ^ 0xFF]) + png[at + 1 :]


def _length_past_the_end(png):
    at = png.index(b"IDAT") - 4
    return png[:at] + struct.pack(">I", 0x7FFFFFF0) + png[at + 4 :]


def _length_over_the_png_maximum(png):
    at = png.index(b"IDAT") - 4
    return png[:at] + struct.pack(">I", 0xFFFFFFFF) + png[at + 4 :]


def _over_one_megabyte(png):
    return after_ihdr(png, chunk(b"prVt", b"\0" * (1024 * 1024)))


BAD_PNGS = [
    ("none", lambda png: png, "no credential baked in"),
    ("twice", _twice, "baked in 2 times (2 iTXt chunks with the keyword openbadgecredential)"),
    ("bad-crc", _bad_crc, "its IDAT chunk fails its CRC check"),
    ("cut-in-a-chunk", lambda png: png[: len(png) // 2], "past the end of the file"),
    ("cut-in-a-header", lambda png: png[:40], "ends in the middle of a chunk"),
    ("length-past-the-end", _length_past_the_end, "says it holds 2147483632 bytes, past the end"),
    ("length-over-2**31", _length_over_the_png_maximum, "past the end of the file"),
    ("no-iend", lambda png: png[:-12], "ends before its IEND chunk"),
    (
        "not-ihdr-first",
        lambda png: SIGNATURE + chunk(b"tEXt", b"a\0b") + png[8:],
        "does not begin with an IHDR",
    ),
    ("type-not-letters", lambda png: after_ihdr(png, chunk(b"i\0Xt", b"")), "not four letters"),
    (
        "compressed-broken",
        lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b"not zlib at all", compressed=True))),
        "its compressed data is damaged",
    ),
    (
        "compressed-bomb",
        lambda png: after_ihdr(
            png, chunk(b"iTXt", itxt(zlib.compress(b" " * (8 << 20), 9), compressed=True))
        ),
        "expands to more than 256 KB",
    ),
    (
        "compressed-cut",
        lambda png: after_ihdr(
            png, chunk(b"iTXt", itxt(zlib.compress(b'{"proof": []}' * 50)[:-8], compressed=True))
        ),
        "compressed data is cut short",
    ),
    (
        "open-badges-2-itxt",
        lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b'{"verify": {}}', keyword=b"openbadges"))),
        "Open Badges 2.0 badge",
    ),
    (
        "open-badges-2-text",
        lambda png: after_ihdr(png, chunk(b"tEXt", b"openbadges\0https://issuer.example/assertion/1")),
        "Open Badges 2.0 badge",
    ),
    (
        "credential-in-text",
        lambda png: after_ihdr(png, chunk(b"tEXt", b'openbadgecredential\0{"proof": []}')),
        "in a tEXt or zTXt chunk",
    ),
    (
        "itxt-stops",
        lambda png: after_ihdr(png, chunk(b"iTXt", b"openbadgecredential\0")),
        "malformed: it stops after its keyword",
    ),
    (
        "itxt-unended",
        lambda png: after_ihdr(png, chunk(b"iTXt", b"openbadgecredential\0\0\0json")),
        "malformed: its language tag is not ended",
    ),
    (
        "itxt-compression-unknown",
        lambda png: after_ihdr(png, chunk(b"iTXt", b"openbadgecredential\0\7\0\0\0{}")),
        "its compression is unknown",
    ),
    ("not-utf8", lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b"\xff\xfe{}"))), "not UTF-8 text"),
    ("empty", lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b"  "))), "chunk is empty"),
    ("not-json", lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b"hello"))), "This is not JSON"),
    ("no-proof", lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b'{"name": "x"}'))), "no proof"),
    (
        "jwt",
        lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b"eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln"))),
        "JWT-encoded",
    ),
    (
        "credential-too-large",
        lambda png: after_ihdr(png, chunk(b"iTXt", itxt(b'{"a": "' + b"x" * (300 * 1024) + b'"}'))),
        "The credential baked into this badge is 300 KB",
    ),
    ("image-too-large", _over_one_megabyte, "may have at most 1 MB here"),
]


@pytest.fixture(scope="module")
def plain_png() -> bytes:
    """A well-formed badge PNG with no credential, the base of each damaged one."""
    return baking.badge_png.draw_badge("Distinguished Engineer", "#0b5cad")


@pytest.mark.parametrize(("make", "message"), [case[1:] for case in BAD_PNGS], ids=[c[0] for c in BAD_PNGS])
def test_a_png_without_a_readable_credential_is_a_400_on_the_api_and_the_page(
    db, client, plain_png, make, message
):
    bad = make(plain_png)
    before = state()
    with pytest.raises(ValidationError) as refused:
        api.read_submission(bad, content_type="image/png")
    assert message in str(refused.value)
    for content_type in ("image/png", "application/octet-stream"):
        response = client.post(VERIFY, data=bad, content_type=content_type)
        assert response.status_code == 400, response.content[:300]
        assert list(response.json()) == ["credential"] and message in response.json()["credential"][0]
    if len(bad) <= api.MAX_BADGE_BYTES:
        upload = client.post(VERIFY, {"file": SimpleUploadedFile("badge.png", bad, "image/png")})
        assert upload.status_code == 400 and message in upload.json()["credential"][0]
    page = client.post(PAGE, {"file": SimpleUploadedFile("badge.png", bad, "image/png")})
    assert page.status_code == 400
    assert b'class="errorlist' in page.content and b"data-status" not in page.content
    if len(bad) <= api.MAX_BADGE_BYTES:
        assert message.encode() in page.content.replace(b"&#x27;", b"'")
    assert state() == before


def test_an_upload_too_large_for_a_badge_is_refused_before_it_is_read(db, client, plain_png):
    big = _over_one_megabyte(plain_png)
    assert len(big) // 1024 > 1024
    response = client.post(VERIFY, {"file": SimpleUploadedFile("badge.png", big, "image/png")})
    assert response.status_code == 400
    assert response.json()["file"] == [
        f"This file is {len(big) // 1024} KB; a badge with its credential baked in may have at most 1 MB here. "
        "Send the credential's .json or its badge (.png or .svg) as it was downloaded."
    ]
    page = client.post(PAGE, {"file": SimpleUploadedFile("badge.png", big, "image/png")})
    assert page.status_code == 400 and b"may have at most 1 MB here" in page.content


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        (b"GIF89a\x01\x00\x01\x00", "badge.png", "This is not a PNG image"),
        (b'{"proof": []}', "badge.png", "This is not a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "badge.jpg", "This is a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "badge.gif", "This is a GIF image"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "badge.webp", "This is a WebP image"),
    ],
)
def test_an_image_that_is_not_a_png_is_a_400_that_says_what_it_is(db, client, body, name, message):
    media_type = "image/png" if name.endswith(".png") else "image/" + name.rsplit(".", 1)[1]
    raw = client.post(VERIFY, data=body, content_type=media_type)
    assert raw.status_code == 400 and message in raw.json()["credential"][0]
    upload = client.post(VERIFY, {"file": SimpleUploadedFile(name, body, media_type)})
    assert upload.status_code == 400 and message in upload.json()["credential"][0]
    page = client.post(PAGE, {"file": SimpleUploadedFile(name, body, media_type)})
    assert page.status_code == 400 and message.encode() in page.content


BAD_SVGS = [
    (
        b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:openbadges='https://purl.imsglobal.org/ob/v3p0'>"
        b"<openbadges:credential><![CDATA[{}]]></openbadges:credential>"
        b"<openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>",
        "baked in 2 times (2 <openbadges:credential> elements)",
    ),
    (
        b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:openbadges='https://purl.imsglobal.org/ob/v3p0'>"
        b"<openbadges:credential>  </openbadges:credential></svg>",
        "element is empty",
    ),
    (
        b"<svg xmlns='http://www.w3.org/2000/svg'>" + b"<g/>" * (300 * 1024) + b"</svg>",
        "may have at most 1 MB here",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD_SVGS, ids=["twice", "empty", "too-large"])
def test_an_svg_without_one_readable_credential_is_a_400_on_the_api_and_the_page(db, client, body, message):
    before = state()
    response = client.post(VERIFY, data=body, content_type="image/svg+xml")
    assert response.status_code == 400 and message in response.json()["credential"][0]
    page = client.post(PAGE, {"file": SimpleUploadedFile("badge.svg", body, "image/svg+xml")})
    assert page.status_code == 400 and message.encode() in page.content.replace(b"&lt;", b"<").replace(
        b"&gt;", b">"
    )
    assert state() == before


def test_a_real_baked_svg_or_png_is_far_under_the_limit(png, svg):
    assert len(png) < api.MAX_BADGE_BYTES / 8 and len(svg) < api.MAX_BADGE_BYTES / 8


# --- where the member finds the downloads ---------------------------------------------------------------


LINKS = Template('{% include "credentials/membership_links.html" with membership=m %}')


def test_the_membership_links_and_the_credential_page_offer_both_badges(client, membership, credential):
    html = LINKS.render(Context({"m": membership}))
    assert f'href="/credentials/{credential.uuid}/badge.svg?download"' in html
    assert f'href="/credentials/{credential.uuid}/badge.png?download"' in html
    assert "Badge with the credential (SVG)" in html and "Badge with the credential (PNG)" in html
    page = client.get(f"/credentials/{credential.uuid}/", HTTP_ACCEPT="text/html").content.decode()
    assert f'href="/credentials/{credential.uuid}/badge.png?download"' in page
    assert "The badge with the credential baked in (PNG)" in page


def test_the_verify_page_takes_png_and_svg_badges(client, db):
    content = client.get(PAGE).content.decode()
    assert 'accept=".json,.png,.svg,application/json,image/png,image/svg+xml"' in content
    assert "its badge (.png or .svg, with the credential baked in)" in content
