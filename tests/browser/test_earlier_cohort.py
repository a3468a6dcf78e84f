"""An earlier cohort in a real browser: an admin records a member of the July 2025 cohort on the
Memberships page, publishes the cohort's announcement from the cycle's final list, and the public
reads it."""

import re

import pytest

from distinguished.cohorts.models import Announcement

from ..conftest import PASSWORD
from ..factories import ContributorFactory, UserFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_records_the_2025_cohort_and_publishes_its_announcement(page, screenshot, mailoutbox):
    admin = UserFactory(username="ada", roles=["admin"])
    ContributorFactory(name="Lucía Fernández", email="lucia@example.org", listed_publicly=True)

    sign_in(page, admin.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Memberships", exact=True).click()
    record = page.locator("section", has=page.get_by_role("heading", name="Record a term"))
    record.get_by_label(re.compile(r"^Contributor")).fill("lucia@example.org")
    record.get_by_label(re.compile(r"^Track")).select_option("engineer")
    record.get_by_label(re.compile(r"^First day of the term")).fill("2025-07-01")
    record.get_by_label(re.compile(r"^Cohort")).select_option("2025")
    record.get_by_role("button", name="Record the term").click()
    page.get_by_text("The term is recorded.").wait_for()

    page.goto("/cycles/2025/")
    page.get_by_role("link", name="Final list").click()
    assert "Lucía Fernández, Distinguished Engineer" in page.get_by_test_id("recorded-terms").inner_text()
    page.get_by_role("button", name="Publish the announcement of the 2025 cohort").click()
    page.get_by_text("Published: the announcement of the recorded cohort.").wait_for()
    page.get_by_role("link", name="Read the public announcement").click()
    screenshot("earlier-cohort-announcement")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/cycles/2025/announcement/")
    body = page.locator("main").inner_text()
    assert "recognized at the Open edX Conference, Paris, 1 July 2025" in body
    assert "Lucía Fernández" in body
    assert Announcement.objects.get().recorded
    assert mailoutbox == []  # nobody is e-mailed: they heard at the time
