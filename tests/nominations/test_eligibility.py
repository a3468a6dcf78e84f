"""The automatic eligibility checks: every rule passing and failing with the sentence that says
why, the month arithmetic behind "sustained", the fixed query cost of `checks_for`, and the
screening queue's filters. Rows are built directly; the checks read them from the database."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from distinguished.nominations import api, eligibility
from distinguished.nominations.eligibility import add_months, months_between
from distinguished.nominations.models import Nomination
from distinguished.program import api as program
from distinguished.program.api import human

from ..factories import (
    ContributionFactory,
    ContributorFactory,
    CycleFactory,
    EndorsementFactory,
    EvidenceFactory,
    MembershipFactory,
    NominationFactory,
    OrganizationFactory,
    UserFactory,
)

TODAY = dt.date.today


def nomination_of(nominee, *, cycle=None, track="engineer", state="submitted", submitted=None, **fields):
    cycle = cycle or CycleFactory()
    if state != "draft" and submitted is None:
        submitted = timezone.now()
    return NominationFactory(
        cycle=cycle,
        track=program.get_track(track),
        nominee=nominee,
        statement="Statement.",
        state=state,
        submitted=submitted,
        **fields,
    )


def add_evidence(nomination, *days):
    for day in days:
        EvidenceFactory(
            nomination=nomination,
            kind="pull_request",
            date=day,
            title=f"PR {day}",
            url="https://example.org/pr",
        )


def endorse(nomination, *organizations, profile=True):
    """One endorsement per entry: the endorser's profile belongs to that organization (None: to none)."""
    for organization in organizations:
        contributor = ContributorFactory(organization=organization) if profile else None
        EndorsementFactory(
            nomination=nomination,
            endorser=UserFactory(contributor=contributor),
            relationship="Colleague",
            statement="Yes.",
        )


def check(nomination, rule):
    fresh = api.get_nomination(nomination.pk)
    return next(c for c in api.checks_for([fresh])[fresh.pk] if c.rule == rule)


# --- window ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_window_passes_when_submitted_inside_the_window():
    cycle = CycleFactory()
    nomination = nomination_of(ContributorFactory(), cycle=cycle)
    result = check(nomination, "window")
    assert result.passed
    window = f"{human(cycle.nominations_open)} – {human(cycle.nominations_close)}"
    assert result.detail == f"Submitted on {human(timezone.localdate())}, within the window ({window})."
    assert result.label == "Submitted in the nomination window"


@pytest.mark.django_db
@pytest.mark.parametrize("days", [-1, 1])
def test_window_fails_when_submitted_outside_the_window(days):
    cycle = CycleFactory()
    edge = cycle.nominations_open if days < 0 else cycle.nominations_close
    day = edge + dt.timedelta(days=days)
    submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    result = check(nomination_of(ContributorFactory(), cycle=cycle, submitted=submitted), "window")
    assert not result.passed
    assert result.detail.startswith(f"Submitted on {human(day)}, outside the window (")


@pytest.mark.django_db
def test_window_passes_on_the_first_and_last_day():
    cycle = CycleFactory()
    for day in (cycle.nominations_open, cycle.nominations_close):
        submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))
        assert check(nomination_of(ContributorFactory(), cycle=cycle, submitted=submitted), "window").passed


@pytest.mark.django_db
def test_window_fails_for_a_draft_never_submitted():
    cycle = CycleFactory()
    result = check(nomination_of(ContributorFactory(), cycle=cycle, state="draft"), "window")
    assert not result.passed
    assert result.detail.startswith("Not submitted; the window is ")


# --- not_a_member --------------------------------------------------------------------------


def membership(nominee, track="engineer", **fields):
    today = timezone.localdate()
    values = {"start": today - dt.timedelta(days=100), "end": today + dt.timedelta(days=600), **fields}
    return MembershipFactory(contributor=nominee, track=program.get_track(track), **values)


@pytest.mark.django_db
def test_not_a_member_passes_for_someone_without_a_membership():
    nominee = ContributorFactory(name="Nia Nominee")
    result = check(nomination_of(nominee), "not_a_member")
    assert result.passed
    assert result.detail == "Nia Nominee is not a member of Distinguished Engineer."


@pytest.mark.django_db
def test_not_a_member_fails_for_an_active_member_of_the_track():
    nominee = ContributorFactory(name="Nia Nominee")
    term = membership(nominee)
    result = check(nomination_of(nominee), "not_a_member")
    assert not result.passed
    assert result.detail == (
        f"Nia Nominee is already a Distinguished Engineer until {human(term.end)}; members renew instead."
    )


@pytest.mark.django_db
def test_not_a_member_fails_for_a_lifetime_member():
    nominee = ContributorFactory(name="Nia Nominee")
    membership(nominee, end=None, lifetime=True)
    result = check(nomination_of(nominee), "not_a_member")
    assert not result.passed
    assert "for life" in result.detail


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"end": dt.date.today() - dt.timedelta(days=1)}, id="expired"),
        pytest.param({"revoked_on": dt.date.today() - dt.timedelta(days=1)}, id="revoked"),
        pytest.param({"track": "advocate"}, id="another-track"),
        pytest.param({"start": dt.date.today() + dt.timedelta(days=10)}, id="not-started"),
    ],
)
def test_not_a_member_passes_for_an_expired_revoked_or_other_track_membership(fields):
    nominee = ContributorFactory()
    membership(nominee, **fields)
    assert check(nomination_of(nominee), "not_a_member").passed


# --- endorsements --------------------------------------------------------------------------


@pytest.mark.django_db
def test_endorsements_fail_when_fewer_than_the_cycle_minimum():
    org = OrganizationFactory(name="Acme")
    nomination = nomination_of(ContributorFactory(organization=org))
    endorse(nomination, None)
    result = check(nomination, "endorsements")
    assert not result.passed
    assert result.detail == "1 endorsement, 1 from outside Acme; needs 2, at least 1 from outside."


@pytest.mark.django_db
def test_endorsements_follow_the_cycle_minimum():
    cycle = CycleFactory(min_endorsements=3, min_external_endorsements=0)
    nomination = nomination_of(ContributorFactory(), cycle=cycle)
    endorse(nomination, None, None)
    assert not check(nomination, "endorsements").passed
    endorse(nomination, None)
    result = check(nomination, "endorsements")
    assert result.passed
    assert result.detail.endswith("needs 3, at least 0 from outside.")


@pytest.mark.django_db
def test_endorsements_fail_when_enough_but_none_from_outside_the_organization():
    org = OrganizationFactory(name="Acme")
    nomination = nomination_of(ContributorFactory(organization=org))
    endorse(nomination, org, org, org)
    result = check(nomination, "endorsements")
    assert not result.passed
    assert result.detail == "3 endorsements, 0 from outside Acme; needs 2, at least 1 from outside."


@pytest.mark.django_db
def test_endorsements_pass_with_one_from_another_organization():
    org = OrganizationFactory(name="Acme")
    nomination = nomination_of(ContributorFactory(organization=org))
    endorse(nomination, org, OrganizationFactory())
    result = check(nomination, "endorsements")
    assert result.passed
    assert result.detail.startswith("2 endorsements, 1 from outside Acme;")


@pytest.mark.django_db
def test_endorsements_count_endorsers_without_an_organization_as_outside():
    org = OrganizationFactory(name="Acme")
    nomination = nomination_of(ContributorFactory(organization=org))
    endorse(nomination, org, None)
    assert check(nomination, "endorsements").passed


@pytest.mark.django_db
def test_endorsements_of_a_nominee_without_an_organization_are_all_outside():
    nomination = nomination_of(ContributorFactory(organization=None))
    endorse(nomination, None, OrganizationFactory())
    result = check(nomination, "endorsements")
    assert result.passed
    assert result.detail.startswith("2 endorsements, 2 from outside the nominee's organization;")


@pytest.mark.django_db
def test_endorsements_of_an_organization_nominee_count_its_affiliates_as_inside():
    org = OrganizationFactory(name="Acme")
    nomination = nomination_of(org, track="partner")
    endorse(nomination, org, org)
    result = check(nomination, "endorsements")
    assert not result.passed
    assert result.detail == "2 endorsements, 0 from outside Acme; needs 2, at least 1 from outside."
    endorse(nomination, None)
    assert check(nomination, "endorsements").passed


# --- sustained -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sustained_fails_when_evidence_spans_less_than_the_cycle_months():
    nomination = nomination_of(ContributorFactory())
    add_evidence(nomination, dt.date(2025, 1, 15), dt.date(2026, 1, 14))
    result = check(nomination, "sustained")
    assert not result.passed
    assert result.detail == (
        "Evidence and recorded contributions span 11 months (15 January 2025 – 14 January 2026); needs 12."
    )


@pytest.mark.django_db
def test_sustained_passes_when_evidence_spans_the_cycle_months():
    nomination = nomination_of(ContributorFactory())
    add_evidence(nomination, dt.date(2025, 1, 15), dt.date(2025, 6, 1), dt.date(2026, 1, 15))
    result = check(nomination, "sustained")
    assert result.passed
    assert result.detail == (
        "Evidence and recorded contributions span 12 months (15 January 2025 – 15 January 2026); needs 12."
    )


@pytest.mark.django_db
def test_sustained_follows_the_cycle_months():
    nomination = nomination_of(ContributorFactory(), cycle=CycleFactory(sustained_months=3))
    add_evidence(nomination, dt.date(2025, 1, 15), dt.date(2025, 4, 15))
    result = check(nomination, "sustained")
    assert result.passed
    assert result.detail.endswith("needs 3.")


@pytest.mark.django_db
def test_sustained_fails_without_any_dated_evidence_or_contribution():
    result = check(nomination_of(ContributorFactory()), "sustained")
    assert not result.passed
    assert result.detail == "No evidence or recorded contribution has a date."


@pytest.mark.django_db
def test_sustained_counts_recorded_contributions_with_the_evidence():
    nominee = ContributorFactory()
    nomination = nomination_of(nominee)
    add_evidence(nomination, dt.date(2026, 1, 15))
    assert not check(nomination, "sustained").passed
    ContributionFactory(contributor=nominee, kind="blog_post", date=dt.date(2024, 12, 1), title="Post")
    result = check(nomination, "sustained")
    assert result.passed
    assert "(1 December 2024 – 15 January 2026)" in result.detail


@pytest.mark.django_db
def test_sustained_of_an_organization_counts_its_affiliates_contributions():
    org = OrganizationFactory()
    nomination = nomination_of(org, track="partner")
    add_evidence(nomination, dt.date(2026, 3, 1))
    ContributionFactory(kind="blog_post", date=dt.date(2020, 1, 1), title="Someone else's")
    assert not check(nomination, "sustained").passed
    ContributionFactory(
        contributor=ContributorFactory(organization=org),
        kind="pull_request",
        date=dt.date(2025, 1, 1),
        title="PR",
    )
    result = check(nomination, "sustained")
    assert result.passed
    assert "span 14 months (1 January 2025 – 1 March 2026)" in result.detail


@pytest.mark.django_db
def test_sustained_of_a_person_ignores_their_organizations_other_people():
    org = OrganizationFactory()
    nominee = ContributorFactory(organization=org)
    nomination = nomination_of(nominee)
    add_evidence(nomination, dt.date(2026, 3, 1))
    ContributionFactory(
        contributor=ContributorFactory(organization=org),
        kind="pull_request",
        date=dt.date(2020, 1, 1),
        title="PR",
    )
    assert not check(nomination, "sustained").passed


@pytest.mark.django_db
def test_sustained_counts_from_31_january_to_28_february_as_one_month():
    nomination = nomination_of(ContributorFactory(), cycle=CycleFactory(sustained_months=1))
    add_evidence(nomination, dt.date(2025, 1, 31), dt.date(2025, 2, 28))
    result = check(nomination, "sustained")
    assert result.passed
    assert "span 1 month (31 January 2025 – 28 February 2025)" in result.detail


# --- month arithmetic ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 4, 30)),
        (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 15)),
        (dt.date(2025, 1, 15), -1, dt.date(2024, 12, 15)),
        (dt.date(2025, 3, 31), -1, dt.date(2025, 2, 28)),
        (dt.date(2025, 5, 10), 0, dt.date(2025, 5, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 1),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 28), 0),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29), 1),
        (dt.date(2025, 1, 15), dt.date(2026, 1, 14), 11),
        (dt.date(2025, 1, 15), dt.date(2026, 1, 15), 12),
        (dt.date(2025, 3, 31), dt.date(2025, 4, 30), 1),
        (dt.date(2025, 5, 1), dt.date(2025, 5, 31), 0),
        (dt.date(2025, 6, 1), dt.date(2025, 5, 1), 0),
    ],
)
def test_months_between_counts_whole_months(first, last, expected):
    assert months_between(first, last) == expected


days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))
months = st.integers(min_value=0, max_value=600)


@given(day=days, count=months)
def test_add_months_then_months_between_gives_the_months_back(day, count):
    later = add_months(day, count)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == count
    assert later.day == day.day or (later.day < day.day and (later + dt.timedelta(days=1)).day == 1)
    assert months_between(day, later) == count


@given(first=days, last=days)
def test_months_between_is_the_largest_count_that_fits(first, last):
    count = months_between(first, last)
    assert count >= 0
    if first <= last:
        assert add_months(first, count) <= last
        assert add_months(first, count + 1) > last


@given(first=days, a=days, b=days)
def test_months_between_never_decreases_as_the_last_day_moves_later(first, a, b):
    earlier, later = sorted((a, b))
    assert months_between(first, earlier) <= months_between(first, later)


@given(a=days, b=days, count=st.integers(min_value=-600, max_value=600))
def test_add_months_is_monotonic_in_the_day(a, b, count):
    earlier, later = sorted((a, b))
    assert add_months(earlier, count) <= add_months(later, count)


@given(day=days, a=months, b=months)
def test_add_months_is_monotonic_in_the_months(day, a, b):
    fewer, more = sorted((a, b))
    assert add_months(day, fewer) <= add_months(day, more)


# --- subject -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_subject_fails_for_an_organization_on_the_engineer_track():
    result = check(nomination_of(OrganizationFactory()), "subject")
    assert not result.passed
    assert result.detail == (
        "Distinguished Engineer recognizes individuals; the nominee is an organization. "
        "Organizations are recognized on the Partner track."
    )


@pytest.mark.django_db
def test_subject_passes_for_a_person_on_the_engineer_track():
    result = check(nomination_of(ContributorFactory()), "subject")
    assert result.passed
    assert result.detail == "Distinguished Engineer recognizes individuals; the nominee is a person."


@pytest.mark.django_db
@pytest.mark.parametrize("factory", [OrganizationFactory, ContributorFactory])
def test_subject_passes_for_an_organization_or_a_person_on_the_partner_track(factory):
    nominee = factory()
    result = check(nomination_of(nominee, track="partner"), "subject")
    assert result.passed
    assert result.detail.startswith(
        "Distinguished Partner recognizes organizations and individuals; the nominee is "
    )


# --- all rules at once, and their cost ---------------------------------------------------------


@pytest.mark.django_db
def test_eligibility_of_names_every_rule_and_is_eligible_only_when_all_pass():
    org = OrganizationFactory()
    nomination = nomination_of(ContributorFactory(organization=org))
    add_evidence(nomination, dt.date(2024, 1, 1), dt.date(2025, 6, 1))
    endorse(nomination, org, None)
    result = api.eligibility_of(api.get_nomination(nomination.pk))
    assert [c["rule"] for c in result["checks"]] == list(api.RULES)
    assert all(set(c) == {"rule", "label", "passed", "detail"} for c in result["checks"])
    assert result["eligible"] is True
    membership(nomination.nominee)
    result = api.eligibility_of(api.get_nomination(nomination.pk))
    assert result["eligible"] is False
    assert [c["rule"] for c in result["checks"] if not c["passed"]] == ["not_a_member"]


def full_nomination(cycle, index):
    org = OrganizationFactory()
    nominee = ContributorFactory(organization=org) if index % 2 else org
    track = "engineer" if index % 2 else "partner"
    nomination = nomination_of(nominee, cycle=cycle, track=track)
    add_evidence(nomination, dt.date(2024, 1, 1), dt.date(2025, 1, 1))
    endorse(nomination, org, None)
    ContributionFactory(
        contributor=ContributorFactory(organization=org),
        kind="blog_post",
        date=dt.date(2023, 1, 1),
        title="Post",
    )
    membership(nominee, track=track, end=timezone.localdate() + dt.timedelta(days=index + 1))
    return nomination


def queries_for_checks(cycle) -> int:
    with CaptureQueriesContext(connection) as queries:
        checks = api.checks_for(eligibility.prefetch(Nomination.objects.filter(cycle=cycle)))
        assert all(len(c) == 5 for c in checks.values())
    return len(queries)


@pytest.mark.django_db
def test_checks_for_costs_the_same_queries_for_1_and_20_nominations(django_assert_max_num_queries):
    one, twenty = CycleFactory(), CycleFactory()
    full_nomination(one, 1)
    for index in range(20):
        full_nomination(twenty, index)
    baseline = queries_for_checks(one)
    with django_assert_max_num_queries(baseline):
        checks = api.checks_for(eligibility.prefetch(Nomination.objects.filter(cycle=twenty)))
    assert len(checks) == 20
    assert all(not next(c for c in row if c.rule == "not_a_member").passed for row in checks.values())


@pytest.mark.django_db
def test_screening_queue_costs_the_same_queries_for_1_and_20_nominations(django_assert_max_num_queries):
    one, twenty = CycleFactory(), CycleFactory()
    full_nomination(one, 1)
    for index in range(20):
        full_nomination(twenty, index)
    with CaptureQueriesContext(connection) as queries:
        assert len(api.screening_queue(one)) == 1
    with django_assert_max_num_queries(len(queries)):
        assert len(api.screening_queue(twenty)) == 20


# --- the screening queue -------------------------------------------------------------------


@pytest.mark.django_db
def test_screening_queue_filters_by_track_and_by_failed_rule():
    cycle = CycleFactory()
    person = nomination_of(ContributorFactory(), cycle=cycle)
    add_evidence(person, dt.date(2024, 1, 1), dt.date(2025, 6, 1))
    endorse(person, None, None)
    organization_on_engineer = nomination_of(OrganizationFactory(), cycle=cycle)
    partner = nomination_of(OrganizationFactory(), cycle=cycle, track="partner")
    nomination_of(ContributorFactory(), cycle=cycle, state="draft")
    nomination_of(ContributorFactory(), cycle=cycle, state="withdrawn", live=None)
    nomination_of(ContributorFactory(), cycle=CycleFactory())

    def pks(**filters):
        return {nomination.pk for nomination, _ in api.screening_queue(cycle, **filters)}

    assert pks() == {person.pk, organization_on_engineer.pk, partner.pk}
    assert pks(track="partner") == {partner.pk}
    assert pks(track="engineer") == {person.pk, organization_on_engineer.pk}
    assert pks(failed="subject") == {organization_on_engineer.pk}
    assert pks(failed="endorsements") == {organization_on_engineer.pk, partner.pk}
    assert pks(track="partner", failed="subject") == set()
    assert pks(track="engineer", failed="sustained") == {organization_on_engineer.pk}
    rows = api.screening_queue(cycle, failed="subject")
    assert [c.rule for c in rows[0][1]] == list(api.RULES)


@pytest.mark.django_db
def test_screening_queue_keeps_decided_nominations_for_correction():
    cycle = CycleFactory()
    eligible = nomination_of(ContributorFactory(), cycle=cycle, state="eligible")
    ineligible = nomination_of(ContributorFactory(), cycle=cycle, state="ineligible")
    nomination_of(ContributorFactory(), cycle=cycle, state="in_review")
    assert {n.pk for n, _ in api.screening_queue(cycle)} == {eligible.pk, ineligible.pk}
