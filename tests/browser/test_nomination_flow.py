"""The main path of nominations in a real browser: a member nominates a peer who is new to the
program, adds evidence, the nominee accepts through the e-mailed link, two members endorse
through the invitation link, the nominator submits, and the chair screens it eligible."""

import re

import pytest
from django.core import mail

from distinguished.nominations.models import Nomination
from distinguished.program import api as program

from ..conftest import PASSWORD
from ..factories import ContributorFactory, CycleFactory, OrganizationFactory, UserFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def field(page, label: str):
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(required\))?$"))


def link_in_last_mail(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    return re.search(r"https?://\S+", message.body).group(0)


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_nominate_consent_endorse_submit_screen(page, screenshot, live_server, settings):
    settings.SITE_URL = live_server.url
    cycle = CycleFactory(name="2027 cohort")
    org = OrganizationFactory(name="Lumen Labs")
    UserFactory(
        username="nora", name="Nora Nominator", contributor=ContributorFactory(name="Nora", organization=org)
    )
    UserFactory(username="erin", name="Erin Endorser", contributor=ContributorFactory(name="Erin"))
    UserFactory(
        username="eli", name="Eli Endorser", contributor=ContributorFactory(name="Eli", organization=org)
    )
    chair = UserFactory(username="cora", name="Cora Chair", roles=["chair", "panelist"])
    admin = UserFactory(username="ada", roles=["admin"])

    # The nominator nominates a peer new to the program.
    sign_in(page, "nora", PASSWORD)
    page.goto("/nominations/new/")
    field(page, "Track").select_option("engineer")
    page.get_by_label("Someone new to the program").check()
    field(page, "Their name").fill("Sam Newcomer")
    field(page, "Their e-mail").fill("sam@example.org")
    field(page, "Statement").fill(
        "Sam **rebuilt** the course import pipeline.\n\n<script>alert('x')</script>"
    )
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/nominations/\d+/$"))
    nomination = Nomination.objects.get(nominee__name="Sam Newcomer")
    assert page.get_by_test_id("nomination-state").inner_text() == "Draft"
    assert page.locator("script", has_text="alert").count() == 0
    assert page.get_by_text("<script>alert('x')</script>").count() == 1

    # Evidence, on the edit page.
    page.get_by_role("link", name="Edit statement and evidence").click()
    field(page, "Kind").select_option("pull_request")
    field(page, "Date").fill("2025-06-01")
    field(page, "Title").fill("Course import pipeline")
    field(page, "Link").fill("https://github.com/openedx/edx-platform/pull/35000")
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_text("Evidence added.").wait_for()

    # Asking for endorsements sends a signed invitation link.
    page.goto(f"/nominations/{nomination.pk}/")
    field(page, "E-mail addresses").fill("erin@example.org\neli@example.org")
    page.get_by_role("button", name="Send requests").click()
    page.get_by_text("Asked 2 people to endorse.").wait_for()
    invitations = {name: link_in_last_mail(f"{name}@example.org") for name in ("erin", "eli")}
    sign_out(page)

    # The nominee accepts through the e-mailed link, without an account.
    page.goto(link_in_last_mail("sam@example.org"))
    assert page.get_by_role("heading", name="You are nominated as a Distinguished Engineer").is_visible()
    field(page, "Your own words (optional)").fill("I am honoured; the pipeline was a team effort.")
    # Accepting answers the listing question (issue 13): without an answer it is asked again.
    page.get_by_role("button", name="Accept the nomination").click()
    page.get_by_text("Answer “If selected, list me in the public directory”").wait_for()
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Accept the nomination").click()
    page.get_by_text("you accepted the nomination").wait_for()

    # Two members endorse, each through their own invitation link.
    for username in ("erin", "eli"):
        page.goto(invitations[username])
        assert page.get_by_role("heading", name="Sam Newcomer").is_visible()
        page.get_by_role("link", name="Sign in to endorse").click()
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(rf"/nominations/{nomination.pk}/$"))
        field(page, "How you know the nominee").fill("Reviewed Sam's pull requests")
        field(page, "Your endorsement").fill("Sam's work made course imports reliable for every operator.")
        page.get_by_role("button", name="Endorse").click()
        page.get_by_text("Thank you for your endorsement.").wait_for()
        sign_out(page)

    # The nominator submits.
    sign_in(page, "nora", PASSWORD)
    page.goto(f"/nominations/{nomination.pk}/")
    page.get_by_role("button", name="Submit nomination").click()
    page.get_by_text("Submitted. The panel screens").wait_for()
    assert page.get_by_test_id("nomination-state").inner_text() == "Submitted"
    sign_out(page)

    # Screening: the chair works the queue.
    program.override_phase(actor=admin, cycle=cycle, phase="screening", reason="Browser test")
    sign_in(page, "cora", PASSWORD)
    page.goto(f"/cycles/{cycle.slug}/screening/")
    page.get_by_role("link", name="Sam Newcomer").click()
    assert page.get_by_text("Passed: Enough peer endorsements.").is_visible()
    page.get_by_label("Eligible", exact=True).check()
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("Sam Newcomer: eligible.").wait_for()
    assert page.get_by_test_id("nomination-state").inner_text() == "Eligible"
    screenshot("nomination-screened")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.screened_by) == ("eligible", chair)
    assert any("Eligible" in m.subject and "sam@example.org" in m.to for m in mail.outbox)
