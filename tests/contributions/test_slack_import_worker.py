"""A Slack import as production runs it: the web process checks and stores the export and sends the
task through Redis, a real `celery worker` process records the answers into the same database
(tests/celery_workers.py)."""

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from distinguished import celery_app
from distinguished.contributions import api, tasks
from distinguished.contributions.models import Contribution, ImportFile, ImportRun

from ..celery_workers import REDIS_URL, celery_worker, really_sent, shared_database
from ..factories import ContributorFactory, UserFactory
from .slack_exports import workspace

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

RESULT_SECONDS = 120


def test_a_real_worker_imports_a_slack_export_sent_through_redis(tmp_path):
    admin = UserFactory(username="importer", roles=["admin"])
    ContributorFactory(name="Ada", email="ada@example.org")
    ContributorFactory(name="Grace", slack_id="U0GRACE")
    run = api.queue_slack_import(admin, workspace(), name="export.zip")
    assert ImportRun.objects.get(pk=run.pk).status == "queued"

    results = RedisBackend(app=celery_app, url=REDIS_URL)
    with (
        shared_database(tmp_path) as database_url,
        celery_worker(tmp_path, {"DATABASE_URL": database_url}) as (queue, log),
        really_sent(),
    ):
        with celery_app.connection_for_write(REDIS_URL) as connection:
            sent = tasks.import_slack.apply_async(args=[run.pk], queue=queue, producer=connection.Producer())
        result = AsyncResult(sent.id, app=celery_app, backend=results)
        try:
            outcome = result.get(timeout=RESULT_SECONDS)
        except Exception as error:
            pytest.fail(f"No result from the worker ({error!r}); its log:\n{log.read_text(errors='replace')}")
        finally:
            result.forget()
            results.result_consumer.stop()

    assert outcome == {"id": run.pk, "status": "done", "created": 4, "skipped": 0, "unmatched_people": 2}
    run.refresh_from_db()
    assert (run.status, run.processed, run.total) == ("done", 3, 3)
    assert Contribution.objects.filter(source="slack", kind="forum_answer", verified=True).count() == 4
    assert not ImportFile.objects.exists()
