"""Navigation and the home page are about the person (issue 13): with two overlapping open cycles
with different panels, each panelist's menu shows their own cycle's pages (never another cycle's,
never a page that answers 403), a member sees their nominations of each cycle, a reviewer their
reviews, the chair what waits for screening, a member and the chair their renewals; and the cost
stays the same queries whatever the number of cycles."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.review import api as review

from ..factories import (
    AssignmentFactory,
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    MembershipFactory,
    RenewalFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def cycles(admin_user):
    """Two cycles open for nominations at once, each with its own panel."""
    early = CycleFactory(slug="2027", name="2027 cohort", nominations_open=day(-21))
    late = CycleFactory(slug="2028", name="2028 cohort", nominations_open=day(-2))
    return early, late


@pytest.fixture
def ana(admin_user, cycles):
    """Seated on the 2027 panel only."""
    user = UserFactory(username="ana", roles=["panelist"])
    review.seat_panelist(actor=admin_user, cycle=cycles[0], user=user, group="core_contributors")
    return user


@pytest.fixture
def bo(admin_user, cycles):
    """Seated on the 2028 panel only."""
    user = UserFactory(username="bo", roles=["panelist"])
    review.seat_panelist(actor=admin_user, cycle=cycles[1], user=user, group="axim")
    return user


def groups(response) -> dict[str, dict[str, str]]:
    """The navigation's cycle groups: cycle name → {link label: address}."""
    html = response.content.decode().split("</nav>")[0]
    found = {}
    for name, body in re.findall(r"<summary[^>]*>([^<]+)</summary>\s*<ul[^>]*>(.*?)</ul>", html, re.S):
        found[name] = dict(
            (label, url) for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', body)
        )
    return found


def nomination(cycle, nominee, nominator, state="submitted"):
    return DraftNominationFactory(
        cycle=cycle,
        track=program.get_track("engineer"),
        nominee=nominee,
        nominator=nominator,
        state=state,
        nominee_consent=None,  # the nominee has not answered
        consent_answered=None,
    )


def test_each_panelist_sees_the_pages_of_their_own_cycle_and_may_open_them(client, ana, bo, cycles):
    client.force_login(ana)
    menu = groups(client.get("/"))
    assert list(menu) == ["2027 cohort"]
    assert menu["2027 cohort"] == {
        "Timeline and targets": "/cycles/2027/",
        "Panel": "/cycles/2027/panel/",
        "Deliberation": "/cycles/2027/deliberation/",
    }
    for url in menu["2027 cohort"].values():
        assert client.get(url).status_code == 200, url
    client.force_login(bo)
    menu = groups(client.get("/"))
    assert list(menu) == ["2028 cohort"]
    assert menu["2028 cohort"]["Panel"] == "/cycles/2028/panel/"
    for url in menu["2028 cohort"].values():
        assert client.get(url).status_code == 200, url


def test_the_chair_role_and_admins_see_every_cycle_under_way(client, chair, admin_user, cycles):
    for user in (chair, admin_user):
        client.force_login(user)
        menu = groups(client.get("/"))
        assert list(menu) == ["2027 cohort", "2028 cohort"]  # not the closed 2025 cycle
        assert menu["2028 cohort"]["Screening"] == "/cycles/2028/screening/"
        assert menu["2027 cohort"]["Panel"] == "/cycles/2027/panel/"
        assert "Final list" not in menu["2027 cohort"]  # no final list while nominations are open


def test_the_approver_sees_the_final_list_of_the_cycle_in_approval_only(client, approver, admin_user, cycles):
    program.override_phase(actor=admin_user, cycle=cycles[0], phase="approval", reason="Test")
    client.force_login(approver)
    menu = groups(client.get("/"))
    assert menu == {
        "2027 cohort": {"Timeline and targets": "/cycles/2027/", "Final list": "/cycles/2027/approval/"}
    }
    assert client.get("/cycles/2027/approval/").status_code == 200


def test_a_member_sees_their_nominations_of_each_cycle(client, member, cycles):
    early, late = cycles
    nomination(early, member.contributor, UserFactory(), state="draft")  # of them, not answered yet
    nomination(late, ContributorFactory(), member, state="draft")  # made by them, not submitted
    client.force_login(member)
    response = client.get("/")
    menu = groups(response)
    assert menu["2027 cohort"]["Your nominations"] == "/nominations/?cycle=2027"
    assert menu["2028 cohort"]["Your nominations"] == "/nominations/?cycle=2028"
    html = response.content.decode()
    assert "1 nomination you made or received: 1 nomination of you to accept or decline." in html
    assert "1 nomination you made or received: 1 draft to submit." in html
    response = client.get("/nominations/?cycle=2028")
    assert [n.cycle.slug for n in response.context["made"]] == ["2028"]
    assert response.context["of_me"] == []
    # A withdrawn nomination is no work.
    Nomination.objects.filter(cycle=late).update(state="withdrawn")
    assert list(groups(client.get("/"))) == ["2027 cohort"]


def test_a_reviewer_sees_their_reviews_of_each_cycle_with_what_is_left(client, ana, cycles):
    early = cycles[0]
    for submitted in (True, False):
        assignment = AssignmentFactory(
            cycle=early,
            nomination=nomination(early, ContributorFactory(), UserFactory(), "in_review"),
            panelist=ana,
        )
        if submitted:
            ReviewFactory(assignment=assignment, submitted=timezone.now())
    client.force_login(ana)
    response = client.get("/")
    assert groups(response)["2027 cohort"]["Your reviews"] == "/review/?cycle=2027"
    assert "2 reviews assigned to you, 1 still to write." in response.content.decode()
    listed = client.get("/review/?cycle=2027").context["assignments"]
    assert len(listed) == 2 and client.get("/review/?cycle=2028").context["assignments"] == []
    assert client.get("/review/?cycle=2099").status_code == 404


def test_the_chair_sees_what_waits_for_screening_in_each_cycle(client, chair, cycles):
    early, late = cycles
    for _ in range(3):
        nomination(early, ContributorFactory(), UserFactory())
    nomination(late, ContributorFactory(), UserFactory(), state="draft")  # not the chair's business
    client.force_login(chair)
    html = client.get("/").content.decode()
    assert "3 submitted nominations waiting for screening." in html
    assert "No submitted nomination waits for screening." in html


def test_renewals_wait_on_the_home_page_for_the_member_and_the_chair(client, member, chair, cycles):
    track = program.get_track("engineer")
    expiring = MembershipFactory(contributor=member.contributor, track=track, start=day(-700), end=day(20))
    client.force_login(member)
    html = client.get("/").content.decode()
    assert f"your Distinguished Engineer term ends on {day(20):%-d %B %Y}" in html
    RenewalFactory(membership=expiring, statement="Two more years.", applicant=member)
    html = client.get("/").content.decode()
    assert "Apply to renew" not in html and "waits for a decision" in html
    client.force_login(chair)
    assert "1 application waiting for a decision." in client.get("/").content.decode()


def test_the_menu_marks_the_page_and_its_cycle(client, ana, cycles):
    client.force_login(ana)
    items = client.get("/cycles/2027/panel/").context["nav_items"]
    group = next(item for item in items if item["label"] == "2027 cohort")
    assert group["current"] and [link["label"] for link in group["links"] if link["current"]] == ["Panel"]
    assert [item["label"] for item in items if item["current"]] == ["2027 cohort"]


def test_an_anonymous_visitor_gets_the_open_cycles_and_no_work(client, cycles):
    html = client.get("/").content.decode()
    assert "Your work" not in html and "<summary" not in html.split("</nav>")[0]
    assert 'href="/nominations/new/?cycle=2027"' in html and 'href="/nominations/new/?cycle=2028"' in html


# --- the same queries whatever the number of cycles ---------------------------------------------------


def more_cycles(admin_user, ana, n: int) -> None:
    for i in range(n):
        cycle = CycleFactory(slug=f"extra-{i}", name=f"Extra {i}", nominations_open=day(-10 - i))
        review.seat_panelist(actor=admin_user, cycle=cycle, user=ana, group="core_contributors")
        nomination(cycle, ContributorFactory(), UserFactory())
        AssignmentFactory(
            cycle=cycle,
            nomination=nomination(cycle, ContributorFactory(), UserFactory(), "in_review"),
            panelist=ana,
        )


@pytest.mark.parametrize("who", ["ana", "chair", "admin_user", "member", "approver"])
@pytest.mark.parametrize("url", ["/", "/program/", "/cycles/"])
def test_home_and_navigation_cost_the_same_queries_at_two_and_at_eight_cycles(
    client, request, admin_user, ana, bo, who, url, django_assert_num_queries, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    more_cycles(admin_user, ana, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if who in ("ana", "chair", "admin_user"):
        assert "Extra 5" in response.content.decode().split("</nav>")[0]


def test_the_navigation_reads_nothing_for_a_fragment_without_it(client, ana, cycles, monkeypatch):
    """An htmx fragment (the live tallies) shows no navigation and pays nothing for it."""
    from distinguished.web import context_processors

    def fail(request):
        raise AssertionError("the navigation was read")

    monkeypatch.setattr(context_processors, "agenda_of", fail)
    client.force_login(ana)
    assert client.get("/cycles/2027/deliberation/tallies/", HTTP_HX_REQUEST="true").status_code == 200
    with pytest.raises(AssertionError, match="the navigation was read"):
        client.get("/")
