"""A real `celery worker` process for the tests marked `celery_worker`, and the database it shares
with the test.

The worker is a subprocess with the test settings, Redis database 15 as broker and result backend, and
a queue of its own (so no other worker on this machine can take the task). A test that makes the
worker write to the database runs with `django_db(transaction=True)` and `shared_database()`: on
PostgreSQL or MariaDB the worker uses the test database itself; SQLite's test database lives in the
test's memory, so it is copied to a file for the worker and copied back once the worker is done."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.db import connection

from distinguished import celery_app

from .conftest import skip_or_fail

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"
PROJECT_DIR = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 60


def redis_answers() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def forget_queue(queue: str) -> None:
    """Delete what kombu left in Redis for this run's queue (its bindings)."""
    with redis.Redis.from_url(REDIS_URL, socket_timeout=5) as client:
        keys = list(client.scan_iter(match=f"*{queue}*"))
        if keys:
            client.delete(*keys)


@contextmanager
def celery_worker(tmp_path: Path, env: dict[str, str] | None = None):
    """A `celery worker` subprocess consuming a queue of its own → (queue, log file)."""
    if not redis_answers():
        skip_or_fail(f"Redis is not running on {REDIS_HOST}:{REDIS_PORT}")
    queue = f"distinguished-test-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "distinguished.settings.test",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "distinguished", "worker",
        "--pool=solo", "--concurrency=1", "--loglevel=INFO", "-Q", queue, "-n", f"{queue}@%h",
        "--without-heartbeat", "--without-gossip", "--without-mingle",
    ]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=log_file,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while " ready." not in (output := log.read_text(errors="replace")):
            if process.poll() is not None:
                pytest.fail(f"The worker exited with {process.returncode}:\n{output}")
            if time.monotonic() > deadline:
                pytest.fail(f"The worker was not ready after {STARTUP_SECONDS} s:\n{output}")
            time.sleep(0.2)
        yield queue, log
    finally:
        process.terminate()  # SIGTERM: warm shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        forget_queue(queue)


@contextmanager
def really_sent():
    """The test settings run tasks eagerly; inside this block, tasks are really sent."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = previous


@contextmanager
def shared_database(tmp_path: Path):
    """→ the DATABASE_URL a worker process uses to reach the test's database (see the module)."""
    settings = connection.settings_dict
    if connection.vendor != "sqlite":
        url = urlsplit(os.environ["DATABASE_URL"])
        yield urlunsplit(url._replace(path=f"/{settings['NAME']}"))
        return
    path = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    yield f"sqlite:///{path}"
    with closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)
