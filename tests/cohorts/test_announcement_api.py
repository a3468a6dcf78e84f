"""GET /api/v1/cycles/{slug}/announcement/: the announcement as Markdown and HTML, for anyone once
the cohort is announced, 404 before; a fixed number of queries whatever the cohort's size."""

import datetime as dt

import pytest
from django.conf import settings

from distinguished.membership import api as membership
from distinguished.membership.models import Membership
from distinguished.program import api as program

from .conftest import ANNOUNCEMENT_DAY, RATIONALE, announce_2025, at, decided, more_selected

pytestmark = pytest.mark.django_db

URL = "/api/v1/cycles/2025/announcement/"
EVENT = "recognized at the Open edX Conference, Paris, 1 July 2025"


@pytest.fixture
def announced(cycle, decided_list, admin_user, approver):
    announce_2025(admin_user, approver)
    return decided_list


def test_anyone_reads_the_announcement_as_markdown_and_html(announced, client_for):
    answer = client_for(None).get(URL)
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"cycle", "date", "language", "markdown", "html"}
    assert (body["cycle"], body["date"]) == ("2025", "2025-07-01")
    ana = Membership.objects.get(contributor__name="Ana Lima").contributor_id
    site = settings.SITE_URL
    assert body["markdown"] == (
        "The Open edX Distinguished Contributor Program welcomes 2 new Distinguished Contributors of its "
        f"2025 cohort, {EVENT}.\n"
        "\n"
        "Their membership runs from 1 July 2025 to 30 June 2027.\n"
        "\n"
        "## Distinguished Engineer\n"
        "\n"
        f"- [Ana Lima]({site}/directory/{ana}/)\n"
        "\n"
        "## Distinguished Advocate\n"
        "\n"
        "1 new member is not listed in the public directory.\n"
    )
    html = body["html"]
    assert "<h2>Distinguished Engineer</h2>" in html and "<h2>Distinguished Advocate</h2>" in html
    assert f'<li><a href="{site}/directory/{ana}/" rel="noopener noreferrer">Ana Lima</a></li>' in html
    assert EVENT in html
    for hidden in ("Bo Chen", "Cy Diallo", "Di Novak", RATIONALE):
        assert hidden not in body["markdown"] + html


@pytest.mark.parametrize("who", ["member", "approver", "admin_user"])
def test_signed_in_users_read_the_same_text(announced, client_for, request, who):
    anonymous = client_for(None).get(URL).json()
    assert client_for(request.getfixturevalue(who)).get(URL).json() == anonymous


def test_before_the_announcement_it_is_404(cycle, decided_list, client_for, admin_user, approver):
    from distinguished.cohorts import api

    assert client_for(None).get(URL).status_code == 404
    api.sign_off_cycle(actor=approver, cycle=cycle)
    # Signed off is not announced: not even an admin reads it yet.
    answer = client_for(admin_user).get(URL)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "This cycle is not announced yet."}


def test_an_unknown_cycle_is_404(db, client_for):
    assert client_for(None).get("/api/v1/cycles/nope/announcement/").status_code == 404


def test_the_announcement_is_read_only(announced, client_for, admin_user):
    before = client_for(None).get(URL).json()
    assert client_for(admin_user).post(URL, {"markdown": "# Hacked"}, format="json").status_code == 405
    assert client_for(admin_user).put(URL, {"markdown": "# Hacked"}, format="json").status_code == 405
    assert client_for(None).get(URL).json() == before


def test_a_revoked_membership_leaves_the_announcement(announced, client_for, admin_user):
    ana = Membership.objects.get(contributor__name="Ana Lima")
    with at(ANNOUNCEMENT_DAY):
        membership.revoke(actor=admin_user, membership=ana, reason="Code of conduct.")
    body = client_for(None).get(URL).json()
    assert "Ana Lima" not in body["markdown"] + body["html"]
    assert "welcomes 1 new Distinguished Contributor of its" in body["markdown"]
    assert "## Distinguished Engineer" not in body["markdown"]


def test_a_cohort_with_nobody_selected_says_so(cycle, chair, client_for, admin_user, approver):
    decided(cycle, "Cy Diallo", "declined", chair=chair)
    announce_2025(admin_user, approver)
    body = client_for(None).get(URL).json()
    assert body["markdown"] == (
        f"The 2025 cohort of the Open edX Distinguished Contributor Program, {EVENT}, names no new "
        "Distinguished Contributor.\n"
    )
    assert body["html"].startswith("<p>The 2025 cohort")


def test_without_an_event_it_says_the_day_it_was_announced(
    cycle, decided_list, client_for, admin_user, approver
):
    from distinguished.cohorts import api
    from distinguished.program.models import Cycle

    Cycle.objects.filter(pk=cycle.pk).update(announcement_event="")
    api.sign_off_cycle(actor=approver, cycle=cycle)
    with at(dt.datetime(2025, 7, 3, 9, 0, tzinfo=dt.UTC)):
        api.announce_cycle(actor=admin_user, cycle=program.get_cycle("2025"))
    markdown = client_for(None).get(URL).json()["markdown"]
    assert markdown.startswith(
        "The Open edX Distinguished Contributor Program welcomes 2 new Distinguished Contributors of its "
        "2025 cohort, announced on 3 July 2025.\n"
    )
    assert "Their membership runs from 3 July 2025 to 2 July 2027." in markdown


@pytest.mark.parametrize("extra", [0, 15])
def test_the_announcement_costs_the_same_queries_at_any_size(
    cycle, decided_list, chair, admin_user, approver, client_for, extra, django_assert_num_queries
):
    more_selected(cycle, chair, extra)
    more_selected(cycle, chair, extra // 3, track="advocate")
    announce_2025(admin_user, approver)
    client = client_for(None)
    # The cycle; the announcement with its cycle, program and announcer; its awards with
    # membership, contributor and track.
    with django_assert_num_queries(3):
        answer = client.get(URL)
    assert answer.status_code == 200
    assert answer.json()["markdown"].count("\n- [") == 1 + extra + extra // 3
