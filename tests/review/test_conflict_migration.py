"""Migration 0003 adds the one-conflict-per-pair constraints; repeated declarations made before it
(issue 11, item 5: twenty rows for one conflict) are reduced to the first, so it applies."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("latest_schema_after")]

BEFORE = [("review", "0002_votes")]
AFTER = [("review", "0003_late_conflicts")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_repeated_conflicts_are_reduced_to_the_first_and_the_constraints_hold():
    cycle = CycleFactory()
    panelist, other = UserFactory(), UserFactory()
    nominee = ContributorFactory()
    try:
        apps = migrate(BEFORE)
        Conflict = apps.get_model("review", "Conflict")
        Nomination = apps.get_model("nominations", "Nomination")
        nomination = Nomination.objects.create(
            cycle_id=cycle.pk,
            track_id=program.get_track("engineer").pk,
            nominee_id=nominee.pk,
            nominator_id=other.pk,
            state="in_review",
        )
        common = {"cycle_id": cycle.pk, "source": "declared", "created_by_id": panelist.pk}
        first = Conflict.objects.create(
            panelist_id=panelist.pk, nomination_id=nomination.pk, reason="1", **common
        )
        for n in range(2, 5):
            Conflict.objects.create(
                panelist_id=panelist.pk, nomination_id=nomination.pk, reason=str(n), **common
            )
        wide = Conflict.objects.create(
            panelist_id=panelist.pk, contributor_id=nominee.pk, reason="w1", **common
        )
        Conflict.objects.create(panelist_id=panelist.pk, contributor_id=nominee.pk, reason="w2", **common)
        theirs = Conflict.objects.create(
            panelist_id=other.pk, nomination_id=nomination.pk, reason="o", **common
        )
    finally:
        apps = migrate(AFTER)
    Conflict = apps.get_model("review", "Conflict")
    assert sorted(Conflict.objects.values_list("pk", flat=True)) == sorted([first.pk, wide.pk, theirs.pk])
