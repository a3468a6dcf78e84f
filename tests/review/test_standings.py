"""The stored standings of a cycle (review/standings.py): the very numbers review.aggregation
computes, recomputed after each change they rest on, the rows a conflict hides left out per viewer,
and a constant number of queries whatever the number of nominations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.nominations import api as nominations
from distinguished.nominations.models import Endorsement, Nomination
from distinguished.people import api as people
from distinguished.program import api as program
from distinguished.review import aggregation, api
from distinguished.review.models import CycleStandings, Review, Standing

from ..factories import AssignmentFactory, EndorsementFactory, OrganizationFactory, UserFactory
from .conftest import grow, rubric


def expected_summary(cycle):
    items = list(nominations.nominations_for_review(cycle))
    return api.cycle_summary(cycle, api.conflicted_pairs(cycle, items=items))


def by_rank(cycle) -> list[Standing]:
    return list(Standing.objects.filter(cycle=cycle).order_by("rank"))


def scores_of(cycle, viewer) -> dict:
    ranked = api.ranked_rows(cycle, viewer)
    return {s.nomination.nominee.name: s for s in ranked.rows}


def test_the_stored_standings_are_what_aggregation_computes(late):
    grow(late, 30)
    state = api.standings_of(late.cycle)
    summary = expected_summary(late.cycle)
    stored = by_rank(late.cycle)
    assert [s.nomination_id for s in stored] == [score.nomination for score in summary.ranking]
    assert [s.rank for s in stored] == list(range(1, len(stored) + 1))
    for standing, score in zip(stored, summary.ranking, strict=True):
        for field in ("reviews", "mean", "median", "sd", "range", "mean_z", "normalized", "disagreement"):
            assert getattr(standing, field) == pytest.approx(getattr(score, field)), field
    assert state.alpha == pytest.approx(summary.alpha)
    assert any(s.disagreement for s in stored)
    # The old per-request ranking reads the same numbers.
    old = api.ranking(late.cycle, viewer=late.chair)["rows"]
    assert [row["nomination"].pk for row in old] == [s.nomination_id for s in stored]


def test_a_read_without_a_change_recomputes_nothing(late, django_assert_num_queries):
    api.standings_of(late.cycle)
    computed = CycleStandings.objects.get(cycle=late.cycle).computed
    api.standings_of(late.cycle)
    assert CycleStandings.objects.get(cycle=late.cycle).computed == computed


def test_a_submitted_review_and_an_edit_change_the_standings(late, admin_user):
    api.standings_of(late.cycle)
    before = scores_of(late.cycle, late.chair)["Ada Nominee"]
    assert before.reviews == 3
    # A fourth reviewer submits on Ada.
    fourth = late.seats[7].user
    assignment = AssignmentFactory(nomination=late.ada, panelist=fourth)
    review = api.save_review(
        actor=fourth, assignment=assignment, scores=rubric(5), recommendation="yes", submit=True
    )
    after = scores_of(late.cycle, late.chair)["Ada Nominee"]
    assert after.reviews == 4 and after.mean == pytest.approx((5 + 3 + 2 + 5) / 4)
    # They edit their submitted review.
    api.save_review(
        actor=fourth,
        assignment=assignment,
        scores=rubric(1),
        recommendation="no",
        submit=True,
        version=review.version,
    )
    assert scores_of(late.cycle, late.chair)["Ada Nominee"].mean == pytest.approx((5 + 3 + 2 + 1) / 4)
    assert expected_summary(late.cycle).nominations[late.ada.pk].mean == pytest.approx(11 / 4)


def test_a_voided_assignment_leaves_the_standings(late):
    api.standings_of(late.cycle)
    api.declare_conflict(actor=late.r1, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    ada = scores_of(late.cycle, late.chair)["Ada Nominee"]
    assert ada.reviews == 2 and ada.mean == pytest.approx(2.5)
    # And the panelist who declared it no longer reads Ada's row.
    assert "Ada Nominee" not in scores_of(late.cycle, late.r1)
    assert "Ada Nominee" in scores_of(late.cycle, late.r2)


def test_a_detected_conflict_its_waiver_and_its_withdrawal_hide_and_show_the_row(late, admin_user):
    panelist = late.seats[7].user  # no assignment on Ada
    api.standings_of(late.cycle)
    org = OrganizationFactory()
    people.update_contributor(actor=admin_user, contributor=late.ada.nominee, organization=org)
    people.update_contributor(actor=admin_user, contributor=panelist.contributor, organization=org)
    assert "Ada Nominee" not in scores_of(late.cycle, panelist)
    waiver = api.waive_conflict(
        actor=late.chair, nomination=late.ada, panelist=panelist, source="organization", reason="Large org."
    )
    assert "Ada Nominee" in scores_of(late.cycle, panelist)
    api.withdraw_waiver(actor=late.chair, waiver=waiver, reason="It matters.")
    assert "Ada Nominee" not in scores_of(late.cycle, panelist)


def test_an_endorsement_hides_the_row_from_the_endorsing_panelist(late):
    panelist = late.seats[7].user
    api.standings_of(late.cycle)
    endorsement = EndorsementFactory(nomination=late.ben, endorser=panelist, relationship="r", statement="s")
    nominations.signals.endorsed.send(
        sender=Endorsement, nomination=late.ben, endorser=panelist, endorsement=endorsement
    )
    assert "Ben Nominee" not in scores_of(late.cycle, panelist)
    assert "Ben Nominee" in scores_of(late.cycle, late.chair)


def test_a_change_a_lower_app_reports_marks_them_stale(late, admin_user):
    api.standings_of(late.cycle)
    people.update_contributor(
        actor=admin_user, contributor=late.ada.nominee, organization=OrganizationFactory()
    )
    assert CycleStandings.objects.get(cycle=late.cycle).stale
    api.standings_of(late.cycle)
    assert not CycleStandings.objects.get(cycle=late.cycle).stale


def test_a_withdrawn_nomination_leaves_the_ranking(late):
    api.standings_of(late.cycle)
    Nomination.objects.filter(pk=late.ben.pk).update(state="withdrawn")
    assert list(scores_of(late.cycle, late.chair)) == ["Ada Nominee"]


def test_a_decision_or_an_edit_keeps_the_standings_a_new_track_recomputes_them(late):
    """What the standings rest on is who a nomination concerns and its track, not when it changed:
    a decision (the state moves within review) must not cost a recompute (30 s at 10,000)."""
    api.standings_of(late.cycle)
    computed = CycleStandings.objects.get(cycle=late.cycle).computed
    Nomination.objects.filter(pk=late.ada.pk).update(
        state="selected", statement="edited", updated=timezone.now()
    )
    assert api.standings_of(late.cycle).computed == computed
    Nomination.objects.filter(pk=late.ada.pk).update(track=program.get_track("advocate"))
    assert api.standings_of(late.cycle).computed > computed
    assert Standing.objects.get(nomination=late.ada).track.code == "advocate"


def test_the_rank_counts_only_the_rows_the_viewer_reads(late):
    grow(late, 5)
    api.declare_conflict(actor=late.chair, cycle=late.cycle, nomination=late.ada, reason="Friend.")
    api.standings_of(late.cycle)
    stored = by_rank(late.cycle)
    ranked = api.ranked_rows(late.cycle, late.chair)
    ranks = [ranked.rank_of(s) for s in ranked.rows]
    assert ranks == list(range(1, len(stored)))
    assert late.ada.pk not in {s.nomination_id for s in ranked.rows}
    # Sorted otherwise, each row keeps its rank by normalised score.
    by_name = api.ranked_rows(late.cycle, late.chair, sort="nominee")
    assert sorted(by_name.rank_of(s) for s in by_name.rows) == ranks
    assert [s.nomination.nominee.name for s in by_name.rows] == sorted(
        s.nomination.nominee.name for s in by_name.rows
    )


@pytest.mark.parametrize("sort", list(api.RANKING_SORTS))
def test_every_sort_orders_in_sql(late, sort):
    grow(late, 12)
    rows = list(api.ranked_rows(late.cycle, late.chair, sort=sort).rows)
    keys = {
        "normalized": lambda s: s.rank,
        "mean": lambda s: (-s.mean, s.rank),
        "spread": lambda s: (-s.range, -s.sd, s.rank),
        "disagreement": lambda s: (not s.disagreement, -s.range, -s.sd, s.rank),
        "track": lambda s: (s.nomination.track.position, s.rank),
        "nominee": lambda s: (s.nomination.nominee.name.lower(), s.rank),
    }
    assert rows == sorted(rows, key=keys[sort])


def test_the_sort_by_nominee_follows_a_new_name_without_recomputing(late):
    grow(late, 4)
    api.standings_of(late.cycle)
    computed = CycleStandings.objects.get(cycle=late.cycle).computed
    ada = late.ada.nominee
    people.update_contributor(actor=UserFactory(roles=["admin"]), contributor=ada, name="Zed Renamed")
    names = [s.nomination.nominee.name for s in api.ranked_rows(late.cycle, late.chair, sort="nominee").rows]
    assert names[-1] == "Zed Renamed" and names == sorted(names, key=str.lower)
    assert CycleStandings.objects.get(cycle=late.cycle).computed == computed  # copied, not recomputed


def test_own_nominations_are_hidden_from_an_unseated_chair(late):
    runner = UserFactory(roles=["chair"])
    Nomination.objects.filter(pk=late.ben.pk).update(nominator=runner)
    assert list(scores_of(late.cycle, runner)) == ["Ada Nominee"]


def test_the_queries_of_a_page_do_not_grow_with_the_nominations(late, client, django_assert_num_queries):
    client.force_login(late.chair)
    urls = [
        f"/cycles/{late.cycle.slug}/ranking/?sort=mean&page=1",
        f"/cycles/{late.cycle.slug}/ranking/?sort=nominee&page=2",
        f"/api/v1/cycles/{late.cycle.slug}/ranking/?sort=disagreement",
        f"/api/v1/cycles/{late.cycle.slug}/ranking/?page=2",
    ]
    grow(late, 60)
    counts = {}
    for url in urls:
        assert client.get(url).status_code == 200  # the first read recomputes the standings
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    grow(late, 300, first=1000)
    for url in urls:
        assert client.get(url).status_code == 200
        with django_assert_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_no_review_no_standing(late):
    Review.objects.all().delete()
    assert api.standings_of(late.cycle).alpha is None
    assert not Standing.objects.filter(cycle=late.cycle).exists()
    assert set(api.ranked_rows(late.cycle, late.chair).unreviewed().values_list("pk", flat=True)) == {
        late.ada.pk,
        late.ben.pk,
    }


def test_the_expected_summary_helper_agrees_with_aggregation(late):
    reviews = [
        (r.assignment.panelist_id, r.assignment.nomination_id, aggregation.overall(r.scores))
        for r in Review.objects.select_related("assignment")
    ]
    assert expected_summary(late.cycle).alpha == pytest.approx(aggregation.summarize(reviews).alpha)
