"""The chair downloads the screening page's nominations in a real browser (issue 14): the link
keeps the page's search and track, the file holds that cycle's nominations the chair may see —
never a draft, never one a conflict of interest hides from the chair — and axe-core finds no
WCAG 2.1 A/AA violation on the page."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone

from distinguished.program import api as program
from distinguished.review import api as review

from ..conftest import PASSWORD
from ..factories import ContributorFactory, CycleFactory, DraftNominationFactory, UserFactory
from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_chair_downloads_the_screening_pages_nominations(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    cora = UserFactory(username="cora", name="Cora Chair", roles=["chair", "panelist"])
    cycle = CycleFactory(slug="2027", name="2027 cohort")
    review.seat_panelist(actor=admin, cycle=cycle, user=cora, group="toc", chair=True)
    nora = UserFactory(username="nora", name="Nora Nominator")
    items = {}
    for name, track, state in (
        ("Ana Aranda", "engineer", "submitted"),
        ("Ana Bell", "advocate", "submitted"),
        ("Ana Conflicted", "engineer", "submitted"),
        ("Ana Draft", "engineer", "draft"),
        ("Cy Castro", "engineer", "submitted"),
    ):
        items[name] = DraftNominationFactory(
            cycle=cycle,
            track=program.get_track(track),
            nominee=ContributorFactory(name=name),
            nominator=nora,
            state=state,
            submitted=None if state == "draft" else timezone.now(),
        )
    review.declare_conflict(
        actor=cora, cycle=cycle, nomination=items["Ana Conflicted"], reason="My neighbour."
    )
    program.override_phase(actor=admin, cycle=cycle, phase="screening", reason="Browser test")

    sign_in(page, "cora", PASSWORD)
    page.goto("/cycles/2027/screening/")
    page.get_by_role("searchbox", name="Search").fill("ana")
    page.get_by_label("Track").select_option("engineer")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=ana"))
    assert page.get_by_role("row", name=re.compile("Ana Aranda")).count() == 1
    assert axe_violations(page) == []
    screenshot("screening-downloads")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the nominations of 2027 cohort as CSV").click()
    assert download.value.suggested_filename == f"nominations-2027-{timezone.localdate().isoformat()}.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text))
    assert header == [
        "Nomination",
        "Cycle",
        "Track",
        "Nominee",
        "Nominator",
        "State",
        "Submitted",
        "Endorsements",
        "Reviews",
        "Mean score",
        "Normalized score",
    ]
    # The search and the track kept: Ana Bell (advocate) and Cy Castro are not in it; the chair's
    # conflicted nomination and the draft are in no download of theirs.
    assert [(row[0], row[2], row[3], row[4], row[5]) for row in rows] == [
        (str(items["Ana Aranda"].pk), "Distinguished Engineer", "Ana Aranda", "Nora Nominator", "Submitted")
    ]
