"""The round trip that production relies on: a task sent from a Django process through Redis is run by a
real `celery worker` process, which sends the e-mail and stores the result.

The worker is a subprocess with the test settings, Redis database 15 as broker and result backend, its
own queue (so no other worker on this machine can take the task) and EMAIL_URL pointing at a temporary
folder (file-based e-mail backend), where the test reads the message back."""

import uuid

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from distinguished import celery_app
from distinguished.notifications.tasks import send_email

from ..celery_workers import REDIS_URL, celery_worker, really_sent

pytestmark = pytest.mark.celery_worker

RESULT_SECONDS = 60


@pytest.fixture
def worker(tmp_path):
    """A `celery worker` subprocess (tests/celery_workers.py) whose e-mail goes to a folder; yields
    (queue, outbox folder, log)."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    # filemail:///ABSOLUTE-PATH; django-environ drops the first slash of the path.
    with celery_worker(tmp_path, env={"EMAIL_URL": f"filemail:///{outbox}"}) as (queue, log):
        yield queue, outbox, log


@pytest.fixture
def not_eager():
    """The test settings run tasks eagerly; for this test only, really send them."""
    with really_sent():
        yield


def test_a_real_worker_sends_the_email_through_redis(worker, not_eager):
    queue, outbox, log = worker
    subject = f"Celery round trip {uuid.uuid4().hex}"
    results = RedisBackend(app=celery_app, url=REDIS_URL)
    # An explicit connection, so the app's own broker setting (empty in a laptop's `make test`) and
    # the connections that earlier, eager tests pooled do not matter.
    with celery_app.connection_for_write(REDIS_URL) as connection:
        sent = send_email.apply_async(
            kwargs={"to": ["ada@example.org"], "subject": subject, "text": "Sent by a real worker."},
            queue=queue,
            producer=connection.Producer(),
        )
    result = AsyncResult(sent.id, app=celery_app, backend=results)
    try:
        count = result.get(timeout=RESULT_SECONDS)
    except Exception as error:
        pytest.fail(f"No result from the worker ({error!r}); its log:\n{log.read_text(errors='replace')}")
    finally:
        result.forget()
        results.result_consumer.stop()

    assert count == 1
    messages = [path.read_text(errors="replace") for path in outbox.iterdir()]
    assert len(messages) == 1
    assert f"Subject: {subject}" in messages[0]
    assert "To: ada@example.org" in messages[0]
