"""Migrations 0006 and 0007: a recorded announcement keeps no award rows (it names its cycle's first
terms when read), and an award always has its nomination. Backwards, the recorded awards come back
from the cycles' first terms."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ..factories import AnnouncementFactory, CycleFactory, MembershipFactory, NominationFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("cohorts", "0005_announcement_language")]
AFTER = [("cohorts", "0007_award_needs_nomination")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_recorded_awards_go_forwards_and_come_back_backwards():
    recorded_cycle, decided_cycle = CycleFactory(), CycleFactory()
    recorded = AnnouncementFactory(cycle=recorded_cycle, recorded=True)
    decided = AnnouncementFactory(cycle=decided_cycle)
    first_terms = {MembershipFactory(cycle=recorded_cycle).pk for _ in range(2)}
    renewal = MembershipFactory(cycle=recorded_cycle, previous_id=min(first_terms))
    decided_term = MembershipFactory(cycle=decided_cycle)
    nomination = NominationFactory(cycle=decided_cycle)
    try:
        apps = migrate(BEFORE)
        Award = apps.get_model("cohorts", "Award")
        # Backwards, the recorded announcement has its first terms' awards again, not the renewal.
        assert set(
            Award.objects.filter(announcement_id=recorded.pk).values_list("membership_id", flat=True)
        ) == (first_terms)
        assert not Award.objects.filter(membership_id=renewal.pk).exists()
        Award.objects.create(
            announcement_id=decided.pk, nomination_id=nomination.pk, membership_id=decided_term.pk
        )
        apps = migrate(AFTER)
        Award = apps.get_model("cohorts", "Award")
        assert list(Award.objects.values_list("announcement_id", "nomination_id", "membership_id")) == [
            (decided.pk, nomination.pk, decided_term.pk)
        ]
        assert not Award._meta.get_field("nomination").null
    finally:
        # Back to the latest schema: the flush after this test loads the program into every table.
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())
