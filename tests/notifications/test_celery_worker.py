"""The round trip that production relies on: a task sent from a Django process through Redis is run by a
real `celery worker` process, which sends the e-mail and stores the result.

The worker is a subprocess with the test settings, Redis database 15 as broker and result backend, its
own queue (so no other worker on this machine can take the task) and EMAIL_URL pointing at a temporary
folder (file-based e-mail backend), where the test reads the message back."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from distinguished import celery_app
from distinguished.notifications.tasks import send_email

from ..conftest import skip_or_fail

pytestmark = pytest.mark.celery_worker

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"
PROJECT_DIR = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60
RESULT_SECONDS = 60


def redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def forget_queue(queue: str) -> None:
    """Delete what kombu left in Redis for this run's queue (its bindings)."""
    with redis.Redis.from_url(REDIS_URL, socket_timeout=5) as client:
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)


@pytest.fixture
def worker(tmp_path):
    """A `celery worker` subprocess consuming a queue of its own; yields (queue, outbox folder, log)."""
    if not redis_answers():
        skip_or_fail(f"Redis is not running on {REDIS_HOST}:{REDIS_PORT}")
    queue = f"distinguished-test-{uuid.uuid4().hex}"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "distinguished.settings.test",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        # filemail:///ABSOLUTE-PATH; django-environ drops the first slash of the path.
        "EMAIL_URL": f"filemail:///{outbox}",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable, "-m", "celery", "-A", "distinguished", "worker",
        "--pool=solo", "--concurrency=1", "--loglevel=INFO", "-Q", queue, "-n", f"{queue}@%h",
        "--without-heartbeat", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while " ready." not in (output := log.read_text(errors="replace")):
            if process.poll() is not None:
                pytest.fail(f"The worker exited with {process.returncode}:\n{output}")
            if time.monotonic() > deadline:
                pytest.fail(f"The worker was not ready after {STARTUP_SECONDS} s:\n{output}")
            time.sleep(0.2)
        yield queue, outbox, log
    finally:
        process.terminate()  # SIGTERM: warm shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        forget_queue(queue)


@pytest.fixture
def not_eager():
    """The test settings run tasks eagerly; for this test only, really send them."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


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
