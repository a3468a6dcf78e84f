"""The pages of the cohorts app: the final list where the approver signs off or sends back and an
admin announces; the public announcement page; the Atom feed of announcements."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from distinguished.cohorts.forms import NOTE_MAX
from distinguished.cohorts.models import Announcement, SignOff
from distinguished.membership.models import Membership
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review

from ..factories import AnnouncementFactory
from .conftest import ANNOUNCEMENT_DAY, RATIONALE, announce_2025, at, decided, more_selected, trail

pytestmark = pytest.mark.django_db

APPROVAL = "/cycles/2025/approval/"
ANNOUNCEMENT = "/cycles/2025/announcement/"
FEED = "/announcements.atom"
ATOM = "{http://www.w3.org/2005/Atom}"
EVENT = "recognized at the Open edX Conference, Paris, 1 July 2025"


def states() -> dict[str, str]:
    return dict(Nomination.objects.filter(cycle__slug="2025").values_list("nominee__name", "state"))


def signed_in(client, user):
    client.force_login(user)
    return client


def post(client, decision: str, note: str | None = None):
    data = {"decision": decision}
    if note is not None:
        data["approval-note"] = note
    return client.post(APPROVAL, data)


# --- The final list and its approval ---------------------------------------------------------


def test_the_approver_sees_the_final_list_with_rationale_and_the_sign_off_form(
    client, cycle, decided_list, approver
):
    page = signed_in(client, approver).get(APPROVAL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Final list: 2025 cohort" in html
    for name in ("Ana Lima", "Bo Chen", "Cy Diallo", "Di Novak"):
        assert name in html
    assert RATIONALE in html and "Show more mentoring." in html
    assert 'value="sign_off"' in html and 'value="send_back"' in html
    assert 'value="announce"' not in html and 'value="submit"' not in html
    assert page.context["outcomes"] == {"selected": 2, "deferred": 1, "declined": 1}


def test_the_approver_signs_off_through_the_form(
    client, cycle, decided_list, approver, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    client = signed_in(client, approver)
    with django_capture_on_commit_callbacks(execute=True):
        done = post(client, "sign_off", "Well argued.")
    assert done.status_code == 302 and done["Location"] == APPROVAL
    sign_off = SignOff.objects.get()
    assert (sign_off.signed_by, sign_off.note) == (approver, "Well argued.")
    assert states() == {
        "Ana Lima": "approved",
        "Bo Chen": "approved",
        "Cy Diallo": "declined",
        "Di Novak": "deferred",
    }
    [mail] = mailoutbox
    assert mail.to == [admin_user.email]
    page = client.get(APPROVAL).content.decode()
    assert "Signed off: the list is locked" in page
    assert 'data-testid="signed-off"' in page and "Well argued." in page
    # Locked: the approver is offered no second answer.
    assert 'value="sign_off"' not in page and 'value="send_back"' not in page


def test_the_approver_sends_the_list_back_with_a_note_through_the_form(
    client, cycle, decided_list, approver, chair, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        done = post(signed_in(client, approver), "send_back", "Reconsider Bo Chen.")
    assert done.status_code == 302
    assert program.get_cycle("2025").phase == "deliberation"
    assert not SignOff.objects.exists()
    [mail] = mailoutbox
    assert mail.to == [chair.email] and "Reconsider Bo Chen." in mail.body
    page = client.get(APPROVAL).content.decode()
    assert "Sent back to deliberation; the chair has your note." in page
    assert "sent the list back to deliberation" in page and "Reconsider Bo Chen." in page  # history


def test_sending_back_without_a_note_is_a_field_error_that_changes_nothing(
    client, cycle, decided_list, approver, mailoutbox
):
    last = trail()
    answer = post(signed_in(client, approver), "send_back", "   ")
    assert answer.status_code == 400
    assert answer.context["approval_form"].errors == {
        "note": ["Tell the chair what to reconsider; the note goes to them."]
    }
    assert 'id="id_approval-note_errors"' in answer.content.decode()
    assert program.get_cycle("2025").phase_override == "" and trail() == last and mailoutbox == []


def test_a_note_too_long_is_a_field_error_that_changes_nothing(client, cycle, decided_list, approver):
    last, before = trail(), states()
    answer = post(signed_in(client, approver), "sign_off", "x" * (NOTE_MAX + 1))
    assert answer.status_code == 400
    assert list(answer.context["approval_form"].errors) == ["note"]
    assert "at most 5000 characters" in answer.context["approval_form"].errors["note"][0]
    assert not SignOff.objects.exists() and states() == before and trail() == last


def test_signing_off_with_undecided_nominations_shows_how_many_and_changes_nothing(
    client, cycle, decided_list, approver
):
    decided(cycle, "Ed Park", "in_review")
    last, before = trail(), states()
    answer = post(signed_in(client, approver), "sign_off", "")
    assert answer.status_code == 400
    assert answer.context["approval_form"].non_field_errors() == [
        # No field name before the message (issue 13): it says what is wrong in words.
        "1 eligible nomination is not decided yet (Distinguished Engineer: 1); the chair "
        "decides every one in deliberation before the list is signed off."
    ]
    assert 'data-testid="undecided"' in answer.content.decode()
    assert not SignOff.objects.exists() and states() == before and trail() == last


def test_signing_off_twice_through_the_form_is_a_409(client, cycle, decided_list, approver):
    client = signed_in(client, approver)
    assert post(client, "sign_off", "").status_code == 302
    last = trail()
    again = post(client, "sign_off", "")
    assert again.status_code == 409
    assert "it is locked" in again.context["approval_form"].non_field_errors()[0]
    assert SignOff.objects.count() == 1 and trail() == last


def test_an_unknown_decision_is_a_400(client, cycle, decided_list, approver):
    last = trail()
    answer = post(signed_in(client, approver), "approve_everything", "")
    assert answer.status_code == 400
    assert "Choose one of the buttons" in answer.content.decode()
    assert not SignOff.objects.exists() and trail() == last


@pytest.mark.parametrize("who", ["member", "panelist"])
def test_others_cannot_see_the_final_list(client, cycle, decided_list, request, who):
    client = signed_in(client, request.getfixturevalue(who))
    assert client.get(APPROVAL).status_code == 403
    assert post(client, "sign_off", "").status_code == 403
    assert not SignOff.objects.exists()


@pytest.mark.parametrize("who", ["chair", "admin_user"])
def test_the_chair_and_admins_see_the_list_but_cannot_sign_it_off(client, cycle, decided_list, request, who):
    client = signed_in(client, request.getfixturevalue(who))
    page = client.get(APPROVAL)
    assert page.status_code == 200 and 'value="sign_off"' not in page.content.decode()
    last, before = trail(), states()
    assert post(client, "sign_off", "").status_code == 403
    assert post(client, "send_back", "No.").status_code == 403
    assert not SignOff.objects.exists() and states() == before and trail() == last
    assert program.get_cycle("2025").phase_override == ""


def test_anonymous_visitors_are_sent_to_sign_in_and_unknown_cycles_are_404(client, cycle, approver):
    anonymous = client.get(APPROVAL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("web:sign-in"))
    assert signed_in(client, approver).get("/cycles/nope/approval/").status_code == 404


def test_the_announce_button_shows_to_admins_after_sign_off_only(
    client, cycle, decided_list, approver, admin_user
):
    admin = signed_in(client, admin_user)
    assert 'value="announce"' not in admin.get(APPROVAL).content.decode()
    assert post(signed_in(client, approver), "sign_off", "").status_code == 302
    assert 'value="announce"' not in client.get(APPROVAL).content.decode()  # the approver
    page = signed_in(client, admin_user).get(APPROVAL).content.decode()
    assert 'value="announce"' in page and "Announce the 2025 cohort" in page


def test_an_admin_announces_through_the_button_once(
    client, cycle, decided_list, approver, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    assert post(signed_in(client, approver), "sign_off", "").status_code == 302
    with at(ANNOUNCEMENT_DAY), django_capture_on_commit_callbacks(execute=True):
        client = signed_in(client, admin_user)
        done = post(client, "announce")
        assert done.status_code == 302 and done["Location"] == APPROVAL
        page = client.get(APPROVAL).content.decode()
    assert "Announced: memberships created, nominees e-mailed." in page
    assert "Announced on 1 July 2025" in page and f'href="{ANNOUNCEMENT}"' in page
    assert 'value="announce"' not in page
    assert Announcement.objects.get().date.isoformat() == "2025-07-01"
    assert set(Membership.objects.values_list("contributor__name", flat=True)) == {"Ana Lima", "Bo Chen"}
    assert len(mailoutbox) == 8  # nominee and nominator of each of the four
    sent, last = len(mailoutbox), trail()
    with at(ANNOUNCEMENT_DAY), django_capture_on_commit_callbacks(execute=True):
        again = post(signed_in(client, admin_user), "announce")
    assert again.status_code == 409
    assert "announcing again would create nothing" in again.content.decode()
    assert Membership.objects.count() == 2 and Announcement.objects.count() == 1
    assert len(mailoutbox) == sent and trail() == last


def test_announcing_through_the_button_before_sign_off_is_refused(client, cycle, decided_list, admin_user):
    answer = post(signed_in(client, admin_user), "announce")
    assert answer.status_code == 400
    assert (
        "is not signed off yet; the approver signs it off before it is announced." in answer.content.decode()
    )
    assert not Announcement.objects.exists() and not Membership.objects.exists()


def test_only_admins_announce_through_the_button(client, cycle, decided_list, approver, chair):
    assert post(signed_in(client, approver), "sign_off", "").status_code == 302
    for who in (approver, chair):
        assert post(signed_in(client, who), "announce").status_code == 403
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("extra", [0, 60])
# Of these, 3 are the navigation's: the viewer's panel seats, reviews and nominations in every cycle;
# for the chair, 1 more: their own nominations, which no panel role shows them (review/conflicts.py).
# The scores come from the stored standings of the decided nominations (review.standings), checked
# fresh by their stamp; the outline of every decided nomination orders the list, and the page's
# rows are read whole. 64 decided nominations make two pages; the second costs the same.
@pytest.mark.parametrize(("who", "queries"), [("approver", 25), ("chair", 25)])
def test_the_final_list_costs_the_same_queries_at_any_size(
    client, cycle, decided_list, chair, request, who, queries, extra, django_assert_num_queries
):
    more_selected(cycle, chair, extra)
    client = signed_in(client, request.getfixturevalue(who))
    review.standings_of(cycle)  # the first read after a change recomputes the stored ranking
    with django_assert_num_queries(queries):
        page = client.get(APPROVAL)
    assert page.context["outcomes"]["selected"] == 2 + extra
    with django_assert_num_queries(queries):
        last = client.get(f"{APPROVAL}?page={page.context['page'].paginator.num_pages}")
    assert last.status_code == 200


def rows_shown(page) -> list[str]:
    return [row["nomination"].nominee.name for group in page.context["shown"] for row in group["rows"]]


def test_a_long_final_list_is_read_page_by_page_in_its_order_with_the_whole_lists_counts(
    client, cycle, decided_list, chair, approver
):
    more_selected(cycle, chair, 60)
    client = signed_in(client, approver)
    first = client.get(APPROVAL)
    html = first.content.decode()
    assert first.context["page"].paginator.num_pages == 2
    assert "64 decided nominations</span>, 2 pages of 50" in html
    assert "Page 1 of 2: nominations 1–50 of 64" in html and 'href="?page=2" rel="next"' in html
    # The counts and the sign-off are the whole list's, on every page.
    assert first.context["outcomes"] == {"selected": 62, "deferred": 1, "declined": 1}
    assert "approves the 62 selected nominations on all 2 pages of the list" in html
    assert [group["track"].code for group in first.context["shown"]] == ["engineer"]
    assert first.context["shown"][0]["more"] and not first.context["shown"][0]["continued"]
    assert "Engineer goes on on page 2." in html
    second = client.get(f"{APPROVAL}?page=2")
    assert second.status_code == 200
    engineer, advocate = second.context["shown"]
    assert engineer["continued"] and not engineer["more"] and advocate["track"].code == "advocate"
    assert "(continued from page 1)" in second.content.decode()
    # Every decided nomination once, in the list's order: selected, deferred, declined, by track.
    names = rows_shown(first) + rows_shown(second)
    assert len(names) == len(set(names)) == 64
    assert names[-3:] == ["Di Novak", "Cy Diallo", "Bo Chen"]
    assert 'rel="prev"' in second.content.decode() and 'rel="next"' not in second.content.decode()
    # The approver signs off the whole list from any page.
    assert client.post(f"{APPROVAL}?page=2", {"decision": "sign_off"}).status_code == 302
    assert set(states().values()) == {"approved", "deferred", "declined"}


@pytest.mark.parametrize(
    ("page", "said"),
    [
        ("3", "There is no page 3: the pages go from 1 to 1."),
        ("0", "There is no page 0: the pages go from 1 to 1."),
        ("two", "“two” is not a page number."),
        ("9" * 5000, "is not a page number."),
    ],
)
def test_a_bad_page_of_the_final_list_is_a_400_showing_the_first_page(
    client, cycle, decided_list, approver, page, said
):
    answer = signed_in(client, approver).get(APPROVAL, {"page": page})
    assert answer.status_code == 400
    assert said in answer.content.decode() and "Showing the first page." in answer.content.decode()
    assert answer.context["page"].number == 1 and "Ana Lima" in answer.content.decode()


def test_a_short_final_list_has_no_page_links(client, cycle, decided_list, approver):
    html = signed_in(client, approver).get(APPROVAL).content.decode()
    assert "Pages of the final list" not in html and "4 decided nominations</span>." in html


# --- The public announcement -------------------------------------------------------------------


def test_the_announcement_page_is_404_before_the_announcement(client, cycle, decided_list, approver):
    assert client.get(ANNOUNCEMENT).status_code == 404
    signed_in(client, approver).post(APPROVAL, {"decision": "sign_off"})
    assert client.get(ANNOUNCEMENT).status_code == 404  # signed off is not announced
    assert client.get("/cycles/nope/announcement/").status_code == 404


def test_the_announcement_page_names_the_new_members_by_track_with_the_event(
    client, cycle, decided_list, admin_user, approver, chair
):
    decided(cycle, "Ola Quiet", "selected", track="advocate", chair=chair)
    announce_2025(admin_user, approver)
    page = client.get(ANNOUNCEMENT)
    assert page.status_code == 200
    html = page.content.decode()
    assert EVENT in html
    assert "The Open edX Distinguished Contributor Program welcomes 3 new Distinguished Contributors" in html
    assert "Their membership runs from 1 July 2025 to 30 June 2027." in html
    # By track, in the program's order: the Engineer first, then the Advocate.
    engineer, advocate = (
        html.index("<h2>Distinguished Engineer</h2>"),
        html.index("<h2>Distinguished Advocate</h2>"),
    )
    assert engineer < html.index("Ana Lima") < advocate < html.index("Ola Quiet")
    ana = Membership.objects.get(contributor__name="Ana Lima").contributor_id
    assert f'<a href="{settings.SITE_URL}/directory/{ana}/" rel="noopener noreferrer">Ana Lima</a>' in html
    # Bo Chen did not agree to be listed: counted, not named.
    assert "Bo Chen" not in html
    assert "And 1 more, not listed in the public directory." in html
    # The declined and the deferred are not announced; nor is anything of the panel's.
    for hidden in ("Cy Diallo", "Di Novak", RATIONALE, "Outstanding reviews."):
        assert hidden not in html
    # Ready to paste: the Markdown and the HTML of the same text.
    markdown = page.context["text"].markdown
    assert "## Distinguished Engineer" in markdown and "- [Ana Lima](" in markdown
    assert 'id="announcement-markdown"' in html and 'id="announcement-html"' in html
    assert f'href="{FEED}"' in html


def test_names_cannot_inject_markup_into_the_announcement(client, cycle, admin_user, approver, chair):
    decided(cycle, "Eve <script>alert(1)</script> *bold* [x](javascript:alert(2))", "selected", chair=chair)
    announce_2025(admin_user, approver)
    html = client.get(ANNOUNCEMENT).content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html and "<em>bold</em>" not in html
    # The name stays text, as typed: in the page and in the Markdown to paste.
    assert "Eve &lt;script&gt;alert(1)&lt;/script&gt; *bold* [x](javascript:alert(2))</a>" in html
    assert "- [Eve \\<script\\>alert(1)\\</script\\> \\*bold\\* \\[x\\](javascript:alert(2))](" in (
        client.get(ANNOUNCEMENT).context["text"].markdown
    )


@pytest.mark.parametrize("extra", [0, 12])
def test_the_announcement_page_costs_the_same_queries_at_any_size(
    client, cycle, decided_list, admin_user, approver, chair, extra, django_assert_num_queries
):
    more_selected(cycle, chair, extra)
    announce_2025(admin_user, approver)
    with django_assert_num_queries(3):
        page = client.get(ANNOUNCEMENT)
    assert page.context["text"].total == 2 + extra


# --- The Atom feed -----------------------------------------------------------------------------


def feed(client):
    answer = client.get(FEED)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(answer.content)


def test_the_feed_is_valid_atom_without_entries_before_any_announcement(client, cycle, decided_list):
    root = feed(client)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "Open edX Distinguished Contributors: announcements"
    assert root.find(f"{ATOM}id") is not None and root.find(f"{ATOM}updated") is not None
    assert root.findall(f"{ATOM}entry") == []


def test_the_feed_has_an_entry_per_announcement_newest_first(
    client, cycle, decided_list, admin_user, approver
):
    from .conftest import next_cycle

    announce_2025(admin_user, approver)
    earlier = next_cycle("2024", opens=program.get_cycle("2025").nominations_open.replace(year=2024))
    AnnouncementFactory(
        cycle=earlier, announced_by=admin_user, announced="2024-07-01T12:00Z", date="2024-07-01"
    )
    root = feed(client)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "2025 cohort: 2 new Distinguished Contributors",
        "2024 cohort: 0 new Distinguished Contributors",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{ANNOUNCEMENT}"
    assert first.findtext(f"{ATOM}updated").startswith("2025-07-01T12:00:00")
    summary = first.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "Ana Lima" in summary.text and EVENT in summary.text and "Bo Chen" not in summary.text
    assert "names no new Distinguished Contributor" in entries[1].find(f"{ATOM}summary").text
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2


@pytest.mark.parametrize("extra", [0, 12])
def test_the_feed_costs_the_same_queries_at_any_size(
    client, cycle, decided_list, admin_user, approver, chair, extra, django_assert_num_queries
):
    more_selected(cycle, chair, extra)
    announce_2025(admin_user, approver)
    with django_assert_num_queries(2):
        root = feed(client)
    assert (
        root.find(f"{ATOM}entry/{ATOM}title").text
        == f"2025 cohort: {2 + extra} new Distinguished Contributors"
    )


def test_the_approver_opens_each_nomination_of_the_final_list_and_no_other(
    client, client_for, cycle, decided_list, approver
):
    """The final list links every nominee to their nomination: the approver reads it (page and
    API), but not a nomination still undecided."""
    undecided = decided(cycle, "Ed Park", "in_review")
    signed_in(client, approver)
    html = client.get(APPROVAL).content.decode()
    for nomination in decided_list.values():
        assert f'href="/nominations/{nomination.pk}/"' in html
        assert client.get(f"/nominations/{nomination.pk}/").status_code == 200
        assert client_for(approver).get(f"/api/v1/nominations/{nomination.pk}/").status_code == 200
    assert client.get(f"/nominations/{undecided.pk}/").status_code == 404
    assert client_for(approver).get(f"/api/v1/nominations/{undecided.pk}/").status_code == 404
    listed = {row["id"] for row in client_for(approver).get("/api/v1/nominations/").json()["results"]}
    assert listed == {n.pk for n in decided_list.values()}
