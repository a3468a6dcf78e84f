"""The dashboard and the impact page: who sees them, what they show, the charts beside their
tables, and the impact page's rule for small counts."""

import re

import pytest
import time_machine

from distinguished.stats.charts import Bar, bar_chart, funnel_chart
from distinguished.stats.impact import protect, shown

from ..factories import UserFactory
from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    with time_machine.travel(TODAY.isoformat() + " 12:00", tick=False):
        yield


def signed_in(client, *roles):
    client.force_login(UserFactory(roles=list(roles)))
    return client


# --- the dashboard -------------------------------------------------------------------------------


def test_the_dashboard_shows_the_figures_with_a_chart_beside_each_table(known, today, client):
    html = signed_in(client, "admin").get("/program/dashboard/", {"cycle": "2026"}).content.decode()
    assert 'data-testid="active-members">6<' in html
    assert "Krippendorff" in html and "Not enough endorsements" in html
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) >= 8  # tracks, tiers, cohorts, retention, the funnel, four tracks' key results
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for ident in ids:
            assert f'id="{ident}"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "style=" not in html.split("<main", 1)[1]  # the strict CSP: no inline style
    assert "<table" in html and html.count("<caption") >= 8


def test_chairs_and_the_approver_read_the_dashboard_too(known, today, client):
    assert signed_in(client, "chair").get("/program/dashboard/").status_code == 200
    client.logout()
    assert signed_in(client, "approver").get("/program/dashboard/").status_code == 200


@pytest.mark.parametrize("roles", [[], ["panelist"]])
def test_others_are_refused_the_dashboard(db, client, roles):
    assert signed_in(client, *roles).get("/program/dashboard/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    response = client.get("/program/dashboard/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_a_bad_period_is_a_400_that_says_what_is_wrong_on_its_field(known, client):
    response = signed_in(client, "admin").get("/program/dashboard/", {"cycle": "nope", "since": "soon"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "No cycle “nope”" in html and "“soon” is not a date" in html
    assert "The program's own targets" not in html and "Members</h2>" not in html


def test_the_cycle_page_links_its_dashboard_and_sets_the_programs_targets(known, client):
    html = signed_in(client, "admin").get("/cycles/2026/").content.decode()
    assert "/program/dashboard/?cycle=2026" in html
    assert 'name="program.active_members"' in html
    response = client.post("/cycles/2026/targets/", {**form_values(html), "program.retention": "75"})
    assert response.status_code == 302
    html = client.get("/program/dashboard/", {"cycle": "2026"}).content.decode()
    assert re.search(r'data-code="retention">.*?75 %', html, re.S)


def form_values(html):
    return dict(re.findall(r'name="([a-z_]+\.[a-z_]+)"[^>]*value="([^"]*)"', html))


def test_a_member_reads_the_programs_targets_on_the_cycle_page(known, client):
    html = signed_in(client).get("/cycles/2026/").content.decode()
    assert "The program's own targets" in html and "at least 80%" in html
    assert "/program/dashboard/" not in html


# --- the impact page -------------------------------------------------------------------------------


def test_anyone_reads_the_impact_page_with_aggregates_only(known, today, client):
    html = client.get("/program/impact/").content.decode()
    assert 'data-testid="impact-active">6<' in html
    for name in ("Ada", "Ben", "Cleo", "Dan", "Big", "Small", "Eve", "Fay"):
        assert f">{name}<" not in html and f" {name} " not in html
    # Two advocates, one larger and one smaller partner, one lifetime member: “fewer than 3”.
    assert html.count("fewer than 3") >= 4
    assert "Not enough endorsements" not in html and "Krippendorff" not in html


def test_the_impact_page_shows_only_announced_cohorts(known, today, client):
    html = client.get("/program/impact/").content.decode()
    cohorts = html.split("New members per cohort</caption>")[1].split("</table>")[0]
    assert "2025 cohort" in cohorts and "2026 cohort" in cohorts and "2027 cohort" not in cohorts


def test_small_counts_read_fewer_than_three():
    assert [shown(n) for n in (0, 1, 2, 3, 40)] == [0, "fewer than 3", "fewer than 3", 3, 40]


def test_one_hidden_count_hides_the_next_smallest_so_it_cannot_be_worked_out():
    assert protect({"engineer": 10, "advocate": 2, "innovator": 5, "partner": 0}) == {
        "engineer": 10,
        "advocate": "fewer than 3",
        "innovator": "not shown",
        "partner": 0,
    }
    assert protect({"larger": 1, "smaller": 2}) == {"larger": "fewer than 3", "smaller": "fewer than 3"}
    assert protect({"larger": 4, "smaller": 9}) == {"larger": 4, "smaller": 9}


def test_retention_is_shown_only_over_three_terms_or_more(known, today, client):
    # In the twelve months to today two terms ended (Ada's, renewed; Ben's, not): too few to say.
    html = client.get("/program/impact/").content.decode()
    assert "too few terms ended to say" in html and "50.0%" not in html


# --- the charts ------------------------------------------------------------------------------------


def test_a_bar_chart_is_an_accessible_image_described_in_words():
    chart = bar_chart(
        "tracks",
        "Members <per> track",
        [Bar("Engineer & co", 12, "12"), Bar("Advocate", None, "fewer than 3")],
    )
    svg = str(chart.svg)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img" aria-labelledby="tracks-title tracks-desc"' in svg
    assert '<title id="tracks-title">Members &lt;per&gt; track</title>' in svg
    assert "Bar chart. Engineer &amp; co: 12; Advocate: fewer than 3." in svg
    assert svg.count("<rect") == 1  # nothing drawn for a hidden count
    assert "style" not in svg and "<script" not in svg


def test_a_funnel_centres_its_stages_and_long_labels_are_cut_in_the_drawing_only():
    chart = funnel_chart("f", "Funnel", [Bar("Started " + "x" * 40, 10, "10"), Bar("Selected", 5, "5")])
    svg = str(chart.svg)
    widths = [float(w) for w in re.findall(r'<rect x="[^"]+" y="[^"]+" width="([^"]+)"', svg)]
    assert widths[1] == pytest.approx(widths[0] / 2)
    assert "…" in svg and "x" * 40 in chart.description


def test_the_program_page_links_the_impact_page_for_all_and_the_dashboard_for_those_who_read_it(db, client):
    html = client.get("/program/").content.decode()
    assert "/program/impact/" in html and "/program/dashboard/" not in html
    html = signed_in(client, "approver").get("/program/").content.decode()
    assert "/program/dashboard/" in html
