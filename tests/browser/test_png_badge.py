"""A baked PNG badge in a real browser: a member downloads the PNG badge of their membership from My
memberships, and a visitor who was sent that file uploads it on the verify page and reads "Valid"."""

import datetime as dt

import pytest

from distinguished.credentials import api as credentials
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..conftest import PASSWORD
from ..factories import ContributorFactory, UserFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_verifies_a_downloaded_png_badge(page, screenshot, settings, tmp_path):
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    credentials.generate_issuer_key()
    admin = UserFactory(username="ada", roles=["admin"])
    contributor = ContributorFactory(name="Grace Badge", listed_publicly=True)
    member = UserFactory(username="grace", contributor=contributor)
    memberships.record_term(
        actor=admin,
        contributor=contributor,
        track=program.get_track("engineer"),
        start=dt.date.today() - dt.timedelta(days=30),
    )

    # The member downloads the PNG badge of their membership.
    sign_in(page, member.username, PASSWORD)
    page.goto("/memberships/mine/")
    links = page.get_by_test_id("credential-links")
    with page.expect_download() as downloading:
        links.get_by_role("link", name="Badge with the credential (PNG)").click()
    download = downloading.value
    assert download.suggested_filename.startswith("engineer-credential-")
    assert download.suggested_filename.endswith(".png")
    badge = tmp_path / download.suggested_filename
    download.save_as(badge)
    assert badge.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    page.get_by_role("button", name="Sign out").click()

    # A visitor who was sent the file uploads it on the verify page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Verify a badge").click()
    page.get_by_label("…or upload its file").set_input_files(str(badge))
    page.get_by_role("button", name="Verify").click()
    verification = page.get_by_test_id("verification")
    assert verification.get_attribute("data-status") == "valid"
    assert "Valid" in verification.inner_text()
    assert "Distinguished Engineer" in verification.inner_text()
    screenshot("png-badge-verified")
