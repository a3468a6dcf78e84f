"""Honest scorecards (issue 13): every key result's value comes with its verified part, and each
contribution behind it says whether it is verified; "lead X training sessions or grant X Instructor
Certifications" is two measures in an any-of group, counted as one requirement; a certification
record's quantity counts the certifications granted."""

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


def add(contributor, kind, day, *, verified, quantity=None, major=False, source="manual"):
    return ContributionFactory(
        contributor=contributor,
        kind=kind,
        date=day,
        title=f"{kind} {day}",
        quantity=quantity,
        major=major,
        verified=verified,
        source=source,
    )


def key_result(card, code):
    return next(kr for kr in card.key_results if kr.code == code)


def test_each_value_shows_its_verified_part_and_each_contribution_whether_it_is_verified(cycle):
    person = ContributorFactory()
    imported = [
        add(person, "pull_request", dt.date(2025, m, 1), verified=True, major=True, source="github")
        for m in (5, 6)
    ]
    mine = [
        add(person, "pull_request", dt.date(2025, m, 1), verified=False, major=True) for m in (7, 8, 9, 10)
    ]
    add(person, "performance_improvement", dt.date(2025, 11, 1), verified=False, quantity=40)
    add(person, "performance_improvement", dt.date(2025, 12, 1), verified=True, quantity=12)
    card = api.scorecard(person, program.get_track("engineer"), cycle=cycle)

    prs = key_result(card, "major_prs")
    assert (prs.value, prs.verified_value, prs.target) == (6, 2, 6)
    assert (prs.met, prs.verified_met) == (True, False)
    assert {c.pk: c.verified for c in prs.contributions} == {
        **{c.pk: True for c in imported},
        **{c.pk: False for c in mine},
    }
    gain = key_result(card, "performance_gain")
    assert (gain.value, gain.verified_value, gain.met, gain.verified_met) == (40, 12, True, True)
    assert (card.met, card.verified_met, card.total) == (2, 1, 5)

    body = card.as_dict()
    row = next(kr for kr in body["key_results"] if kr["code"] == "major_prs")
    assert (row["value"], row["verified_value"], row["met"], row["verified_met"]) == (6.0, 2.0, True, False)
    assert {c["id"]: (c["verified"], c["source"]) for c in row["contributions"]} == {
        **{c.pk: (True, "github") for c in imported},
        **{c.pk: (False, "manual") for c in mine},
    }
    assert (body["met"], body["verified_met"], body["total"]) == (2, 1, 5)


def test_an_organizations_verified_part_counts_its_peoples_verified_contributions(cycle):
    org = OrganizationFactory(size_tier="smaller", employees=10)
    person = ContributorFactory(organization=org)
    add(person, "feature_fix", dt.date(2025, 6, 1), verified=True)
    add(person, "feature_fix", dt.date(2025, 7, 1), verified=False)
    add(org, "feature_fix", dt.date(2025, 8, 1), verified=False)
    kr = key_result(api.scorecard(org, program.get_track("partner"), cycle=cycle), "feature_updates")
    assert (kr.value, kr.verified_value) == (3, 1)


def test_training_sessions_or_certifications_either_meets_the_advocates_training_result(cycle):
    track = program.get_track("advocate")
    trainer = ContributorFactory()
    for month in (5, 6, 7):
        add(trainer, "training_session", dt.date(2025, month, 1), verified=True)
    card = api.scorecard(trainer, track, cycle=cycle)
    assert [kr.code for kr in card.key_results] == [
        "talks",
        "engagement_growth",
        "learning_materials",
        "adopters_supported",
        "trainings",
        "certifications",
        "bizdev_discussions",
    ]
    assert (key_result(card, "trainings").met, key_result(card, "certifications").met) == (True, False)
    assert card.groups == [
        {
            "code": "training",
            "label": "Training sessions OR instructor certifications",
            "logic": "any",
            "met": True,
            "verified_met": True,
            "key_results": ["trainings", "certifications"],
        }
    ]
    # Six requirements: the any-of group is one, met by the sessions alone.
    assert (card.met, card.total, card.qualifies) == (1, 6, False)

    certifier = ContributorFactory()
    add(certifier, "certification", dt.date(2025, 9, 1), verified=False, quantity=2)
    add(certifier, "certification", dt.date(2025, 10, 1), verified=True)  # no quantity: one
    card = api.scorecard(certifier, track, cycle=cycle)
    certifications = key_result(card, "certifications")
    assert (certifications.value, certifications.verified_value) == (3, 1)
    assert (certifications.met, certifications.verified_met) == (True, False)
    assert key_result(card, "trainings").value == 0
    assert (card.groups[0]["met"], card.groups[0]["verified_met"]) == (True, False)
    assert (card.met, card.verified_met) == (1, 0)


def test_a_partners_pathways_are_one_requirement(cycle):
    org = OrganizationFactory(size_tier="larger", employees=400)
    add(org, "funding", dt.date(2025, 6, 1), verified=True, quantity=30000)
    add(org, "working_group", dt.date(2025, 8, 1), verified=False)
    add(org, "sponsorship", dt.date(2025, 9, 1), verified=True)
    card = api.scorecard(org, program.get_track("partner"), cycle=cycle)
    # major enhancements OR funding; working groups; sponsorships
    assert (card.met, card.verified_met, card.total, card.qualifies) == (3, 2, 3, True)


def test_a_mentorship_without_a_number_is_one_developer_a_funding_without_one_is_nothing(cycle):
    person = ContributorFactory()
    add(person, "mentorship", dt.date(2025, 6, 1), verified=True)
    add(person, "mentorship", dt.date(2025, 7, 1), verified=True, quantity=Decimal(3))
    assert key_result(api.scorecard(person, program.get_track("engineer"), cycle=cycle), "mentees").value == 4
    org = OrganizationFactory(size_tier="larger")
    add(org, "funding", dt.date(2025, 6, 1), verified=True)
    assert key_result(api.scorecard(org, program.get_track("partner"), cycle=cycle), "funding").value == 0


def test_the_verified_parts_cost_no_query_more(cycle, django_assert_num_queries):
    track = program.get_track("advocate")
    people = [ContributorFactory() for _ in range(3)]
    add(people[0], "talk", dt.date(2025, 6, 1), verified=True)
    with django_assert_num_queries(7) as one:
        api.scorecards([(people[0], track)], cycle=cycle)
    for person in people:
        for month in range(5, 12):
            add(person, "certification", dt.date(2025, month, 1), verified=month % 2 == 0)
            add(person, "talk", dt.date(2025, month, 2), verified=month % 2 == 1, quantity=2)
    with django_assert_num_queries(len(one.captured_queries)):
        cards = api.scorecards([(p, track) for p in people], cycle=cycle)
    assert all(key_result(cards[(p.pk, "advocate")], "certifications").verified_value == 3 for p in people)
