"""The cache of rendered directory pages and profiles.

The directory is read far more often than it changes, and computing a page (a count and a page of
memberships, then rendering 50 rows) costs tens of milliseconds. So the views keep what they computed
in Django's cache `directory` (settings.CACHES: per process by default; one Redis cache shared by every
worker when `CACHE_URL` is set), under a key that changes whenever what they show may have changed:

- the day (a status depends on today's date);
- the data stamp: the newest audit event (every state change of the apps records one, in the same
  transaction), the newest membership, contributor and contribution (rows inserted in bulk by the CSV
  imports), read from the database at most once a second per process (STAMP_SECONDS) so that a cached
  page costs no query: a change made by another process shows within that second;
- the generation: a counter kept in the cache itself, moved on when a transaction that saved or
  deleted a row the directory reads (or an audit event) commits. It makes a change show at once in the
  process that made it — and, with the shared cache, in every worker — even an edit in the Django
  admin that records no audit event and adds no row;
- the request's filters and page (and, for the API, the host its links are built on).

Nothing in the key belongs to one process, so with the shared cache a page computed by one worker is
served by all. An entry lives at most DIRECTORY_CACHE_SECONDS (default 60; 0 turns the cache off).
Nothing is cached inside a transaction: what it reads may not be committed (the test suite runs each
test in one; tests/membership/test_directory.py tests the cache outside one). Forgetting everything
moves the generation on rather than clearing the cache: a shared Redis database is never flushed.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from distinguished.audit import api as audit
from distinguished.contributions import api as contributions
from distinguished.people import api as people

from .models import Membership

__all__ = ["cached", "clear_cache", "data_stamp", "query_key"]

WATCHED_MODELS = {
    "audit.auditevent",  # any change the apps make, e.g. a bulk update they audit
    "membership.membership",
    "people.contributor",
    "program.program",
    "program.track",
    "program.cycle",
    "contributions.contribution",
    "credentials.credential",
}
# The Django cache (settings.CACHES) that holds the computed pages.
CACHE = "directory"
GENERATION = "directory:generation"
_MISSING = object()
STAMP_SECONDS = 1.0
_stamp: list = [0.0, None]  # when the newest rows were read, and what they were


def _cache_seconds() -> float:
    return float(getattr(settings, "DIRECTORY_CACHE_SECONDS", 60))


def _next_generation() -> None:
    cache = caches[CACHE]
    try:
        cache.incr(GENERATION)
    except ValueError:  # not there yet (or evicted): any new value differs from what keys hold
        cache.set(GENERATION, time.time_ns(), timeout=None)


def _count_save(sender, **kwargs) -> None:
    if sender._meta.label_lower in WATCHED_MODELS:
        # Once committed: a page computed before the commit keeps the old generation.
        transaction.on_commit(_next_generation)


post_save.connect(_count_save, weak=False, dispatch_uid="membership.page_cache.count_save")
post_delete.connect(_count_save, weak=False, dispatch_uid="membership.page_cache.count_delete")


def data_stamp() -> tuple | None:
    """What identifies the state of the data the directory shows; None when nothing may be cached
    (the cache is off, or this is inside a transaction). The part read from the database (one query
    of four index look-ups) is read again after STAMP_SECONDS at the latest, so that a page served
    from the cache costs no query; the generation is read from the cache on every call."""
    if _cache_seconds() <= 0 or connection.in_atomic_block:
        return None
    now = time.monotonic()
    read_at, newest = _stamp
    if newest is None or now - read_at >= STAMP_SECONDS:
        newest = _newest_rows()
        _stamp[:] = [now, newest]
    return (*newest, caches[CACHE].get(GENERATION, 0), timezone.localdate())


def _newest_rows() -> tuple:
    tables = [
        audit.event_db_table(),
        Membership._meta.db_table,
        people.contributor_db_table(),
        contributions.contribution_db_table(),
    ]
    # Table names from the models, quoted: nothing here comes from a request.
    newest = ", ".join(f"(SELECT MAX(id) FROM {connection.ops.quote_name(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {newest}")
        return tuple(cursor.fetchone())


def clear_cache() -> None:
    """Forget every cached page (the next requests compute them again), in every process that shares
    the cache; this process reads the data stamp again too."""
    _next_generation()
    _stamp[:] = [0.0, None]


def query_key(query) -> tuple:
    """A query dict as a hashable cache key, the same whatever the order of its parameters."""
    return tuple(sorted((name, tuple(values)) for name, values in query.lists()))


def cached(key: Hashable, stamp: tuple | None, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it returned for the same key and data stamp within the last
    DIRECTORY_CACHE_SECONDS (Django's cache `directory`). A stamp of None computes every time."""
    if stamp is None:
        return compute()
    name = "directory:" + hashlib.sha256(repr((key, stamp)).encode()).hexdigest()
    value = caches[CACHE].get(name, _MISSING)
    if value is _MISSING:
        value = compute()
        caches[CACHE].set(name, value, timeout=_cache_seconds())
    return value
