"""Every figure of the dashboard against the hand-built program of conftest.py, whose answers are
known: leap days, a term ending on the day, a renewal granted early, a revoked member, a deferred
nomination carried over."""

import datetime as dt

import pytest

from distinguished.membership import api as membership
from distinguished.program import api as program
from distinguished.review import aggregation
from distinguished.stats import api

from .conftest import TODAY, D

pytestmark = pytest.mark.django_db


def figures(params=None, today=TODAY):
    return api.program_figures(api.read_period(params or {}, today=today))


# --- members -------------------------------------------------------------------------------------


def test_members_active_today_in_all_per_track_per_tier_and_for_life(known):
    counts = figures({"cycle": "2025"})
    assert counts["active_members"] == 6  # Ada, Ben (his last day), Dan (once), Big, Small, Eve
    assert counts["active_by_track"] == {"engineer": 3, "advocate": 2, "innovator": 0, "partner": 2}
    assert counts["active_by_tier"] == {"larger": 1, "smaller": 1}
    assert counts["lifetime_members"] == 1


def test_a_term_ending_today_counts_today_and_not_tomorrow(known):
    assert membership.member_counts(TODAY).by_track["advocate"] == 2
    assert membership.member_counts(TODAY + dt.timedelta(days=1)).by_track["advocate"] == 1


def test_a_revoked_member_counts_until_the_day_before_the_revocation(known):
    assert membership.member_counts(D(2026, 3, 14)).by_track["engineer"] == 4  # Cleo still
    assert membership.member_counts(D(2026, 3, 15)).by_track["engineer"] == 3


def test_an_early_renewal_counts_the_member_once_and_the_leap_day_term_ends_on_28_february(known):
    # Ada's new term is recorded already; until it starts only her first term counts.
    assert membership.member_counts(D(2026, 2, 15)).by_track["engineer"] == 4  # Ada, Cleo, Dan, Eve
    assert membership.member_counts(D(2026, 2, 28)).by_track["engineer"] == 4
    assert membership.member_counts(D(2026, 3, 1)).by_track["engineer"] == 4  # her renewal, once


def test_new_members_per_cohort_count_people_once_and_never_renewals(known):
    cohorts = {row["cycle"]: row["new_members"] for row in figures({"since": "2025-01-01"})["cycles"]}
    assert cohorts == {"2025": 4, "2026": 0, "2027": 0}  # Cleo, Dan (two tracks), Big, Small


# --- retention -------------------------------------------------------------------------------------


def test_retention_year_by_year_over_the_terms_that_ended(known):
    body = figures({"since": "2025-01-01", "until": "2026-06-30"})
    assert body["retention_by_year"] == [
        {"year": 2025, "ended": 1, "renewed": 0, "rate": 0.0},  # Fay
        {"year": 2026, "ended": 2, "renewed": 1, "rate": 50.0},  # Ada renewed early, Ben not
    ]
    assert body["retention"] == {"ended": 3, "renewed": 1, "rate": 33.3}


def test_retention_leaves_out_a_term_ending_after_the_period_and_revoked_and_lifetime_terms(known):
    # Until yesterday Ben's term had not ended; Cleo's (revoked) and Eve's (lifetime) never count.
    body = figures({"since": "2026-01-01", "until": "2026-06-29"})
    assert body["retention"] == {"ended": 1, "renewed": 1, "rate": 100.0}


def test_no_term_ended_means_no_rate(known):
    assert figures({"since": "2026-03-01", "until": "2026-06-29"})["retention"] == {
        "ended": 0,
        "renewed": 0,
        "rate": None,
    }


# --- each cycle ------------------------------------------------------------------------------------


def cycle_row(body, slug):
    return next(row for row in body["cycles"] if row["cycle"] == slug)


def test_the_funnel_of_a_cycle(known):
    funnel = cycle_row(figures({"cycle": "2026"}), "2026")["funnel"]
    assert funnel == {
        "started": 14,
        "draft": 2,
        "submitted": 11,
        "consent": 13,
        "eligible": 6,
        "ineligible": 3,
        "reviewed": 2,
        "selected": 2,  # selected and approved
        "declined": 1,
        "deferred": 1,
        "withdrawn": 2,
        "carried_in": 0,
    }


def test_a_deferred_nomination_carried_over_counts_in_both_cycles_once_each(known):
    body = figures({"since": "2025-11-01", "until": "2026-06-30"})
    assert cycle_row(body, "2026")["funnel"]["deferred"] == 1
    carried = cycle_row(body, "2027")["funnel"]
    assert (carried["started"], carried["submitted"], carried["carried_in"]) == (1, 1, 1)


def test_ineligibility_reasons_are_counted_whatever_their_case_and_spacing(known):
    reasons = cycle_row(figures({"cycle": "2026"}), "2026")["ineligible_reasons"]
    assert reasons == [
        {"reason": "Not enough endorsements", "nominations": 2},
        {"reason": "Outside the window", "nominations": 1},
    ]


def test_endorsements_per_nomination_and_the_share_from_outside(known):
    endorsements = cycle_row(figures({"cycle": "2026"}), "2026")["endorsements"]
    assert endorsements == {"nominations": 11, "median": 1, "external": 6, "external_share": 54.5}


def test_the_panel_seats_completion_reviews_and_agreement(known):
    panel = cycle_row(figures({"cycle": "2026"}), "2026")["panel"]
    expected_alpha = aggregation.panel_alpha(
        [aggregation.Review(p, n, aggregation.overall(scores)) for p, n, scores in known.reviews]
    )
    assert panel == {
        "seats": {"toc": 1, "axim": 2},
        "assigned": 4,  # the voided one left out
        "submitted": 3,
        "completion": 75.0,
        "nominations": 2,
        "reviewed": 2,
        "reviews_per_nomination": 1.5,
        "alpha": expected_alpha,
    }


def test_days_from_submission_to_decision(known):
    assert cycle_row(figures({"cycle": "2026"}), "2026")["decision_days_median"] == 25.0


# --- key results and the program's targets --------------------------------------------------------


def by_code(rows, key="code"):
    return {row[key]: row for row in rows}


def test_key_results_met_by_members_over_their_own_terms(known):
    tracks = by_code(figures({"cycle": "2025"})["key_results"], "track")
    engineer = tracks["engineer"]
    # Ada (3 major PRs in her 122-day term: 8.98 a year) meets it; Dan (5 in a year) does not;
    # Eve is a lifetime member and Cleo revoked: neither is measured.
    assert (engineer["members"], engineer["ready"]) == (2, 0)
    assert by_code(engineer["key_results"])["major_prs"] | {"target": None} == {
        "code": "major_prs",
        "label": "Major pull requests to core repositories",
        "unit": "PRs",
        "tier": "",
        "target": None,
        "members": 2,
        "met": 1,
    }
    partner = tracks["partner"]
    assert (partner["members"], partner["ready"]) == (2, 1)  # Big meets every requirement
    met = {code: (kr["members"], kr["met"]) for code, kr in by_code(partner["key_results"]).items()}
    assert met == {
        "major_enhancements": (1, 0),
        "funding": (1, 1),
        "employee_share": (1, 1),  # 5 of 20 employees
        "feature_updates": (1, 1),  # Small's engineer's six fixes
        "working_groups": (2, 1),
        "sponsorships": (2, 1),
    }


def test_key_results_follow_the_cycles_targets(known):
    program.set_targets(actor=admin(), cycle=known.cycle_2025, targets={"engineer.major_prs": 5})
    engineer = by_code(figures({"cycle": "2025"})["key_results"], "track")["engineer"]
    assert by_code(engineer["key_results"])["major_prs"]["met"] == 2


def admin():
    from ..factories import UserFactory

    return UserFactory(roles=["admin"])


def test_the_programs_targets_against_their_actual_values(known):
    program.set_targets(actor=admin(), cycle=known.cycle_2025, targets={"program.active_members": 5})
    objectives = by_code(figures({"cycle": "2025"})["objectives"])
    assert objectives["active_members"] | {"description": ""} == {
        "code": "active_members",
        "name": "Active Distinguished Contributors",
        "description": "",
        "measure": "active_members",
        "unit": "members",
        "target": 5.0,
        "actual": 6.0,
        "met": True,
    }
    # Of the terms that ended in the cycle's year (Ada's, renewed; Ben's, not): 50%.
    assert (objectives["retention"]["actual"], objectives["retention"]["met"]) == (50.0, False)
    # Ada's, Cleo's before her revocation and Ben's on his last day; not Fay's nor Cleo's after.
    initiatives = objectives["community_initiatives"]
    assert (initiatives["count"], initiatives["years"], initiatives["actual"], initiatives["met"]) == (
        3,
        1.0,
        3.0,
        True,
    )


def test_initiatives_a_year_over_a_longer_period(known):
    row = by_code(figures({"since": "2024-07-01", "until": "2026-06-30"})["objectives"])[
        "community_initiatives"
    ]
    assert (row["count"], row["years"], row["actual"], row["met"]) == (3, 2.0, 1.5, False)


def test_without_targets_of_its_own_a_period_takes_the_latest_announced_cycles(known):
    period = api.read_period({"since": "2026-01-01", "until": "2026-06-30"}, today=TODAY)
    assert period.targets_cycle == known.cycle_2026  # announced 1 April 2026
    period = api.read_period({"since": "2024-01-01", "until": "2024-12-31"}, today=TODAY)
    assert period.targets_cycle == known.cycle_2025  # none announced yet: the first cycle


# --- the period ------------------------------------------------------------------------------------


def test_a_cycles_year_runs_from_its_announcement(known):
    period = api.read_period({"cycle": "2025"}, today=TODAY)
    assert (period.since, period.until, period.as_of) == (D(2025, 7, 1), D(2026, 6, 30), TODAY)
    assert period.cycles == (known.cycle_2025,)


def test_a_cycle_announced_on_a_leap_day_has_its_year_to_28_february():
    class Announced:
        announcement_date = D(2024, 2, 29)

    assert api.cycle_year(Announced) == (D(2024, 2, 29), D(2025, 2, 28))


@pytest.mark.parametrize(
    ("since", "until", "years"),
    [
        (D(2024, 2, 29), D(2025, 2, 28), 1.0),
        (D(2024, 1, 1), D(2024, 12, 31), 1.0),  # 366 days, one calendar year
        (D(2025, 7, 1), D(2027, 6, 30), 2.0),
        (D(2026, 1, 1), D(2026, 1, 31), 31 / 365),
    ],
)
def test_period_years_count_calendar_years(since, until, years):
    assert api.period_years(since, until) == pytest.approx(years)


def test_the_default_period_is_the_twelve_months_up_to_today(known):
    period = api.read_period({}, today=TODAY)
    assert (period.since, period.until) == (D(2025, 7, 1), TODAY)
    assert [c.slug for c in period.cycles] == ["2025", "2026", "2027"]


def test_members_are_counted_on_the_periods_last_day_or_today(known):
    assert api.read_period({"until": "2030-01-01"}, today=TODAY).as_of == TODAY
    assert figures({"until": "2026-03-14"})["active_members"] == 7  # Cleo, and Ben, Ada, Dan, Big, Small, Eve
