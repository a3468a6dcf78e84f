"""Concurrent jobs for the race tests: each in its own thread and database connection, all
released together by a barrier (tests marked `django_db(transaction=True)`)."""

import threading
import time

from django.db import OperationalError, connection, connections

TIMEOUT = 30


def waiting_for_sqlite_locks(job):
    """SQLite's in-memory test database (shared cache) answers “database table is locked” at once
    where a database file waits for the lock (its busy timeout) and the writes serialize: wait and
    retry as that would. Other engines wait for locks themselves; their jobs run as they are."""
    if connection.vendor != "sqlite":
        return job

    def run():
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                return job()
            except OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.005)

    return run


def in_threads(*jobs):
    """Run each job in its own thread, all released together by a barrier; each job's return
    value or exception, in order."""
    jobs = [waiting_for_sqlite_locks(job) for job in jobs]
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=TIMEOUT)
            results[index] = job()
        except BaseException as error:  # the test inspects it
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
        assert not thread.is_alive(), "a thread hung"
    return results
