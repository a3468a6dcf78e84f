"""The review panel's main path in a real browser: the chair assigns reviewers, a panelist scores a
nomination, and the chair sees the ranking change."""

import re

import pytest

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review
from distinguished.review.models import Assignment

from ..conftest import PASSWORD
from ..factories import ContributorFactory, CycleFactory, NominationFactory, UserFactory, UserRoleFactory
from .conftest import axe_violations, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = {"toc": 1, "axim": 2, "core_contributors": 2, "partners": 2, "community_leaders": 2, "bizdev": 1}


def test_panelist_scores_and_the_chair_sees_the_ranking_change(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    cycle = CycleFactory(name="2027 cohort")
    seats = []
    for group, n in GROUPS.items():
        for i in range(n):
            user = UserFactory(username=f"{group}{i}", roles=["panelist"], contributor=ContributorFactory())
            seats.append(
                review.seat_panelist(actor=admin, cycle=cycle, user=user, group=group, chair=not seats)
            )
    chair = seats[0].user
    UserRoleFactory(user=chair, role="chair")
    for name in ("Ana Aranda", "Bo Berg"):
        NominationFactory(
            cycle=cycle,
            nominee=ContributorFactory(name=name),
            state="eligible",
            statement=f"{name} did great things.",
        )
    program.override_phase(actor=admin, cycle=cycle, phase="review", reason="Browser test")

    # The chair assigns reviewers from the panel page.
    sign_in(page, chair.username, PASSWORD)
    page.goto(f"/cycles/{cycle.slug}/panel/")
    page.get_by_role("button", name="Assign reviewers").click()
    page.get_by_text("6 assignments (6 new, 0 withdrawn)").wait_for()
    # One more reviewer by hand: a number of no nomination is a field error; the search finds Bo Berg.
    bo = Nomination.objects.get(cycle=cycle, nominee__name="Bo Berg")
    extra = next(s.user for s in seats if not Assignment.objects.filter(nomination=bo, panelist=s.user))
    by_hand = page.get_by_role("form", name="Assign one reviewer by hand")
    by_hand.get_by_label("Nomination number").fill("999999")
    by_hand.get_by_label("Panelist").select_option(str(extra.pk))
    by_hand.get_by_role("button", name="Assign").click()
    page.get_by_text("No nomination of this cycle has that number.").wait_for()
    page.get_by_role("searchbox", name="Nominee or number").fill("berg")
    page.get_by_role("button", name="Search").click()
    assert page.get_by_role("row", name=re.compile("Bo Berg")).count() == 1
    assert axe_violations(page) == []
    screenshot("panel-search")
    page.get_by_label("Panelist to review Bo Berg").select_option(str(extra.pk))
    page.get_by_role("button", name="Assign Bo Berg").click()
    page.get_by_text(f"{extra} now reviews Bo Berg.").wait_for()
    page.goto(f"/cycles/{cycle.slug}/ranking/")
    assert page.get_by_text("No submitted review yet.").is_visible()
    page.get_by_role("button", name="Sign out").click()

    # A panelist reviews one of their assignments.
    reviewer = next(
        a.panelist
        for a in Assignment.objects.select_related("panelist", "nomination__nominee")
        if a.nomination.nominee.name == "Ana Aranda"
    )
    sign_in(page, reviewer.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My reviews").click()
    page.get_by_role("link", name="Ana Aranda").click()
    for area in (
        "Core Platform Development",
        "Architectural Innovation",
        "Open Source Leadership",
        "Problem-Solving & Issue Resolution",
    ):
        page.get_by_role("group", name=area).get_by_label("5").check()
    page.get_by_label("Your recommendation").select_option("strong_yes")
    page.get_by_label("Comment for the panel").fill("Clear, sustained impact on the platform.")
    page.get_by_role("button", name="Submit review").click()
    page.get_by_text("Review submitted.").wait_for()
    assert page.get_by_text("submitted").first.is_visible()
    page.get_by_role("button", name="Sign out").click()

    # The chair sees the ranking with Ana's score.
    sign_in(page, chair.username, PASSWORD)
    page.goto(f"/cycles/{cycle.slug}/ranking/")
    row = page.get_by_role("row", name=re.compile("Ana Aranda"))
    assert row.get_by_test_id("normalized").inner_text() == "5.00"
    screenshot("ranking-after-review")


def test_a_late_conflict_takes_the_review_out_and_the_chair_reassigns_in_one_click(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    cycle = CycleFactory(name="2027 cohort")
    seats = []
    for group, n in GROUPS.items():
        for i in range(n):
            user = UserFactory(username=f"{group}{i}", roles=["panelist"], contributor=ContributorFactory())
            seats.append(
                review.seat_panelist(actor=admin, cycle=cycle, user=user, group=group, chair=not seats)
            )
    chair = seats[0].user
    UserRoleFactory(user=chair, role="chair")
    ana = NominationFactory(
        cycle=cycle,
        nominee=ContributorFactory(name="Ana Aranda"),
        state="eligible",
        statement="Ana did great things.",
    )
    program.override_phase(actor=admin, cycle=cycle, phase="review", reason="Browser test")
    review.assign_reviewers(actor=admin, cycle=program.get_cycle(cycle.slug))
    assignments = list(Assignment.objects.filter(nomination=ana).exclude(panelist=chair))
    late, others = assignments[0], assignments[1:]
    for assignment, score in [(late, 5)] + [(a, 2) for a in others]:
        review.save_review(
            actor=assignment.panelist,
            assignment=review.get_assignment(assignment.pk),
            scores=dict.fromkeys(
                ("core_platform", "architecture", "open_source_leadership", "problem_solving"), score
            ),
            recommendation="yes",
            submit=True,
        )
    reviews_before = Assignment.objects.filter(nomination=ana, review__submitted__isnull=False).count()

    # The panelist declares a late conflict: the assignment leaves My reviews.
    sign_in(page, late.panelist.username, PASSWORD)
    # The panel page finds the nomination by the nominee's name (no list of every nomination).
    page.goto(f"/cycles/{cycle.slug}/panel/")
    page.get_by_role("searchbox", name="Nominee or number").fill("aranda")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("What ties you to Ana Aranda").fill("Ana is my sister-in-law.")
    page.get_by_role("button", name="Declare a conflict with Ana Aranda").click()
    page.get_by_text("Your assignment to it is void; the chair assigns another reviewer.").wait_for()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My reviews").click()
    assert page.get_by_role("link", name="Ana Aranda").count() == 0
    page.get_by_role("button", name="Sign out").click()

    # The chair sees the ranking without that review, then reassigns with one click.
    sign_in(page, chair.username, PASSWORD)
    page.goto(f"/cycles/{cycle.slug}/ranking/")
    row = page.get_by_role("row", name=re.compile("Ana Aranda"))
    assert row.get_by_test_id("reviews").inner_text() == str(reviews_before - 1)
    page.goto(f"/cycles/{cycle.slug}/panel/")
    voided = page.locator("#voided")
    assert voided.get_by_text(f"{late.panelist} declared a conflict of interest.").is_visible()
    voided.get_by_role("button", name="Reassign the review of Ana Aranda").click()
    page.get_by_text(re.compile(r"now reviews Ana Aranda\.")).wait_for()
    replacement = Assignment.objects.get(pk=late.pk).replacement
    assert replacement is not None and replacement.panelist != late.panelist
    screenshot("voided-assignment-reassigned")
