"""The pages on a phone (390 px wide): below 768 px the navigation folds behind a Menu button that
opens and closes (and stays open without JavaScript), and no page scrolls sideways — the review
page with long evidence links first, which did."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from distinguished.program import api as program
from distinguished.review import api as review

from ..conftest import PASSWORD
from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    CycleFactory,
    EvidenceFactory,
    NominationFactory,
    UserFactory,
    UserRoleFactory,
)
from .conftest import ARTIFACTS, axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
GROUPS = {"toc": 1, "axim": 2, "core_contributors": 2, "partners": 2, "community_leaders": 2, "bizdev": 1}
LONG_URL = (
    "https://github.com/openedx/frontend-app-learning/pull/12345/files"
    "#diff-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
)
LONG_TITLE = "Refactored-the-course-outline-loader-into-a-streaming-pipeline-with-backpressure-and-retries"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def world(db):
    """A cycle in review with a full panel; Ana's nomination (long evidence links) assigned to a
    panelist; the admin and the chair."""
    admin = UserFactory(username="ada", name="Ada Admin", roles=["admin"])
    cycle = CycleFactory(slug="2027", name="2027 cohort")
    seats = []
    for group, count in GROUPS.items():
        for i in range(count):
            user = UserFactory(username=f"{group}{i}", roles=["panelist"], contributor=ContributorFactory())
            seats.append(
                review.seat_panelist(actor=admin, cycle=cycle, user=user, group=group, chair=not seats)
            )
    chair = seats[0].user
    UserRoleFactory(user=chair, role="chair")
    nomination = NominationFactory(
        cycle=cycle,
        nominee=ContributorFactory(name="Ana Aranda"),
        nominator=UserFactory(name="Nora Nominator"),
        statement=f"Ana did great things: {LONG_URL}",
    )
    for i in range(3):
        EvidenceFactory(
            nomination=nomination,
            date=timezone.localdate() - dt.timedelta(days=10 + i),
            title=f"{LONG_TITLE}-{i}",
            url=f"{LONG_URL}{i}",
        )
    reviewer = seats[1].user
    assignment = AssignmentFactory(nomination=nomination, panelist=reviewer)
    program.override_phase(actor=admin, cycle=cycle, phase="review", reason="Browser test")
    return {
        "admin": admin,
        "chair": chair,
        "reviewer": reviewer,
        "assignment": assignment,
        "nomination": nomination,
    }


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def wider_than_the_screen(page) -> list[str]:
    """What sticks out to the right of the viewport (the outermost such elements), to say why a
    page scrolls sideways."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth + 0.5;
            const out = e => e.getBoundingClientRect().right > width;
            const clipped = e => {
                for (let a = e.parentElement; a; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX !== 'visible') { return true; }
                }
                return false;
            };
            return [...document.querySelectorAll('body *')]
                .filter(e => out(e) && !clipped(e) && !(e.parentElement && out(e.parentElement)))
                .slice(0, 5)
                .map(e => e.tagName + '.' + e.className + ' in ' + e.parentElement.tagName + '.'
                    + e.parentElement.className + ': ' + (e.textContent || '').trim().slice(0, 40));
        }"""
    )


def test_the_review_page_does_not_scroll_sideways_at_390_px(phone, world):
    sign_in(phone, world["reviewer"].username, PASSWORD)
    phone.goto(f"/review/{world['assignment'].pk}/")
    phone.get_by_role("heading", name="Ana Aranda").wait_for()
    shot(phone, "review-390")
    assert scroll_width(phone) <= 390, wider_than_the_screen(phone)
    assert axe_violations(phone) == []
    # The long links are whole, wrapped on the page.
    assert phone.get_by_role("link", name=f"{LONG_TITLE}-0").is_visible()


def test_the_menu_folds_below_768_px_and_opens_and_closes(phone, world):
    sign_in(phone, world["admin"].username, PASSWORD)
    phone.goto("/cycles/")
    menu = phone.get_by_role("button", name="Menu")
    nav = phone.get_by_role("navigation", name="Main")
    assert menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.get_attribute("aria-controls") == "site-menu"
    assert not nav.is_visible()
    assert not phone.get_by_role("button", name="Sign out").is_visible()
    assert axe_violations(phone) == []

    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert nav.get_by_role("link", name="Cycles").is_visible()
    assert nav.get_by_role("link", name="Directory").is_visible()
    assert phone.get_by_role("button", name="Sign out").is_visible()
    assert scroll_width(phone) <= 390, wider_than_the_screen(phone)
    assert axe_violations(phone) == []
    shot(phone, "menu-open-390")

    menu.click()
    assert menu.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()

    # Escape closes it too, and the focus goes back to the button.
    menu.click()
    assert nav.is_visible()
    phone.keyboard.press("Escape")
    assert not nav.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert phone.evaluate("document.activeElement.classList.contains('nav-toggle')")

    # A link of the menu leads where it says.
    menu.click()
    nav.get_by_role("link", name="Directory").click()
    phone.wait_for_url(re.compile(r"/directory/$"))


def test_a_wide_screen_shows_the_links_and_no_menu_button(page, world):
    sign_in(page, world["admin"].username, PASSWORD)
    page.goto("/cycles/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Cycles").is_visible()


def test_without_javascript_the_menu_stays_open(browser, live_server, world):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/cycles/")
        nav = page.get_by_role("navigation", name="Main")
        assert nav.get_by_role("link", name="Directory").is_visible()
        assert not page.get_by_role("button", name="Menu").is_visible()
        assert scroll_width(page) <= 390
    finally:
        context.close()


def test_no_page_scrolls_sideways_at_390_px(phone, world):
    """The pages people use most, as the admin, the chair and the reviewer see them."""
    nomination, slug = world["nomination"], "2027"
    visits = {
        "ada": [
            "/",
            "/program/",
            "/cycles/",
            f"/cycles/{slug}/",
            f"/cycles/{slug}/panel/",
            f"/cycles/{slug}/panel/reviewers/",
            f"/cycles/{slug}/screening/",
            f"/cycles/{slug}/ranking/",
            f"/cycles/{slug}/deliberation/",
            f"/cycles/{slug}/approval/",
            f"/nominations/{nomination.pk}/",
            "/nominations/new/",
            "/directory/",
            "/credentials/verify/",
            "/people/",
            "/people/accounts/",
            "/contributions/",
            "/contributions/imports/",
            "/memberships/",
            "/renewals/",
            "/audit/",
        ],
        world["reviewer"].username: [
            "/review/",
            f"/review/{world['assignment'].pk}/",
            "/nominations/",
            "/people/me/",
        ],
    }
    wide = {}
    for username, paths in visits.items():
        phone.context.clear_cookies()
        sign_in(phone, username, PASSWORD)
        for path in paths:
            response = phone.goto(path)
            assert response.status < 400, (path, response.status)
            if scroll_width(phone) > 390:
                wide[path] = wider_than_the_screen(phone)
    assert wide == {}
