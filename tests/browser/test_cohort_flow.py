"""From deliberation to a member's public profile in a real browser: a panelist votes, the chair records
the decisions and submits the list, the approver signs it off, an admin announces the cohort, and the
public reads the announcement and the new Distinguished Engineer's profile."""

import re

import pytest

from distinguished.credentials import api as credentials
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review
from distinguished.review import deliberation

from ..conftest import PASSWORD
from ..factories import ContributorFactory, CycleFactory, NominationFactory, UserFactory, UserRoleFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

GROUPS = {"toc": 1, "axim": 2, "core_contributors": 2, "partners": 2, "community_leaders": 2, "bizdev": 1}


def nomination(cycle, name: str) -> Nomination:
    return NominationFactory(
        cycle=cycle,
        nominee=ContributorFactory(name=name, listed_publicly=True, country="FR"),
        statement=f"{name} did great things.",
    )


def test_a_cohort_goes_from_deliberation_to_the_public_profile(
    page, screenshot, mailoutbox, settings, tmp_path
):
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "issuer-key.pem"
    credentials.generate_issuer_key()
    admin = UserFactory(username="ada", roles=["admin"])
    approver = UserFactory(username="axim", roles=["approver"])
    cycle = CycleFactory(name="2027 cohort", announcement_event="Open edX Conference, Valencia")
    seats = []
    for group, n in GROUPS.items():
        for i in range(n):
            user = UserFactory(username=f"{group}{i}", roles=["panelist"], contributor=ContributorFactory())
            seats.append(
                review.seat_panelist(actor=admin, cycle=cycle, user=user, group=group, chair=not seats)
            )
    chair = seats[0].user
    UserRoleFactory(user=chair, role="chair")
    ana, bo = nomination(cycle, "Ana Aranda"), nomination(cycle, "Bo Berg")
    program.override_phase(actor=admin, cycle=cycle, phase="deliberation", reason="Browser test")
    # Four panelists have voted on each before the meeting; a fifth vote makes the quorum (5 of 10).
    for seat in seats[1:5]:
        deliberation.cast_vote(actor=seat.user, nomination=ana, vote="select")
        deliberation.cast_vote(actor=seat.user, nomination=bo, vote="decline")
    voter = seats[5].user

    # A panelist votes from the deliberation page.
    sign_in(page, voter.username, PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    menu.locator("summary", has_text="2027 cohort").click()  # the cycle's own pages
    menu.get_by_role("list", name="2027 cohort").get_by_role("link", name="Deliberation").click()
    page.get_by_role("button", name="Select Ana Aranda").click()
    page.get_by_role("button", name="Decline Bo Berg").click()
    tally = page.get_by_test_id(f"tally-{ana.pk}")
    assert tally.get_by_test_id("select").inner_text() == "5"
    page.get_by_role("button", name="Sign out").click()

    # The chair runs the meeting on the undecided nominations only, and records both decisions; a
    # decline without feedback is refused on its field first.
    sign_in(page, chair.username, PASSWORD)
    page.goto(f"/cycles/{cycle.slug}/deliberation/")
    page.get_by_label("Undecided only").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/deliberation/\?track=&undecided=1$"))
    card = page.locator(f"#nomination-{bo.pk}")
    card.get_by_label("Declined").check()
    card.get_by_label("Rationale (the panel's record)").fill("Impact is mostly internal so far.")
    card.get_by_role("button", name="Record decision").click()
    card = page.locator(f"#nomination-{bo.pk}")
    card.get_by_text(re.compile("feedback", re.I)).first.wait_for()
    assert Nomination.objects.get(pk=bo.pk).state == "in_review"
    card.get_by_label("Declined").check()
    card.get_by_label("Rationale (the panel's record)").fill("Impact is mostly internal so far.")
    card.get_by_label("Feedback for the nominee").fill("Upstream the grading work and come back.")
    card.get_by_role("button", name="Record decision").click()
    # Back on the same page of undecided nominations, which Bo has left.
    page.get_by_text("Decision recorded: Bo Berg declined.").wait_for()
    assert re.search(rf"/deliberation/\?undecided=1#nomination-{bo.pk}$", page.url)
    assert page.locator(f"#nomination-{bo.pk}").count() == 0
    card = page.locator(f"#nomination-{ana.pk}")
    card.get_by_label("Selected").check()
    card.get_by_label("Rationale (the panel's record)").fill("Sustained core platform work.")
    card.get_by_role("button", name="Record decision").click()
    page.get_by_text("Decision recorded: Ana Aranda selected.").wait_for()
    page.get_by_text("No nomination in review left undecided.").wait_for()
    page.goto(f"/cycles/{cycle.slug}/deliberation/")
    assert page.get_by_test_id(f"tally-{ana.pk}").get_by_text("Selected").is_visible()
    assert page.get_by_test_id(f"tally-{bo.pk}").get_by_text("Declined").is_visible()
    screenshot("deliberation-decided")

    page.goto(f"/cycles/{cycle.slug}/approval/")
    page.get_by_label("Note for the approver").fill("Ready for Axim.")
    page.get_by_role("button", name="Submit for approval").click()
    page.get_by_test_id("phase").get_by_text("Approval").wait_for()
    page.get_by_role("button", name="Sign out").click()

    # The approver signs the list off; it is locked.
    sign_in(page, approver.username, PASSWORD)
    menu = page.get_by_role("navigation", name="Main")
    menu.locator("summary", has_text="2027 cohort").click()
    menu.get_by_role("list", name="2027 cohort").get_by_role("link", name="Final list").click()
    assert page.get_by_test_id("selected").inner_text() == "1"
    page.get_by_role("button", name="Sign off the list").click()
    page.get_by_test_id("signed-off").wait_for()
    page.get_by_role("button", name="Sign out").click()

    # An admin announces the cohort: memberships, e-mails, the public announcement. It is weeks
    # before the cycle's announcement date, so the admin says why (the date then becomes today).
    sign_in(page, admin.username, PASSWORD)
    page.goto(f"/cycles/{cycle.slug}/approval/")
    page.get_by_label("Why announce before the announcement date?").fill("The list is ready early.")
    page.get_by_role("button", name="Announce the 2027 cohort").click()
    page.get_by_role("link", name="Read the public announcement").wait_for()
    page.get_by_role("button", name="Sign out").click()
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert any("Distinguished" in s for s in subjects.values())

    # The public reads the announcement and follows it to the new member's profile.
    page.goto(f"/cycles/{cycle.slug}/announcement/")
    announcement = page.get_by_test_id("announcement")
    assert "Distinguished Engineer" in announcement.inner_text()
    assert "ahead of the Open edX Conference, Valencia" in announcement.inner_text()
    assert "Bo Berg" not in announcement.inner_text()
    screenshot("announcement")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    page.get_by_role("link", name="Ana Aranda").click()
    page.get_by_role("heading", name="Ana Aranda").wait_for()
    assert page.get_by_test_id("membership-status").first.inner_text() == "Active"
    screenshot("public-profile")

    # Anyone verifies the badge the profile offers: it is valid.
    links = page.get_by_test_id("credential-links")
    document = page.request.get(
        links.get_by_role("link", name="Download (JSON)").get_attribute("href")
    ).text()
    assert '"OpenBadgeCredential"' in document
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Verify a badge").click()
    page.get_by_label("Credential (JSON)").fill(document)
    page.get_by_role("button", name="Verify").click()
    verification = page.get_by_test_id("verification")
    assert verification.get_attribute("data-status") == "valid"
    assert "Distinguished Engineer" in verification.inner_text()
    screenshot("credential-verified")
