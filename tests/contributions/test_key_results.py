"""The key-results engine on known numbers: each aggregate, windows, tiers, any-of groups, an
organization counting its people, and flat query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from distinguished.contributions import api
from distinguished.program import api as program

from ..factories import ContributionFactory, ContributorFactory, CycleFactory, OrganizationFactory

CLOSE = dt.date(2026, 4, 15)


@pytest.fixture
def cycle(db):
    return CycleFactory(
        nominations_open=dt.date(2026, 3, 1),
        nominations_close=CLOSE,
        screening_due=dt.date(2026, 4, 30),
        review_due=dt.date(2026, 5, 20),
        deliberation_due=dt.date(2026, 6, 5),
        approval_due=dt.date(2026, 6, 15),
        announcement_date=dt.date(2026, 7, 1),
    )


def add(contributor, kind, day, quantity=None, major=False):
    return ContributionFactory(
        contributor=contributor, kind=kind, date=day, title=f"{kind} {day}", quantity=quantity, major=major
    )


def values(card) -> dict:
    return {kr.code: kr.value for kr in card.key_results}


def test_window_is_the_twelve_months_before_nominations_close(cycle):
    window = api.nomination_window(cycle)
    assert (window.start, window.end) == (dt.date(2025, 4, 15), CLOSE)


def test_engineer_key_results_count_sum_max_and_rate(cycle):
    person = ContributorFactory()
    for day in (dt.date(2025, 5, 1), dt.date(2025, 9, 1), CLOSE):
        add(person, "pull_request", day, major=True)
    add(person, "pull_request", dt.date(2025, 6, 1))  # not major
    add(person, "pull_request", dt.date(2025, 4, 15), major=True)  # the day before the window
    add(person, "blog_post", dt.date(2025, 7, 1))
    add(person, "documentation", dt.date(2025, 8, 1))
    add(person, "mentorship", dt.date(2025, 8, 1), quantity=2)
    add(person, "mentorship", dt.date(2025, 10, 1), quantity=3)
    add(person, "performance_improvement", dt.date(2025, 11, 1), quantity=12)
    add(person, "performance_improvement", dt.date(2025, 12, 1), quantity=30)
    for week in range(104):
        add(person, "forum_answer", CLOSE - dt.timedelta(days=3 * week))
    card = api.scorecard(person, program.get_track("engineer"), cycle=cycle)
    got = values(card)
    assert got["major_prs"] == 3
    assert got["technical_writing"] == 2
    assert got["mentees"] == 5
    assert got["performance_gain"] == 30
    # 104 answers over 365 days: 104 / (365 / 7) per week
    assert got["forum_answers_per_week"] == Decimal("1.99")
    met = {kr.code: kr.met for kr in card.key_results}
    assert met == {
        "major_prs": False,
        "technical_writing": False,
        "mentees": True,
        "performance_gain": True,
        "forum_answers_per_week": False,
    }
    assert (card.met, card.total, card.qualifies) == (2, 5, None)
    behind = next(kr for kr in card.key_results if kr.code == "major_prs").contributions
    assert [c.date for c in behind] == [CLOSE, dt.date(2025, 9, 1), dt.date(2025, 5, 1)]


def test_targets_come_from_the_cycle(cycle, admin_user):
    person = ContributorFactory()
    add(person, "talk", dt.date(2025, 6, 1))
    track = program.get_track("advocate")
    assert (
        next(kr for kr in api.scorecard(person, track, cycle=cycle).key_results if kr.code == "talks").met
        is False
    )
    program.set_targets(actor=admin_user, cycle=cycle, targets={"advocate.talks": 1})
    kr = next(kr for kr in api.scorecard(person, track, cycle=cycle).key_results if kr.code == "talks")
    assert (kr.value, kr.target, kr.met) == (1, 1, True)


def test_a_larger_partner_sees_its_tier_and_qualifies_by_funding_or_enhancements(cycle):
    org = OrganizationFactory(size_tier="larger", employees=400)
    engineer = ContributorFactory(organization=org)
    add(org, "funding", dt.date(2025, 6, 1), quantity=20000)
    add(org, "in_kind_support", dt.date(2025, 7, 1), quantity=10000)
    add(engineer, "working_group", dt.date(2025, 8, 1))  # counts for the organization
    add(org, "sponsorship", dt.date(2025, 9, 1))
    card = api.scorecard(org, program.get_track("partner"), cycle=cycle)
    assert [kr.code for kr in card.key_results] == [
        "major_enhancements",
        "funding",
        "working_groups",
        "sponsorships",
    ]
    got = values(card)
    assert (got["funding"], got["major_enhancements"], got["working_groups"]) == (30000, 0, 1)
    groups = {g["code"]: g["met"] for g in card.groups}
    assert groups == {"larger_contribution": True, "participation": True}
    assert card.qualifies is True


def test_a_smaller_partner_is_measured_relative_to_its_size(cycle):
    org = OrganizationFactory(size_tier="smaller", employees=20)
    people = [ContributorFactory(organization=org) for _ in range(2)]
    add(org, "employee_participation", dt.date(2025, 6, 1), quantity=3)
    add(org, "employee_participation", dt.date(2025, 12, 1), quantity=5)
    for person in people:
        add(person, "feature_fix", dt.date(2025, 10, 1))
    add(org, "working_group", dt.date(2025, 8, 1))
    card = api.scorecard(org, program.get_track("partner"), cycle=cycle)
    assert [kr.code for kr in card.key_results] == [
        "employee_share",
        "feature_updates",
        "working_groups",
        "sponsorships",
    ]
    got = values(card)
    assert got["employee_share"] == 25  # the best report, 5 of 20 employees
    assert got["feature_updates"] == 2  # its people's fixes count
    groups = {g["code"]: g["met"] for g in card.groups}
    assert groups == {"smaller_contribution": True, "participation": False}
    assert card.qualifies is False


def test_a_person_does_not_count_their_organizations_contributions(cycle):
    org = OrganizationFactory()
    person = ContributorFactory(organization=org)
    add(org, "talk", dt.date(2025, 6, 1))
    assert values(api.scorecard(person, program.get_track("advocate"), cycle=cycle))["talks"] == 0


def test_a_term_window_is_scaled_to_a_year(cycle):
    person = ContributorFactory()
    for month in range(1, 9):
        add(person, "talk", dt.date(2025, month, 10))
    window = api.term_window(dt.date(2024, 7, 1), dt.date(2026, 6, 30))
    card = api.scorecard(person, program.get_track("advocate"), cycle=cycle, window=window)
    assert values(card)["talks"] == Decimal("4.00")  # 8 talks over two years


def test_many_scorecards_cost_the_same_queries_as_one(cycle, django_assert_max_num_queries):
    track = program.get_track("engineer")
    first = ContributorFactory()
    add(first, "pull_request", dt.date(2025, 6, 1), major=True)
    with django_assert_max_num_queries(10) as one:
        api.scorecards([(first, track)], cycle=cycle)
    many = [ContributorFactory() for _ in range(15)]
    for person in many:
        for day in range(5):
            add(person, "pull_request", dt.date(2025, 6, 1 + day), major=True)
    partner = program.get_track("partner")
    pairs = [(p, track) for p in many] + [(OrganizationFactory(), partner)]
    with django_assert_max_num_queries(len(one.captured_queries) + 3):
        cards = api.scorecards(pairs, cycle=cycle)
    assert all(values(cards[(p.pk, "engineer")])["major_prs"] == 5 for p in many)
