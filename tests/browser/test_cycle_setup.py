"""The admin's main path of the foundation: sign in, create a cycle through the pages, set a
target, read the cycle back on the home page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from distinguished.audit.models import AuditEvent
from distinguished.program.models import Cycle

from ..conftest import PASSWORD
from ..factories import UserFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def field(page, label: str):
    """The input labelled exactly `label` (a required field's label ends in “(required)”)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(required\))?$"))


def iso(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_admin_creates_a_cycle_and_reads_it_on_the_home_page(page, screenshot):
    UserFactory(username="ada", name="Ada Admin", roles=["admin"])
    sign_in(page, "ada", PASSWORD)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cycles").click()
    page.get_by_role("link", name="New cycle").click()
    field(page, "Slug").fill("2027")
    field(page, "Name").fill("2027 cohort")
    field(page, "Announcement event").fill("Open edX Conference, Valencia")
    dates = {
        "Nominations open": iso(-3),
        "Nominations close": iso(30),
        "Screening ends": iso(45),
        "Review ends": iso(70),
        "Deliberation ends": iso(85),
        "Approval ends": iso(95),
        "Announcement": iso(110),
    }
    # First a mistake: the review cannot end before screening does.
    for label, value in {**dates, "Review ends": iso(40)}.items():
        field(page, label).fill(value)
    page.get_by_role("button", name="Create cycle").click()
    assert page.get_by_text("must come after screening ends").is_visible()
    assert not Cycle.objects.filter(slug="2027").exists()

    field(page, "Review ends").fill(dates["Review ends"])
    page.get_by_role("button", name="Create cycle").click()
    page.wait_for_url("**/cycles/2027/")
    assert page.get_by_test_id("cycle-phase").inner_text() == "Nominations open"

    # Targets save in place (htmx) and are audited.
    page.get_by_label("Major pull requests to core repositories").fill("9")
    page.get_by_role("button", name="Save targets").click()
    page.get_by_text("Targets saved.").wait_for()
    assert AuditEvent.objects.filter(verb="cycle.target_changed", to_state="engineer.major_prs=9").exists()
    screenshot("cycle-page")

    page.get_by_role("link", name="Home").first.click()
    page.get_by_role("heading", name="Cycles under way").wait_for()
    assert page.get_by_role("heading", name="2027 cohort", exact=True).is_visible()
    assert page.get_by_test_id("phase-2027").inner_text() == "Nominations open"
    assert page.get_by_text("Recognized at the Open edX Conference, Valencia").is_visible()
    screenshot("home-with-new-cycle")


def test_a_member_sees_no_admin_controls(page):
    UserFactory(username="mia", roles=[])
    sign_in(page, "mia", PASSWORD)
    page.goto("/cycles/2025/")
    assert page.get_by_role("heading", name="Key-result targets").is_visible()
    assert page.get_by_role("button", name="Save targets").count() == 0
    assert page.get_by_role("link", name="Audit trail").count() == 0
    response = page.goto("/cycles/new/")
    assert response.status == 403
