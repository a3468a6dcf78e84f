"""Our credentials verify in Digital Bazaar's verifier (@digitalbazaar/vc 7 with the eddsa-rdfc-2022
cryptosuite), which reads the issuer Profile as JSON-LD in safe mode, checks the key is authorized
for assertionMethod, verifies the status list credential with the same key, and validates the
Open Badges 3.0 AchievementCredential JSON schema (ajv). Credentials are issued by our code and served
by a live server; the verifier fetches only from it, with the contexts offline."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from distinguished.credentials import api, documents, signing
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..factories import ContributorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(settings, live_server, tmp_path):
    """The live server is the issuer; a fresh key in a temporary key file."""
    settings.SITE_URL = live_server.url
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    api.generate_issuer_key()
    return live_server.url


def new_member(admin_user, track="engineer"):
    """A term that started ten days ago: valid now, for the verifier that runs on today's clock."""
    return memberships.record_term(
        actor=admin_user,
        contributor=ContributorFactory(),
        track=program.get_track(track),
        start=timezone.localdate() - dt.timedelta(days=10),
    )


def credential_url(membership) -> str:
    return api.credential_url(api.latest_credential(membership.pk))


def by_input(reports) -> dict:
    return {report["input"]: report for report in reports}


def test_an_issued_credential_verifies_and_a_changed_one_does_not(site, admin_user, digital_bazaar, tmp_path):
    membership = new_member(admin_user)
    credential = api.latest_credential(membership.pk)
    changed = dict(credential.document, name="Distinguished Everything")
    changed_file = tmp_path / "changed.json"
    changed_file.write_text(json.dumps(changed))
    later = dict(credential.document, validUntil="2099-12-31T23:59:59Z")
    later_file = tmp_path / "later.json"
    later_file.write_text(json.dumps(later))
    api_url = f"{site}/api/v1/memberships/{membership.pk}/credential/"

    reports = by_input(digital_bazaar(credential_url(membership), api_url, changed_file, later_file))

    for url in (credential_url(membership), api_url):
        report = reports[url]
        assert report["valid"], report
        assert report["verified"] and report["revoked"] is False and report["schemaValid"]
        assert report["id"] == credential.document["id"]
    for changed_input in (changed_file, later_file):
        report = reports[str(changed_input)]
        assert not report["valid"] and not report["verified"], report
        # Still an Open Badges credential by its shape: only the signature fails.
        assert report["schemaValid"], report["schemaErrors"]
        assert any("signature" in error.lower() for error in report["errors"]), report["errors"]


def test_after_revocation_the_status_check_says_revoked(site, admin_user, digital_bazaar):
    kept, revoked = new_member(admin_user), new_member(admin_user, "advocate")
    before = by_input(digital_bazaar(credential_url(revoked)))[credential_url(revoked)]
    assert before["valid"] and before["revoked"] is False, before

    memberships.revoke(actor=admin_user, membership=revoked, reason="Asked to leave the program.")

    reports = by_input(digital_bazaar(credential_url(kept), credential_url(revoked)))
    assert reports[credential_url(kept)]["valid"], reports[credential_url(kept)]
    after = reports[credential_url(revoked)]
    # The signature still holds, the status list credential verified, and its bit is set.
    assert after["verified"] and after["revoked"] is True and not after["valid"], after
    assert any("revoked" in error for error in after["errors"])


def test_after_a_key_rotation_old_and_new_credentials_verify(site, admin_user, digital_bazaar):
    old = new_member(admin_user)
    api.generate_issuer_key(rotate=True)
    new = new_member(admin_user, "innovator")
    old_method = api.latest_credential(old.pk).document["proof"][0]["verificationMethod"]
    new_method = api.latest_credential(new.pk).document["proof"][0]["verificationMethod"]
    assert old_method != new_method

    reports = by_input(digital_bazaar(credential_url(old), credential_url(new)))

    assert reports[credential_url(old)]["valid"], reports[credential_url(old)]
    assert reports[credential_url(new)]["valid"], reports[credential_url(new)]


def test_the_baked_svg_and_png_badges_verify(site, admin_user, digital_bazaar, client, tmp_path):
    """Our baking read by someone else's code: the SVG's openbadges:credential element and the PNG's
    openbadgecredential iTXt chunk, fetched from the server and from downloaded files."""
    membership = new_member(admin_user, "partner")
    credential = api.latest_credential(membership.pk)
    svg = f"{site}/credentials/{credential.uuid}/badge.svg"
    png = f"{site}/credentials/{credential.uuid}/badge.png"
    downloaded = tmp_path / "badge.png"
    downloaded.write_bytes(client.get(f"/credentials/{credential.uuid}/badge.png?download").content)

    reports = digital_bazaar(svg, png, downloaded)

    assert len(reports) == 3
    for report in reports:
        assert report["valid"], report
        assert report["id"] == credential.document["id"]


def test_a_profile_without_the_controlled_identifiers_context_fails_there(
    site, admin_user, digital_bazaar, monkeypatch
):
    """The defect the issue found, seen by the independent verifier: without the CID context the
    Profile's assertionMethod is dropped in safe mode and nothing verifies. This is what makes the
    passing tests above mean something."""
    membership = new_member(admin_user)
    monkeypatch.setattr(documents, "PROFILE_CONTEXT", [signing.VC_V2, signing.OB_V3, signing.MULTIKEY_V1])

    (report,) = digital_bazaar(credential_url(membership))

    assert not report["verified"], report
    assert any("assertionMethod" in error for error in report["errors"]), report["errors"]


def test_it_fetches_nothing_outside_the_issuer(site, admin_user, digital_bazaar, tmp_path):
    """A credential naming another issuer's key is not verified by fetching that issuer."""
    membership = new_member(admin_user)
    document = api.latest_credential(membership.pk).document
    elsewhere = json.loads(json.dumps(document).replace(site, "https://attacker.example"))
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(elsewhere))

    (report,) = digital_bazaar(path)

    assert not report["valid"]
    assert any("only " + site in error for error in report["errors"]), report["errors"]
