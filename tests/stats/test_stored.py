"""The stored figures (decision 0015): a read after another returns what was stored, and it is what
the apps compute (at two sizes); a change to anything the figures rest on shows on the next read,
whichever way it was written (saved, deleted, made in bulk)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.contributions.models import Contribution
from distinguished.membership import api as membership
from distinguished.membership.models import Membership
from distinguished.nominations import api as nominations
from distinguished.program.models import CycleTarget, PanelGroup, Track
from distinguished.review import api as review
from distinguished.review.models import Assignment, Review
from distinguished.stats import api
from distinguished.stats.models import FiguresChange, StoredFigures

from ..factories import (
    ContributionFactory,
    ContributorFactory,
    EndorsementFactory,
    MembershipFactory,
    PanelSeatFactory,
    UserFactory,
)
from .conftest import TODAY, D, at

pytestmark = pytest.mark.django_db


def read(params=None, today=TODAY):
    return api.program_figures(api.read_period(params or {}, today=today))


def recomputed(params=None, today=TODAY):
    """The figures computed afresh: nothing stored."""
    StoredFigures.objects.all().delete()
    return read(params, today)


def _heavy(queries) -> list[str]:
    """The queries that compute figures (the stamps and the store are not among them)."""
    markers = ("COUNT(DISTINCT", '"review_review"."scores"', '"first_day"')
    return [q["sql"] for q in queries if any(marker in q["sql"] for marker in markers)]


@pytest.mark.parametrize("members", [300, 1200])
def test_stored_figures_are_the_computed_ones(grown, members):
    grown(members)
    today = timezone.localdate()
    for params in ({}, {"since": "2020-01-01"}):
        period = api.read_period(params, today=today)
        computed = api.program_figures(period)
        assert StoredFigures.objects.filter(key__startswith="cycle:").exists()
        with CaptureQueriesContext(connection) as queries:
            again = api.program_figures(period)
        assert not _heavy(queries.captured_queries)  # read from the store
        assert again == computed
        # ... and what the apps compute, field by field.
        assert again["key_results"] == membership.key_results_readiness(
            period.as_of, cycle=period.targets_cycle
        )
        counts = membership.member_counts(period.as_of)
        assert (again["active_members"], again["lifetime_members"]) == (counts.active, counts.lifetime)
        assert again["active_members"] > members * 0.9
        ids = [c.pk for c in period.cycles]
        panels, funnels = review.panel_figures(ids), nominations.funnels(ids)
        endorsements, days = nominations.endorsement_figures(ids), nominations.decision_days(ids)
        for cycle, row in zip(period.cycles, again["cycles"], strict=True):
            assert row["panel"] == panels[cycle.pk]
            assert row["endorsements"] == endorsements[cycle.pk]
            assert row["decision_days_median"] == days[cycle.pk]
            assert {k: v for k, v in row["funnel"].items() if k != "reviewed"} == funnels[cycle.pk]
        assert any(row["panel"]["alpha"] is not None for row in again["cycles"])


def test_the_readiness_targets_stay_decimals(known):
    read()
    targets = [kr["target"] for track in read()["key_results"] for kr in track["key_results"]]
    assert targets and all(isinstance(target, Decimal) for target in targets)


def _revoke(k):
    k.terms["ada2"].revoked_on = D(2026, 6, 1)
    k.terms["ada2"].save()


def _term_in_bulk(k):
    Membership.objects.bulk_create(
        [
            MembershipFactory.build(
                contributor=ContributorFactory(),
                track=Track.objects.get(code="engineer"),
                start=D(2026, 1, 1),
                end=D(2027, 12, 31),
            )
        ]
    )


def _contribution(k):
    ContributionFactory(contributor=k.people["dan"], kind="pull_request", major=True, date=D(2026, 6, 10))


def _contributions_in_bulk(k):
    Contribution.objects.bulk_create(
        [
            ContributionFactory.build(
                contributor=k.people["dan"],
                kind="pull_request",
                major=True,
                date=D(2026, 6, 10),
                title="Bulk",
            )
        ]
    )


def _contribution_deleted(k):
    Contribution.objects.filter(contributor=k.people["ada"], kind="community_initiative").delete()


def _tier(k):
    k.people["big"].size_tier = "smaller"
    k.people["big"].save()


def _target(k):
    target = CycleTarget.objects.filter(cycle=k.cycle_2026, key_result__track__code="engineer").first()
    target.target += 1
    target.save()


def _screened(k):
    nomination = k.nominations["submitted"]
    nomination.state = "ineligible"
    nomination.screening_reason = "Too early"
    nomination.save()


def _endorsed(k):
    EndorsementFactory(
        nomination=k.nominations["eligible"],
        endorser=UserFactory(contributor=ContributorFactory()),
        relationship="Peer",
    )


def _review_edited(k):
    counted = (
        Review.objects.filter(submitted__isnull=False, assignment__voided__isnull=True).order_by("id").first()
    )
    counted.scores = dict.fromkeys(counted.scores, 1)
    counted.save()


def _review_submitted(k):
    pending = Review.objects.get(submitted__isnull=True)
    pending.submitted = at(TODAY)
    pending.save()


def _assignment_voided(k):
    assignment = (
        Assignment.objects.filter(voided__isnull=True, review__submitted__isnull=False).order_by("id").first()
    )
    assignment.voided = at(TODAY)
    assignment.save()


def _seat(k):
    PanelSeatFactory(cycle=k.cycle_2026, user=UserFactory(), group=PanelGroup.objects.get(code="toc"))


CHANGES = {
    "a term revoked": (_revoke, "active_members"),
    "a term made in bulk": (_term_in_bulk, "active_members"),
    "a contribution recorded": (_contribution, "key_results"),
    "contributions made in bulk": (_contributions_in_bulk, "key_results"),
    "a contribution deleted": (_contribution_deleted, "objectives"),
    "an organization's tier": (_tier, "active_by_tier"),
    "a cycle's target": (_target, "key_results"),
    "a nomination screened out": (_screened, "cycles"),
    "an endorsement": (_endorsed, "cycles"),
    "a review edited": (_review_edited, None),  # no figure moves: its cycle's stamp does
    "a review submitted": (_review_submitted, "cycles"),
    "an assignment voided": (_assignment_voided, "cycles"),
    "a panel seat": (_seat, "cycles"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_on_the_next_read(known, change):
    make, figure = CHANGES[change]
    params = {"since": "2025-07-01"}
    before = read(params)
    assert read(params) == before  # stored
    stamps = dict(StoredFigures.objects.values_list("key", "stamp"))
    make(known)
    after = read(params)
    if figure is None:
        assert (
            StoredFigures.objects.get(key=f"cycle:{known.cycle_2026.pk}").stamp
            != stamps[f"cycle:{known.cycle_2026.pk}"]
        )
    else:
        assert after[figure] != before[figure]
    assert after == recomputed(params)


def test_the_next_day_has_its_own_figures(known):
    today = read()
    tomorrow = read(today=TODAY + dt.timedelta(days=1))
    assert (
        tomorrow["active_by_track"]["advocate"] == today["active_by_track"]["advocate"] - 1
    )  # Ben's last day
    assert tomorrow == recomputed(today=TODAY + dt.timedelta(days=1))


def test_changes_are_logged_in_the_writers_transaction_and_forgotten_after_a_day(known):
    logged = FiguresChange.objects.count()
    _contribution(known)  # a new row: seen by its table's stamp, not logged
    assert FiguresChange.objects.count() == logged
    _revoke(known)
    assert FiguresChange.objects.count() == logged + 1
    FiguresChange.objects.update(created=timezone.now() - dt.timedelta(days=2))
    recomputed()  # storing forgets the old changes
    assert FiguresChange.objects.count() == 0
    stored = read()
    assert read() == stored


def test_a_figure_stored_before_a_forgotten_change_is_not_read_back(known):
    """The log's count and sum go back to what they were once a change is forgotten: a figure
    stored before that change must not match its stamp again (it is forgotten with the change)."""
    FiguresChange.objects.all().delete()  # a quiet site: the log emptied long ago
    before = read()
    _tier(known)  # a contributor saved: one logged change
    now = timezone.now()
    StoredFigures.objects.update(computed=now - dt.timedelta(days=3))
    FiguresChange.objects.update(created=now - dt.timedelta(days=2))
    read(today=TODAY + dt.timedelta(days=1))  # stores other figures: the old change is forgotten
    assert not FiguresChange.objects.exists()
    after = read()
    assert after["active_by_tier"] != before["active_by_tier"]
    assert after == recomputed()


def test_a_stored_read_asks_a_fixed_number_of_queries(known, django_assert_num_queries):
    read()
    with CaptureQueriesContext(connection) as first:
        read()
    _contribution(known)
    _endorsed(known)
    read()
    with django_assert_num_queries(len(first.captured_queries)):
        read()


def test_a_change_recomputes_only_the_parts_resting_on_it(known):
    params = {"since": "2025-07-01"}
    read(params)
    before = dict(StoredFigures.objects.values_list("key", "computed"))
    members = next(key for key in before if key.startswith("members:"))
    readiness = next(key for key in before if key.startswith("readiness:"))
    _contribution(known)
    read(params)
    after = dict(StoredFigures.objects.values_list("key", "computed"))
    assert after[members] == before[members]
    assert after[readiness] > before[readiness]
    _screened(known)  # a nomination of 2026
    read(params)
    last = dict(StoredFigures.objects.values_list("key", "computed"))
    assert last[f"cycle:{known.cycle_2026.pk}"] > after[f"cycle:{known.cycle_2026.pk}"]
    assert last[f"cycle:{known.cycle_2027.pk}"] == after[f"cycle:{known.cycle_2027.pk}"]
    assert last[readiness] == after[readiness]
