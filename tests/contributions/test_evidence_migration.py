"""Migration 0005: the evidence of nominations submitted before issue 13 becomes the nominees'
self-reported contributions (a draft's does not; a link the nominee already has counts once),
audited as done by the system."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from distinguished.program import api as program

from ..factories import ContributorFactory, CycleFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("latest_schema_after")]

BEFORE = [("contributions", "0004_slack_source_and_run_summary")]
AFTER = [("contributions", "0005_evidence_as_contributions")]
DAY = dt.date(2026, 1, 10)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # With the nominations and the audit trail as they are now.
    targets = targets + [
        leaf for app in ("nominations", "audit") for leaf in executor.loader.graph.leaf_nodes(app)
    ]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_submitted_evidence_becomes_self_reported_contributions_once():
    cycle = CycleFactory()
    nominator, nominee = UserFactory(), ContributorFactory()
    try:
        apps = migrate(BEFORE)
        Nomination = apps.get_model("nominations", "Nomination")
        Evidence = apps.get_model("nominations", "Evidence")
        Contribution = apps.get_model("contributions", "Contribution")
        common = {"cycle_id": cycle.pk, "nominee_id": nominee.pk, "nominator_id": nominator.pk}
        submitted = Nomination.objects.create(
            track_id=program.get_track("engineer").pk,
            state="eligible",
            submitted=dt.datetime.now(dt.UTC),
            **common,
        )
        draft = Nomination.objects.create(track_id=program.get_track("advocate").pk, state="draft", **common)
        for nomination, title, url in [
            (submitted, "Post", "https://blog.example/post"),
            (submitted, "Known PR", "https://github.com/openedx/x/pull/1"),
            (draft, "Draft talk", "https://talks.example/t"),
        ]:
            Evidence.objects.create(nomination=nomination, kind="blog_post", date=DAY, title=title, url=url)
        Contribution.objects.create(
            contributor_id=nominee.pk,
            kind="pull_request",
            date=DAY,
            title="PR",
            url="https://github.com/openedx/x/pull/1",
            source="github",
            external_id="github:1",
            verified=True,
        )
    finally:
        apps = migrate(AFTER)
    Contribution = apps.get_model("contributions", "Contribution")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    recorded = Contribution.objects.filter(source="nomination")
    assert [(c.title, c.verified, c.contributor_id) for c in recorded] == [("Post", False, nominee.pk)]
    event = AuditEvent.objects.get(verb="contribution.recorded")
    assert (event.actor_id, event.object_id, event.data["nomination"]) == (
        None,
        str(recorded[0].pk),
        submitted.pk,
    )
    # Run again (the migration reversed and applied): nothing twice.
    migrate(BEFORE)
    apps = migrate(AFTER)
    assert apps.get_model("contributions", "Contribution").objects.filter(source="nomination").count() == 1
