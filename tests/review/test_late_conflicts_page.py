"""Late conflicts on the pages: the panelist declares from the panel page (never offered a nomination
they are conflicted with; a repeat is a clear message), loses the review page and the line on My
reviews; the ranking page and its CSV leave the voided review out; the chair sees the voided
assignment with a Reassign button and a Withdraw waiver button; a conflicted chair reads that an
admin or a co-chair handles the nomination."""

import re

import pytest

from distinguished.review import api
from distinguished.review.models import Assignment, Conflict, ConflictWaiver

from ..downloads import csv_rows
from ..factories import ContributorFactory, NominationFactory, OrganizationFactory


def panel_url(late):
    return f"/cycles/{late.cycle.slug}/panel/"


def found(html) -> set[str]:
    """The nomination numbers the panel page's search lists (each row's forms name it)."""
    section = html[html.index('id="find"') : html.index('id="declare-title"')]
    return set(re.findall(r'name="nomination" value="(\d+)"', section))


def test_the_search_offers_only_nominations_without_a_conflict(late, client):
    detected = NominationFactory(
        cycle=late.cycle, nominee=ContributorFactory(name="Cy Nominee"), nominator=late.r1
    )
    client.force_login(late.r1)

    def search(q):
        return found(client.get(panel_url(late), {"q": q}).content.decode())

    assert search("nominee") == {str(late.ada.pk), str(late.ben.pk)}
    assert search(str(detected.pk)) == set()
    assert "No nomination you may act on matches" in client.get(panel_url(late), {"q": "Cy"}).content.decode()
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    assert search("Nominee") == {str(late.ben.pk)}
    assert search(f"#{late.ben.pk}") == {str(late.ben.pk)}


def test_declaring_on_the_page_voids_the_assignment_and_a_repeat_says_so(late, client):
    client.force_login(late.r1)
    response = client.post(
        panel_url(late),
        {"conflict": "1", "nomination": str(late.ada.pk), "reason": "My brother."},
        follow=True,
    )
    page = response.content.decode()
    assert "Your assignment to it is void; the chair assigns another reviewer." in page
    assert Assignment.objects.get(pk=late.assignments["r1", "ada"].pk).voided is not None
    repeat = client.post(
        panel_url(late), {"conflict": "1", "nomination": str(late.ada.pk), "reason": "Again."}
    )
    assert repeat.status_code == 409
    assert (
        "You have declared a conflict with the nomination of Ada Nominee already, on "
        in repeat.content.decode()
    )
    unknown = client.post(panel_url(late), {"conflict": "1", "nomination": "999999", "reason": "x"})
    assert unknown.status_code == 400
    assert "No nomination of this cycle has that number." in unknown.content.decode()
    assert Conflict.objects.count() == 1


def test_the_panelist_loses_the_review_page_and_the_line_on_my_reviews(late, client):
    voided = late.assignments["r1", "ada"]
    client.force_login(late.r1)
    assert client.get(f"/review/{voided.pk}/").status_code == 200
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    assert client.get(f"/review/{voided.pk}/").status_code == 404
    assert client.post(f"/review/{voided.pk}/", {"score_core_platform": "1"}).status_code == 404
    mine = client.get("/review/").content.decode()
    assert "Ben Nominee" in mine and "Ada Nominee" not in mine


def test_the_ranking_page_and_its_csv_leave_the_voided_review_out(late, client):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    client.force_login(late.chair)
    download = client.get(f"/cycles/{late.cycle.slug}/ranking/?format=csv", follow=True)
    rows = {row[2]: row for row in csv_rows(download)[1:]}
    assert (rows["Ada Nominee"][5], rows["Ada Nominee"][9]) == ("2.5", "2")
    assert rows["Ben Nominee"][9] == "3"


def test_the_chair_reassigns_a_voided_assignment_with_one_click(late, client):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="My brother.")
    voided = late.assignments["r1", "ada"]
    client.force_login(late.chair)
    page = client.get(panel_url(late)).content.decode()
    section = page[page.index('id="voided"') :]
    assert f"{late.r1} declared a conflict of interest." in section
    assert f'action="/cycles/{late.cycle.slug}/panel/voided/{voided.pk}/reassign/"' in section
    response = client.post(f"/cycles/{late.cycle.slug}/panel/voided/{voided.pk}/reassign/", follow=True)
    replacement = Assignment.objects.get(pk=voided.pk).replacement
    assert replacement is not None and replacement.nomination == late.ada
    page = response.content.decode()
    assert f"{replacement.panelist.display_name} now reviews Ada Nominee." in page
    assert f"/panel/voided/{voided.pk}/reassign/" not in page
    again = client.post(f"/cycles/{late.cycle.slug}/panel/voided/{voided.pk}/reassign/", follow=True)
    assert f"Already reassigned to {replacement.panelist}." in again.content.decode()
    assert Assignment.objects.filter(nomination=late.ada, voided__isnull=True).count() == 3


def test_reassign_from_the_page_bad_paths(late, client, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    api.declare_conflict(actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author.")
    url = f"/cycles/{late.cycle.slug}/panel/voided/{late.assignments['r1', 'ada'].pk}/reassign/"
    client.force_login(late.r2)
    assert client.post(url).status_code == 403
    client.force_login(fresh(late.co_chair))
    assert client.post(url).status_code == 404
    client.force_login(late.chair)
    assert client.get(url).status_code == 405
    assert client.post(f"/cycles/{late.cycle.slug}/panel/voided/999999/reassign/").status_code == 404
    assert client.post(url.replace(late.cycle.slug, "nope")).status_code == 404
    assert Assignment.objects.count() == 6


def test_a_conflicted_chair_reads_that_an_admin_or_a_co_chair_handles_it(late, client, fresh):
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Secret-reason-ada.")
    api.declare_conflict(
        actor=late.co_chair, cycle=late.cycle, nomination=late.ada, reason="Co-author-reason."
    )
    client.force_login(fresh(late.co_chair))
    page = client.get(panel_url(late)).content.decode()
    assert (
        "You have a conflict of interest with the nomination of Ada Nominee: a program admin or a co-chair "
        "handles its conflicts, waivers and reviewers." in page
    )
    for secret in ("Secret-reason-ada", "Co-author-reason", f"{late.r1} declared a conflict of interest."):
        assert secret not in page
    client.force_login(fresh(late.chair))
    page = client.get(panel_url(late)).content.decode()
    assert "Secret-reason-ada" in page and "a program admin or a co-chair handles" not in page


@pytest.fixture
def waived(late):
    org = OrganizationFactory()
    type(late.ada.nominee).objects.filter(pk__in=[late.ada.nominee_id, late.r3.contributor_id]).update(
        organization=org
    )
    return api.waive_conflict(
        actor=late.chair,
        nomination=late.ada,
        panelist=late.r3,
        source="organization",
        reason="Large university.",
    )


def test_the_chair_withdraws_a_waiver_from_the_page(late, waived, client):
    client.force_login(late.chair)
    url = f"/cycles/{late.cycle.slug}/panel/waivers/{waived.pk}/withdraw/"
    assert f'action="{url}"' in client.get(panel_url(late)).content.decode()
    response = client.post(url, {"reason": "Same lab."}, follow=True)
    assert "counts again. Their assignment to it is void: reassign it below." in response.content.decode()
    assert not ConflictWaiver.objects.exists()
    assert Assignment.objects.get(pk=late.assignments["r3", "ada"].pk).void_source == "organization"
    assert client.post(url).status_code == 404
    client.force_login(late.r1)
    assert client.post(url).status_code == 403
