"""The site in the community's languages, in Chromium (issue 17): a visitor whose browser asks for
Arabic reads the main pages right to left, and axe-core finds no WCAG 2.1 A/AA violation on them;
the footer's switch changes the language, and a signed-in person's choice follows them to another
browser."""

import pytest

from tests.factories import UserFactory

from .conftest import ARTIFACTS, axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "languages-test-password"
MAIN_PAGES = ["/", "/program/", "/directory/", "/program/impact/", "/cycles/", "/accounts/sign-in/"]


@pytest.fixture
def arabic_page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="ar-EG"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_visitor_reads_the_main_pages_in_arabic_right_to_left_and_axe_finds_nothing(
    arabic_page, screenshot
):
    page = arabic_page
    for path in MAIN_PAGES:
        page.goto(path)
        root = page.locator("html")
        assert (root.get_attribute("lang"), root.get_attribute("dir")) == ("ar", "rtl"), path
        # Right to left for real: the brand sits at the right end of the header, the menu to its left.
        brand = page.locator(".brand").bounding_box()
        assert brand["x"] > 1280 / 2, f"{path}: the brand is at x={brand['x']}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{path} scrolls sideways ({width} px)"
        assert axe_violations(page) == [], path
    ARTIFACTS.mkdir(exist_ok=True)
    for path, name in (("/program/", "program-in-arabic"), ("/program/impact/", "impact-in-arabic")):
        page.goto(path)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_footer_switch_changes_the_language_and_the_choice_follows_a_signed_in_person(
    browser, live_server, page
):
    UserFactory(username="lucia", password=PASSWORD)
    page.goto("/program/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option("fr")
    page.locator("form.language-switch button").click()
    page.wait_for_url("**/program/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_label("Langue").input_value() == "fr"

    sign_in_form = "/accounts/sign-in/"
    page.goto(sign_in_form)
    page.locator("#id_username").fill("lucia")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
    page.get_by_label("Langue").select_option("es")
    page.locator("form.language-switch button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "es"

    # Another browser, whose own language is English: signed in, the saved Spanish wins.
    other = browser.new_context(base_url=live_server.url, locale="en-US")
    try:
        elsewhere = other.new_page()
        elsewhere.goto("/program/")
        assert elsewhere.locator("html").get_attribute("lang") == "en"
        elsewhere.goto(sign_in_form)
        elsewhere.locator("#id_username").fill("lucia")
        elsewhere.locator("#id_password").fill(PASSWORD)
        elsewhere.locator("main form button[type=submit]").click()
        elsewhere.wait_for_url("**/")
        assert elsewhere.locator("html").get_attribute("lang") == "es"
    finally:
        other.close()
