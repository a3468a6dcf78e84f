"""Several cycles at once, in a real browser (issue 13): two cycles take nominations at the same
time, each with its own panel. Each panelist's menu leads to their own cycle's pages (none answers
403, the other cycle's are not there), and a member nominating is asked which open cycle — or
comes from a cycle's Nominate button, which chooses it for them."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review

from ..conftest import PASSWORD
from ..factories import ContributorFactory, CycleFactory, UserFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def menu(page):
    return page.get_by_role("navigation", name="Main")


def open_cycle_menu(page, name: str):
    """Open a cycle's group in the menu; its links are the list named after the cycle."""
    menu(page).locator("summary", has_text=name).click()
    return menu(page).get_by_role("list", name=name)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_each_panelist_reaches_their_own_cycle_from_the_menu(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    CycleFactory(slug="2027", name="2027 cohort", nominations_open=day(-21))
    CycleFactory(slug="2028", name="2028 cohort", nominations_open=day(-2))
    for username, slug, group in (("ana", "2027", "core_contributors"), ("bo", "2028", "axim")):
        user = UserFactory(username=username, roles=["panelist"], contributor=ContributorFactory())
        review.seat_panelist(actor=admin, cycle=program.get_cycle(slug), user=user, group=group)

    for username, mine, theirs in (
        ("ana", "2027 cohort", "2028 cohort"),
        ("bo", "2028 cohort", "2027 cohort"),
    ):
        sign_in(page, username, PASSWORD)
        assert menu(page).locator("summary", has_text=theirs).count() == 0
        links = open_cycle_menu(page, mine)
        screenshot(f"several-cycles-menu-{username}")
        links.get_by_role("link", name="Deliberation").click()
        page.wait_for_url(re.compile(r"/deliberation/$"))
        page.get_by_role("heading", name=f"Deliberation: {mine}").wait_for()
        open_cycle_menu(page, mine).get_by_role("link", name="Panel").click()
        page.get_by_role("heading", name=f"Review panel: {mine}").wait_for()
        assert page.get_by_text("You may not do this").count() == 0
        # The home page says the same, about the person.
        page.get_by_role("link", name="Home").first.click()
        page.wait_for_url(re.compile(r"/$"))
        work = page.get_by_test_id(f"work-{mine[:4]}")
        assert work.get_by_role("link", name="Panel").is_visible()
        assert page.get_by_test_id(f"work-{theirs[:4]}").count() == 0
        sign_out(page)


def test_a_member_chooses_the_cycle_or_comes_from_its_nominate_button(page, screenshot):
    CycleFactory(slug="2027", name="2027 cohort", nominations_open=day(-21))
    CycleFactory(slug="2028", name="2028 cohort", nominations_open=day(-2))
    UserFactory(username="nora", contributor=ContributorFactory(name="Nora Nominator"))
    ContributorFactory(name="Nia Nominee")
    ContributorFactory(name="Ned Nominee")
    sign_in(page, "nora", PASSWORD)

    # From the menu's form: both open cycles are offered by name; sent without a choice, it asks.
    page.goto("/nominations/new/")
    choice = page.get_by_role("group", name="Which cycle is this nomination for?")
    assert choice.get_by_label("2027 cohort").is_visible() and choice.get_by_label("2028 cohort").is_visible()
    page.get_by_label("Someone the program knows").check()
    page.get_by_label("Nominee", exact=True).select_option(label="Nia Nominee")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text(
        "Several cycles are open for nominations: 2027 cohort (2027), 2028 cohort (2028)."
    ).wait_for()
    assert not Nomination.objects.exists()
    screenshot("several-cycles-nominate-asks")
    page.get_by_role("group", name="Which cycle is this nomination for?").get_by_label("2027 cohort").check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))
    assert Nomination.objects.get(nominee__name="Nia Nominee").cycle.slug == "2027"

    # From the 2028 cycle's page: its Nominate button chooses it.
    page.goto("/cycles/2028/")
    page.get_by_role("link", name="Nominate", exact=True).click()
    page.wait_for_url(re.compile(r"/nominations/new/\?cycle=2028$"))
    assert (
        page.get_by_role("group", name="Which cycle is this nomination for?")
        .get_by_label("2028 cohort")
        .is_checked()
    )
    page.get_by_label("Someone the program knows").check()
    page.get_by_label("Nominee", exact=True).select_option(label="Ned Nominee")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))
    assert Nomination.objects.get(nominee__name="Ned Nominee").cycle.slug == "2028"

    # Each cycle's nominations now have their place in her menu.
    for name in ("2027 cohort", "2028 cohort"):
        open_cycle_menu(page, name).get_by_role("link", name="Your nominations").click()
        page.get_by_role("heading", name=f"My nominations: {name}").wait_for()
