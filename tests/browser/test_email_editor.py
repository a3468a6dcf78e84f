"""The e-mail editor in Chromium (issue 17): a program admin opens a message, the preview follows
what they type for the sample nomination, an unknown placeholder is refused by name as they type
and when they save, a good text is saved as a version, and a reset brings the program's text back.
axe-core finds nothing on the editor."""

import pytest

from tests.factories import UserFactory

from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "editor-test-password"


def test_an_admin_rewrites_a_message_with_its_live_preview_and_resets_it(page, screenshot):
    from playwright.sync_api import expect  # the browser fixture says why when Playwright is missing

    admin = UserFactory(username="mail-admin", roles=["admin"])
    admin.set_password(PASSWORD)
    admin.save()
    sign_in(page, "mail-admin", PASSWORD)
    page.get_by_role("link", name="E-mails").first.click()
    page.get_by_role("link", name="Nomination submitted", exact=True).click()
    page.wait_for_url("**/emails/nomination_submitted/en/")
    preview = page.locator("#preview")
    assert "Amira Haddad" in preview.inner_text()
    assert axe_violations(page) == []

    body = page.get_by_label("Body")
    body.fill("Dear all,\n\n**{nominee}** joins the {cycle} as a {track}. {score}\n\n{link}")
    expect(preview).to_contain_text("Unknown placeholder {score}")  # as they type
    page.get_by_role("button", name="Save a new version").click()
    assert "Unknown placeholder {score}." in page.locator("main").inner_text()  # refused: nothing saved
    assert "No admin has rewritten this message in this language." in page.locator("main").inner_text()

    page.get_by_label("Body").fill("Dear all,\n\n**{nominee}** joins the {cycle} as a {track}.\n\n{link}")
    expect(preview.locator(".prose strong")).to_have_text("Amira Haddad")
    assert "joins the 2027 cycle as a Distinguished Engineer" in preview.inner_text()
    screenshot("email-editor")
    page.get_by_role("button", name="Save a new version").click()
    assert "Saved as version 1." in page.locator("main").inner_text()
    assert "Sent now: version 1" in page.locator("main").inner_text()

    page.get_by_role("button", name="Reset to the program’s text").click()
    assert "The program’s default text is sent again." in page.locator("main").inner_text()
    assert "Sent now: the program’s text." in page.locator("main").inner_text()
