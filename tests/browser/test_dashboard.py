"""The program in figures in a real browser: an admin reads the dashboard of a cycle and of a
period, a visitor the impact page; axe-core finds no WCAG 2.1 A/AA violation on either, the
charts are named images beside their tables, and the strict Content Security Policy reports
nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from distinguished.program.models import Track

from ..conftest import PASSWORD
from ..factories import (
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def program_with_figures():
    """A cohort announced a year ago with members on every track, and a cycle under way."""
    today = timezone.localdate()
    cohort = CycleFactory(
        slug="last-year",
        name="Last year's cohort",
        nominations_open=today - dt.timedelta(days=500),
        nominations_close=today - dt.timedelta(days=470),
        screening_due=today - dt.timedelta(days=460),
        review_due=today - dt.timedelta(days=440),
        deliberation_due=today - dt.timedelta(days=430),
        approval_due=today - dt.timedelta(days=420),
        announcement_date=today - dt.timedelta(days=400),
    )
    tracks = {t.code: t for t in Track.objects.all()}
    for i in range(7):
        MembershipFactory(
            track=tracks[("engineer", "advocate", "innovator")[i % 3]],
            cycle=cohort,
            start=cohort.announcement_date,
        )
    for tier in ("larger", "larger", "larger", "smaller"):
        MembershipFactory(
            contributor=OrganizationFactory(size_tier=tier),
            track=tracks["partner"],
            cycle=cohort,
            start=cohort.announcement_date,
        )
    MembershipFactory(start=today - dt.timedelta(days=800))  # ended, not renewed
    current = CycleFactory(slug="this-year", name="This year's cohort")
    for state in ("draft", "submitted", "eligible", "ineligible", "withdrawn"):
        DraftNominationFactory(
            cycle=current,
            state=state,
            nominee=ContributorFactory(),
            submitted=None if state == "draft" else timezone.now(),
            screening_reason="Outside the window" if state == "ineligible" else "",
            live=None if state == "withdrawn" else True,
        )
    return cohort, current


def watch_console(page) -> list[str]:
    messages = []
    page.on("console", lambda message: messages.append(message.text) if message.type == "error" else None)
    return messages


def test_an_admin_reads_the_dashboard_and_axe_finds_nothing(page, screenshot):
    program_with_figures()
    UserFactory(username="ada", roles=["admin"])
    errors = watch_console(page)
    sign_in(page, "ada", PASSWORD)

    page.goto("/program/dashboard/?cycle=last-year")
    assert page.get_by_role("heading", name="The program at a glance").is_visible()
    assert page.get_by_test_id("active-members").inner_text() == "11"
    tracks = page.get_by_role("img", name="Active members per track")
    assert tracks.is_visible()
    assert "Distinguished Engineer: 3" in tracks.locator("desc").text_content()
    assert page.get_by_role("table", name="Active members per track").is_visible()
    assert page.get_by_role("table", name="Each target of the program against its actual value").is_visible()
    assert axe_violations(page) == []
    screenshot("dashboard-cycle")

    page.get_by_label("Cycle").select_option("this-year")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/program/dashboard/?cycle=this-year*")
    assert page.get_by_role(
        "img", name="The nominations of This year's cohort, from start to selection"
    ).is_visible()
    assert page.get_by_role("table", name="Why nominations were found ineligible").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Since the program began").click()
    assert page.get_by_role("heading", name="Last year's cohort").is_visible()
    assert axe_violations(page) == []
    screenshot("dashboard-since-the-start")

    page.get_by_label("From", exact=True).fill("2026-06-01")
    page.get_by_label("To", exact=True).fill("2026-05-01")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_text("The period starts (2026-06-01) after it ends (2026-05-01).").is_visible()
    assert axe_violations(page) == []
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_visitor_reads_the_impact_page_and_axe_finds_nothing(page, screenshot):
    program_with_figures()
    errors = watch_console(page)
    page.goto("/program/impact/")
    assert page.get_by_role("heading", name="The program's impact").is_visible()
    assert page.get_by_test_id("impact-active").inner_text() == "11"
    tiers = page.get_by_role("table", name="Active partner organizations per tier")
    # One smaller partner: “fewer than 3”; the three larger ones withheld, or the total would tell.
    assert "fewer than 3" in tiers.inner_text() and "not shown" in tiers.inner_text()
    assert page.get_by_role("img", name="New members per cohort").is_visible()
    assert axe_violations(page) == []
    screenshot("impact-page")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_dashboard_is_refused_to_a_member(page):
    UserFactory(username="mia", roles=[])
    sign_in(page, "mia", PASSWORD)
    response = page.goto("/program/dashboard/")
    assert response.status == 403
