"""The chair screens a long list page by page in a real browser (issue 15): Next shows the second
page, a decision there comes back to the second page with its filter, and axe-core finds no WCAG
2.1 A/AA violation on the paginated page."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review

from ..conftest import PASSWORD
from ..factories import ContributorFactory, CycleFactory, DraftNominationFactory, UserFactory
from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_chair_screens_on_the_second_page_and_stays_there(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    cora = UserFactory(username="cora", name="Cora Chair", roles=["chair", "panelist"])
    cycle = CycleFactory(slug="2027", name="2027 cohort")
    review.seat_panelist(actor=admin, cycle=cycle, user=cora, group="toc", chair=True)
    first = timezone.now() - dt.timedelta(days=1)
    for i in range(55):
        DraftNominationFactory(
            cycle=cycle,
            track=program.get_track("engineer"),
            nominee=ContributorFactory(name=f"Nominee {i:02d}"),
            state="submitted",
            submitted=first + dt.timedelta(minutes=i),
        )
    program.override_phase(actor=admin, cycle=cycle, phase="screening", reason="Browser test")

    sign_in(page, "cora", PASSWORD)
    page.goto("/cycles/2027/screening/?track=engineer")
    assert page.get_by_test_id("page").inner_text() == "Page 1 of 2, 1–50 of 55 nominations found"
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.get_by_role("row", name=re.compile("Nominee 52")).count() == 1
    assert page.get_by_role("row", name=re.compile("Nominee 03")).count() == 0
    assert axe_violations(page) == []
    screenshot("screening-page-2")
    page.get_by_role("button", name="Eligible for Nominee 52", exact=True).click()
    page.wait_for_url(re.compile(r"track=engineer&page=2#screen-"))
    assert page.get_by_text("Nominee 52: eligible.").is_visible()
    assert page.get_by_test_id("page").inner_text().startswith("Page 2 of 2")
    assert Nomination.objects.get(nominee__name="Nominee 52").state == "eligible"
