"""The announcement's day and the decision the nominee reads, in a real browser: an admin tries to
announce a signed-off cohort weeks before its announcement date, is told the date, gives a reason
and announces; the public text says today; then the nominee and the nominator open the nomination
and read the outcome and the panel's feedback, never its rationale."""

import pytest
from django.utils import timezone

from distinguished.cohorts import api as cohorts
from distinguished.program import api as program

from ..conftest import PASSWORD
from ..factories import ContributorFactory, CycleFactory, NominationFactory, UserFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

RATIONALE = "INTERNAL: two panelists doubt the adoption numbers"


def decided(cycle, name, state, feedback, *, nominator, chair):
    nominee = ContributorFactory(name=name, email=f"{name.split()[0].lower()}@example.org")
    return NominationFactory(
        cycle=cycle,
        nominee=nominee,
        nominator=nominator,
        list_publicly=True,
        statement=f"{name} did great things.",
        state=state,
        decided=timezone.now(),
        decided_by=chair,
        decision_rationale=RATIONALE,
        decision_feedback=feedback,
    )


def test_an_early_announcement_needs_a_reason_and_the_nominee_then_reads_the_decision(page, screenshot):
    admin = UserFactory(username="ada", roles=["admin"])
    approver = UserFactory(username="axim", roles=["approver"])
    chair = UserFactory(username="chair", roles=["chair", "panelist"])
    nominator = UserFactory(username="nora", name="Nora Nominator", contributor=ContributorFactory())
    cycle = CycleFactory(name="2027 cohort", announcement_event="Open edX Conference, Valencia")
    ana = decided(cycle, "Ana Aranda", "selected", "Outstanding reviews.", nominator=nominator, chair=chair)
    bo = decided(cycle, "Bo Berg", "declined", "Upstream the grading work.", nominator=nominator, chair=chair)
    ana_user = UserFactory(username="ana", contributor=ana.nominee, email=ana.nominee.email)
    bo_user = UserFactory(username="bo", contributor=bo.nominee, email=bo.nominee.email)
    program.override_phase(actor=admin, cycle=cycle, phase="approval", reason="Browser test")
    cohorts.sign_off_cycle(actor=approver, cycle=program.get_cycle(cycle.slug))
    planned = program.human(cycle.announcement_date)
    today = program.human(timezone.localdate())

    # Before the announcement the nominee reads no decision.
    sign_in(page, bo_user.username, PASSWORD)
    page.goto(f"/nominations/{bo.pk}/")
    assert page.get_by_test_id("nomination-state").inner_text() == "In review"
    assert page.get_by_test_id("decision").count() == 0
    page.get_by_role("button", name="Sign out").click()

    # The admin is told the date; announcing without a reason changes nothing.
    sign_in(page, admin.username, PASSWORD)
    page.goto(f"/cycles/{cycle.slug}/approval/")
    notice = page.get_by_test_id("announcement-date")
    assert f"is to be announced on {planned} at the Open edX Conference, Valencia" in notice.inner_text()
    page.get_by_role("button", name="Announce the 2027 cohort").click()
    page.get_by_text(f"{cycle} is to be announced on {planned}").last.wait_for()
    assert cohorts.announcement_of(cycle) is None
    page.get_by_label("Why announce before the announcement date?").fill(
        "Axim asked to welcome the cohort at the June meetup."
    )
    page.get_by_role("button", name="Announce the 2027 cohort").click()
    page.get_by_role("link", name="Read the public announcement").click()
    announcement = page.get_by_test_id("announcement").inner_text()
    assert f"announced on {today}, ahead of the Open edX Conference, Valencia" in announcement
    assert planned not in announcement
    screenshot("early-announcement")
    page.get_by_role("button", name="Sign out").click()

    # The nominee reads the outcome and the feedback on the nomination page, never the rationale.
    sign_in(page, bo_user.username, PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My nominations").click()
    page.get_by_role("link", name="Bo Berg").click()
    decision = page.get_by_test_id("decision")
    assert decision.get_by_test_id("decision-outcome").inner_text() == "Not selected this cycle"
    assert "Upstream the grading work." in decision.inner_text()
    assert RATIONALE not in page.content()
    screenshot("nominee-reads-the-decision")
    page.get_by_role("button", name="Sign out").click()

    # So does the nominator, for both nominations; the selected nominee too.
    sign_in(page, nominator.username, PASSWORD)
    page.goto(f"/nominations/{ana.pk}/")
    assert page.get_by_test_id("decision-outcome").inner_text() == "Selected"
    assert "Outstanding reviews." in page.get_by_test_id("decision").inner_text()
    assert RATIONALE not in page.content()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, ana_user.username, PASSWORD)
    page.goto(f"/nominations/{ana.pk}/")
    assert page.get_by_test_id("nomination-state").inner_text() == "Awarded"
    assert page.get_by_test_id("decision-outcome").inner_text() == "Selected"
