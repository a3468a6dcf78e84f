"""The chair's and the admin's tools in a real browser: an admin copies last year's panel onto a
new cycle; the chair assigns reviewers, follows who reviews what and downloads it as CSV (with the
scores); the chair searches the screening list and decides in it. axe-core finds no WCAG 2.1 A/AA violation on these
pages."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review
from distinguished.review.models import PanelSeat

from ..conftest import PASSWORD
from ..factories import (
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    NominationFactory,
    UserFactory,
    UserRoleFactory,
)
from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = {"toc": 1, "axim": 2, "core_contributors": 2, "partners": 2, "community_leaders": 2, "bizdev": 1}


def test_copy_last_years_panel_then_follow_who_reviews_what(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    earlier = CycleFactory(slug="2026", name="2026 cohort")
    first = True
    for group, count in GROUPS.items():
        for i in range(count):
            user = UserFactory(username=f"{group}{i}", name=f"{group.title()} {i}", roles=["panelist"])
            review.seat_panelist(actor=admin, cycle=earlier, user=user, group=group, chair=first)
            first = False
    chair = PanelSeat.objects.get(cycle=earlier, chair=True).user
    UserRoleFactory(user=chair, role="chair")
    cycle = CycleFactory(slug="2027", name="2027 cohort")

    # The admin copies the 2026 panel onto the new cycle.
    sign_in(page, "ada", PASSWORD)
    page.goto("/cycles/2027/panel/")
    page.get_by_role("button", name="Copy the panel of 2026 cohort").click()
    page.get_by_text("10 panelists of the 2026 cohort panel seated here").wait_for()
    assert page.get_by_text(
        "Every stakeholder group is within its seat range and a chair is named."
    ).is_visible()
    assert page.get_by_role("button", name="Add the panel of 2026 cohort").is_visible()
    assert axe_violations(page) == []
    screenshot("panel-copied")
    page.get_by_role("button", name="Sign out").click()

    for name in ("Ana Aranda", "Bo Berg"):
        NominationFactory(cycle=cycle, nominee=ContributorFactory(name=name), state="eligible", statement="x")
    program.override_phase(actor=admin, cycle=cycle, phase="review", reason="Browser test")

    # The chair (seated by the copy) assigns reviewers and follows who reviews what.
    sign_in(page, chair.username, PASSWORD)
    page.goto("/cycles/2027/panel/")
    page.get_by_role("button", name="Assign reviewers").click()
    page.get_by_text("6 assignments (6 new, 0 withdrawn)").wait_for()
    page.get_by_role("link", name="Who reviews what").click()
    page.wait_for_url("**/cycles/2027/panel/reviewers/")
    row = page.get_by_role("row", name=re.compile("Ana Aranda"))
    assert row.get_by_text("Not started").count() == 3
    assert row.get_by_text("0 of 3").is_visible()
    assert axe_violations(page) == []
    screenshot("who-reviews-what")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this list as CSV").click()
    assert download.value.suggested_filename == f"reviews-2027-{timezone.localdate().isoformat()}.csv"
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Nomination,Nominee,Track,State,Reviewer,Group,Review,Submitted,By hand,")
    assert len(lines) == 1 + 6


def test_the_chair_searches_the_screening_list_and_decides_in_it(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    UserFactory(username="cora", name="Cora Chair", roles=["chair", "panelist"])
    cycle = CycleFactory(slug="2027", name="2027 cohort")
    nora = UserFactory(username="nora", name="Nora Nominator")
    for name, track in (("Ana Aranda", "engineer"), ("Ana Bell", "advocate"), ("Cy Castro", "engineer")):
        DraftNominationFactory(
            cycle=cycle,
            track=program.get_track(track),
            nominee=ContributorFactory(name=name),
            nominator=nora,
            state="submitted",
            submitted=timezone.now(),
        )
    program.override_phase(actor=admin, cycle=cycle, phase="screening", reason="Browser test")

    sign_in(page, "cora", PASSWORD)
    page.goto("/cycles/2027/screening/")
    page.get_by_role("searchbox", name="Search").fill("ana")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=ana"))
    rows = page.get_by_role("row", name=re.compile("Ana"))
    assert rows.count() == 2 and page.get_by_role("row", name=re.compile("Cy Castro")).count() == 0
    assert axe_violations(page) == []

    # Ineligible without a reason is refused at the row; with one it is recorded.
    ana = page.get_by_role("row", name=re.compile("Ana Aranda"))
    ana.get_by_role("button", name="Ineligible for Ana Aranda", exact=True).click()
    page.get_by_text("Say why the nomination is ineligible; the nominee reads it.").wait_for()
    assert page.get_by_role("searchbox", name="Search").input_value() == "ana"
    ana = page.get_by_role("row", name=re.compile("Ana Aranda"))
    ana.get_by_label("Reason for Ana Aranda").fill("No endorsement from outside Lumen Labs.")
    ana.get_by_role("button", name="Ineligible for Ana Aranda", exact=True).click()
    page.get_by_text("Ana Aranda: ineligible.").wait_for()
    assert page.get_by_role("searchbox", name="Search").input_value() == "ana"
    assert (
        page.get_by_role("row", name=re.compile("Ana Aranda"))
        .get_by_text("Ineligible", exact=True)
        .is_visible()
    )
    page.get_by_role("row", name=re.compile("Ana Bell")).get_by_role(
        "button", name="Eligible for Ana Bell", exact=True
    ).click()
    page.get_by_text("Ana Bell: eligible.").wait_for()
    screenshot("screening-decided")
    assert axe_violations(page) == []
    states = dict(Nomination.objects.filter(cycle=cycle).values_list("nominee__name", "state"))
    assert states == {"Ana Aranda": "ineligible", "Ana Bell": "eligible", "Cy Castro": "submitted"}
