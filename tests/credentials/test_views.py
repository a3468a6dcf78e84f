"""The public documents and pages: the issuer Profile with every key, the status list credential,
each credential as JSON, page, baked SVG and download, the membership's credential in the REST API,
the links a profile page includes, and their query counts."""

import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.template import Context, Template
from django.urls import reverse
from jsonschema import Draft201909Validator
from lxml import etree

from distinguished.credentials import api, bitstring, signing
from distinguished.credentials.models import Credential
from distinguished.membership import api as memberships
from distinguished.membership.models import Membership
from distinguished.program import api as program

from ..factories import ContributorFactory, MembershipFactory
from .conftest import TERM_START

SITE = "http://testserver"
ISSUER = f"{SITE}/credentials/issuer/"
OB3_SVG = "https://purl.imsglobal.org/ob/v3p0"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE


def key_resolver_from(profile: dict):
    """What an outside verifier does: take the key the proof names from the issuer's Profile."""
    methods = {m["id"]: m for m in profile["verificationMethod"]}

    def resolve(method):
        entry = methods.get(method)
        if entry is None or entry["type"] != "Multikey" or entry["controller"] != profile["id"]:
            return None
        return signing.public_key_from_multibase(entry["publicKeyMultibase"])

    return resolve


# --- issuer Profile ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rotations", [0, 3])
def test_issuer_profile_lists_every_key_as_a_multikey(
    client, issuer_key, rotations, django_assert_num_queries
):
    keys = [issuer_key] + [api.generate_issuer_key(rotate=True)[0] for _ in range(rotations)]
    # The program's row and one query for the keys, whatever their number.
    with django_assert_num_queries(2):
        response = client.get("/credentials/issuer/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    profile = response.json()
    assert profile["id"] == ISSUER == SITE + reverse("credentials:issuer")
    assert profile["type"] == ["Profile"] and profile["name"] == "Open edX Distinguished Contributor Program"
    assert profile["verificationMethod"] == [
        {
            "id": f"{ISSUER}#{key.public_key_multibase}",
            "type": "Multikey",
            "controller": ISSUER,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in keys
    ]
    assert profile["assertionMethod"] == [m["id"] for m in profile["verificationMethod"]]
    assert api.schema_errors(profile, "profile") == []
    schema = json.loads((api.SCHEMA_DIR / "profile.schema.json").read_text(encoding="utf-8"))
    assert list(Draft201909Validator(schema).iter_errors(profile)) == []


def test_the_credentials_issuer_id_answers_with_the_key_that_signed_it(client, document):
    profile = client.get(document["issuer"]["id"].removeprefix(SITE)).json()
    assert profile["id"] == document["issuer"]["id"]
    assert signing.verify_proofs(document, key_resolver_from(profile)).ok


def test_issuer_and_achievement_images_and_achievement_document(client, document):
    image = client.get("/credentials/issuer/image.svg")
    assert image.status_code == 200 and image["Content-Type"].startswith("image/svg+xml")
    etree.fromstring(image.content)
    achievement = document["credentialSubject"]["achievement"]
    served = client.get(achievement["id"].removeprefix(SITE)).json()
    assert served["@context"] == document["@context"]
    assert {k: v for k, v in served.items() if k != "@context"} == achievement
    badge = client.get(achievement["image"]["id"].removeprefix(SITE))
    assert badge.status_code == 200 and b"Distinguished Engineer" in badge.content
    assert client.get("/credentials/achievements/astronaut/").status_code == 404
    assert client.get("/credentials/achievements/astronaut/image.svg").status_code == 404


# --- status list ---------------------------------------------------------------------------------------


def test_status_list_credential_is_signed_and_has_every_bit_clear(
    client, document, django_assert_num_queries
):
    url = document["credentialStatus"]["statusListCredential"].removeprefix(SITE)
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=300"
    published = response.json()
    assert published["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert published["id"] == f"{SITE}{url}"
    assert published["issuer"] == ISSUER
    subject = published["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "revocation"
    bits = bitstring.decode(subject["encodedList"])
    assert len(bits) * 8 == bitstring.MIN_BITS and not any(bits)
    profile = client.get("/credentials/issuer/").json()
    assert signing.verify_proofs(published, key_resolver_from(profile)).ok
    assert client.get("/credentials/status/999/").status_code == 404


def test_status_list_keeps_one_list_for_many_credentials(admin_user, issuer_key, clock):
    for contributor in ContributorFactory.create_batch(3):
        memberships.record_term(
            actor=admin_user, contributor=contributor, track=program.get_track("advocate"), start=TERM_START
        )
    credentials = list(Credential.objects.all())
    assert len({c.status_list_id for c in credentials}) == 1
    assert len({c.status_index for c in credentials}) == 3


# --- one credential ------------------------------------------------------------------------------------


def test_credential_id_answers_with_the_signed_json(client, credential, django_assert_num_queries):
    path = f"/credentials/{credential.uuid}/"
    assert credential.document["id"] == SITE + path
    for accept in ("", "application/ld+json", "application/json", "*/*"):
        with django_assert_num_queries(1):
            response = client.get(path, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/ld+json"
        # The address answers HTML too, in the reader's language: caches keep the two apart.
        assert {"Accept", "Accept-Language"} <= {value.strip() for value in response["Vary"].split(",")}
        assert response.json() == credential.document
    assert client.get("/credentials/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/credentials/not-a-uuid/").status_code == 404


def test_credential_page_for_a_person_shows_the_check_and_the_links(client, credential, person):
    response = client.get(f"/credentials/{credential.uuid}/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert 'data-status="valid"' in content
    assert person.name in content  # listed publicly
    assert f'href="/credentials/{credential.uuid}/download/"' in content
    assert f'href="/credentials/{credential.uuid}/badge.svg?download"' in content
    assert "https://www.linkedin.com/profile/add?" in content
    assert 'class="site-header"' in content  # the project's base template


def test_credential_page_does_not_name_an_unlisted_holder(client, admin_user, issuer_key, clock):
    hidden = ContributorFactory(name="Quiet Quentin", listed_publicly=False)
    membership = memberships.record_term(
        actor=admin_user, contributor=hidden, track=program.get_track("engineer"), start=TERM_START
    )
    credential = api.latest_credential(membership.pk)
    response = client.get(f"/credentials/{credential.uuid}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and b"Quiet Quentin" not in response.content


def test_badge_svg_has_the_credential_baked_in(client, credential):
    response = client.get(f"/credentials/{credential.uuid}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "Content-Disposition" not in response
    root = etree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # OB 3.0 baking: an <openbadges:credential> right inside <svg>, the JSON in CDATA.
    baked = root[0]
    assert baked.tag == f"{{{OB3_SVG}}}credential"
    assert json.loads(baked.text) == credential.document
    assert b"<![CDATA[" in response.content
    verified = client.post("/api/v1/credentials/verify/", data=response.content, content_type="image/svg+xml")
    assert verified.status_code == 200 and verified.json()["status"] == "valid"
    download = client.get(f"/credentials/{credential.uuid}/badge.svg?download")
    assert download["Content-Disposition"] == (
        f'attachment; filename="engineer-credential-{str(credential.uuid)[:8]}.svg"'
    )


def test_baked_svg_upload_verifies_on_the_page(client, credential):
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = client.get(f"/credentials/{credential.uuid}/badge.svg").content
    page = client.post(
        "/credentials/verify/", {"file": SimpleUploadedFile("badge.svg", svg, "image/svg+xml")}
    )
    assert page.status_code == 200 and b'data-status="valid"' in page.content


def test_download_is_the_json_as_an_attachment(client, credential):
    response = client.get(f"/credentials/{credential.uuid}/download/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="engineer-credential-{str(credential.uuid)[:8]}.json"'
    )
    assert json.loads(response.content) == credential.document


# --- REST: a membership's credential --------------------------------------------------------------------


def test_membership_credential_endpoint(client, membership, credential, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(f"/api/v1/memberships/{membership.pk}/credential/")
    assert response.status_code == 200 and response.json() == credential.document
    missing = client.get("/api/v1/memberships/999999/credential/")
    assert missing.status_code == 404 and missing.json() == {"detail": "No such membership."}


def test_membership_without_a_credential_is_a_404_that_says_so(client, person, db):
    bare = MembershipFactory(
        contributor=person, track=program.get_track("engineer"), start=TERM_START, end=TERM_START
    )
    response = client.get(f"/api/v1/memberships/{bare.pk}/credential/")
    assert response.status_code == 404 and "has no credential" in response.json()["detail"]


# --- the links a profile page includes -------------------------------------------------------------------

LINKS = Template(
    '{% for m in memberships %}{% include "credentials/membership_links.html" with membership=m %}{% endfor %}'
)


@pytest.mark.parametrize("count", [1, 4])
def test_membership_links_cost_one_query_for_any_number_of_memberships(
    admin_user,
    person,
    issuer_key,
    clock,
    count,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    tracks = ["engineer", "advocate", "innovator", "partner"][:count]
    with django_capture_on_commit_callbacks(execute=True):
        terms = [
            memberships.record_term(
                actor=admin_user, contributor=person, track=program.get_track(code), start=TERM_START
            )
            for code in tracks
        ]
    terms = list(Membership.objects.filter(pk__in=[t.pk for t in terms]))
    with django_assert_num_queries(1):
        html = LINKS.render(Context({"memberships": terms}))
    assert html.count('data-testid="credential-links"') == count
    assert html.count("Add to LinkedIn profile") == count


def test_membership_links_offer_json_svg_and_linkedin(membership, credential):
    html = LINKS.render(Context({"memberships": [membership]}))
    assert f'href="/credentials/{credential.uuid}/download/"' in html
    assert f'href="/credentials/{credential.uuid}/badge.svg?download"' in html
    assert "Download (JSON)" in html and "(SVG)" in html
    linkedin = api.linkedin_url(credential)
    assert linkedin.replace("&", "&amp;") in html
    query = parse_qs(urlparse(linkedin).query)
    assert urlparse(linkedin).netloc == "www.linkedin.com"
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == ["Distinguished Engineer"]
    assert query["organizationName"] == ["Open edX Distinguished Contributor Program"]
    assert (query["issueYear"], query["issueMonth"]) == (["2025"], ["7"])
    assert (query["expirationYear"], query["expirationMonth"]) == (["2027"], ["6"])
    assert query["certUrl"] == [credential.document["id"]]
    assert query["certId"] == [str(credential.uuid)]


def test_membership_links_of_a_revoked_or_unsigned_membership(membership, admin_user, person, db):
    memberships.revoke(actor=admin_user, membership=membership, reason="Code of conduct.")
    html = LINKS.render(Context({"memberships": [memberships.get_membership(membership.pk)]}))
    assert "credential revoked" in html and "LinkedIn" not in html
    bare = MembershipFactory(
        contributor=person, track=program.get_track("advocate"), start=TERM_START, end=TERM_START
    )
    assert LINKS.render(Context({"memberships": [bare]})).strip() == ""


# --- the verify page --------------------------------------------------------------------------------------


def test_verify_page_extends_the_base_template_and_offers_paste_and_upload(client, db):
    assert reverse("credentials:verify") == "/credentials/verify/"
    response = client.get("/credentials/verify/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="site-header"' in content and "<title>Verify a credential" in content
    assert 'enctype="multipart/form-data"' in content
    assert 'name="credential"' in content and 'name="file"' in content
    assert 'href="/credentials/issuer/"' in content


def test_verify_endpoint_query_count_does_not_grow_with_the_keys(
    client, document, issuer_key, django_assert_num_queries
):
    for _ in range(3):
        api.generate_issuer_key(rotate=True)
    # the key the proof names, the status list, its revocation bit
    with django_assert_num_queries(3):
        response = client.post(
            "/api/v1/credentials/verify/", data=json.dumps(document), content_type="application/json"
        )
    assert response.json()["valid"] is True
