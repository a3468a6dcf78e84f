"""A CSV import as production runs it: the web process stores the file and sends the task through Redis,
a real `celery worker` process imports it into the same database (tests/celery_workers.py)."""

import datetime as dt

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from distinguished import celery_app
from distinguished.contributions import api, tasks
from distinguished.contributions.models import Contribution, ImportFile, ImportRun

from ..celery_workers import REDIS_URL, celery_worker, really_sent, shared_database
from ..factories import ContributorFactory, UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

RESULT_SECONDS = 120
PAST = str(dt.date.today() - dt.timedelta(days=3))


def test_a_real_worker_imports_a_csv_file_sent_through_redis(tmp_path):
    admin = UserFactory(username="importer", roles=["admin"])
    ContributorFactory(email="ada@example.org", github="ada-l")
    rows = [f"ada-l,talk,{PAST},Talk {i},,," for i in range(250)] + [f"nobody,talk,{PAST},Who,,,"]
    content = ("\n".join(["contributor,kind,date,title,url,quantity,major", *rows]) + "\n").encode()
    run = api.queue_csv_import(admin, content, name="talks.csv")
    assert ImportRun.objects.get(pk=run.pk).status == "queued"

    results = RedisBackend(app=celery_app, url=REDIS_URL)
    with (
        shared_database(tmp_path) as database_url,
        celery_worker(tmp_path, {"DATABASE_URL": database_url}) as (queue, log),
        really_sent(),
    ):
        with celery_app.connection_for_write(REDIS_URL) as connection:
            sent = tasks.import_csv.apply_async(args=[run.pk], queue=queue, producer=connection.Producer())
        result = AsyncResult(sent.id, app=celery_app, backend=results)
        try:
            outcome = result.get(timeout=RESULT_SECONDS)
        except Exception as error:
            pytest.fail(f"No result from the worker ({error!r}); its log:\n{log.read_text(errors='replace')}")
        finally:
            result.forget()
            results.result_consumer.stop()

    assert outcome == {"id": run.pk, "status": "done", "created": 250, "skipped": 0, "errors_total": 1}
    run.refresh_from_db()
    assert (run.status, run.processed, run.total, run.created_count) == ("done", 251, 251, 250)
    assert run.row_errors == [{"row": 252, "error": run.row_errors[0]["error"]}]
    assert Contribution.objects.filter(source="csv", recorded_by=admin).count() == 250
    assert not ImportFile.objects.exists()
