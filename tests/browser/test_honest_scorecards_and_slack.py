"""Issue 13 in a browser: an admin uploads a Slack export on the imports page and reads who could not
be matched; the chair reads a nomination's scorecard, sees what rests on self-report and confirms
a contribution there."""

import pytest

from distinguished.contributions.models import Contribution
from distinguished.nominations import api as nominations

from ..conftest import PASSWORD
from ..contributions.slack_exports import workspace
from ..factories import ContributorFactory, DraftNominationFactory, EvidenceFactory, UserFactory
from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_uploads_a_slack_export_and_reads_who_is_not_matched(page, screenshot, tmp_path):
    UserFactory(username="ada", name="Ada Admin", roles=["admin"])
    ContributorFactory(name="Ada Lovelace", email="ada@example.org")
    ContributorFactory(name="Grace Hopper", slack_id="U0GRACE")
    export = tmp_path / "openedx-slack.zip"
    export.write_bytes(workspace())
    sign_in(page, "ada", PASSWORD)

    page.goto("/contributions/imports/")
    section = page.get_by_role("region", name="Upload a Slack export")
    section.get_by_label("Slack export (.zip)").set_input_files(str(export))
    section.get_by_role("button", name="Import answers").click()
    page.wait_for_url("**/contributions/imports/?run=*")
    status = page.locator(".import-status").first
    assert "done" in status.inner_text()
    assert "Created 4" in " ".join(status.inner_text().split())
    table = page.get_by_role("table").filter(has_text="matched to no contributor")
    assert "Alan Turing" in table.inner_text() and "U0GHOST" in table.inner_text()
    screenshot("slack-import")
    assert Contribution.objects.filter(source="slack").count() == 4


def test_the_chair_sees_what_rests_on_self_report_and_confirms_it(page, screenshot):
    chair = UserFactory(username="chair", name="Cai Chair", roles=["chair", "panelist"])
    nomination = DraftNominationFactory(nominee=ContributorFactory(name="Kai Keyresult"))
    EvidenceFactory(
        nomination=nomination, kind="blog_post", title="Scaling the LMS", url="https://blog.example/lms"
    )
    nominations.submit_nomination(
        actor=nomination.nominator, nomination=nominations.get_nomination(nomination.pk)
    )
    sign_in(page, chair.username, PASSWORD)

    page.goto(f"/nominations/{nomination.pk}/")
    row = page.locator("tr[data-key-result='technical_writing']")
    cells = row.locator("td")
    assert (cells.nth(0).inner_text(), cells.nth(1).inner_text()) == ("1", "0")  # value, verified part
    assert cells.nth(3).inner_text() == "not yet"
    row.locator("summary").click()
    item = row.locator("li").filter(has_text="Scaling the LMS")
    assert "self-reported" in item.inner_text()
    screenshot("scorecard-self-reported")
    item.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**/nominations/{nomination.pk}/")
    row = page.locator("tr[data-key-result='technical_writing']")
    assert row.locator("td").nth(1).inner_text() == "1"
    row.locator("summary").click()
    assert "verified" in row.locator("li").filter(has_text="Scaling the LMS").inner_text()
    assert Contribution.objects.get(title="Scaling the LMS").verified
