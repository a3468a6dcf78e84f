"""One cache for every worker: with `CACHE_URL`, the directory's pages live in Redis, a page one
worker computed serves the others, and a change any worker commits shows in all of them at once.
A second worker is played by forgetting what this process memorized (its data stamp)."""

import datetime as dt
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from distinguished.membership import api, page_cache
from distinguished.settings.base import caches_for

from ..celery_workers import REDIS_HOST, REDIS_PORT, redis_answers
from ..conftest import skip_or_fail
from ..factories import ContributorFactory, MembershipFactory

REDIS_CACHE = f"redis://{REDIS_HOST}:{REDIS_PORT}/14"


def test_the_caches_are_in_memory_by_default_and_in_redis_with_a_url():
    local = caches_for("")
    assert {c["BACKEND"] for c in local.values()} == {"django.core.cache.backends.locmem.LocMemCache"}
    shared = caches_for(REDIS_CACHE)
    assert {c["BACKEND"] for c in shared.values()} == {"django.core.cache.backends.redis.RedisCache"}
    assert {c["LOCATION"] for c in shared.values()} == {REDIS_CACHE}
    # The two caches never read each other's keys.
    assert len({c["KEY_PREFIX"] for c in shared.values()}) == 2


@pytest.fixture
def shared_cache(transactional_db, monkeypatch):
    if not redis_answers():
        skip_or_fail(f"Redis is not running on {REDIS_HOST}:{REDIS_PORT}")
    settings = caches_for(REDIS_CACHE)
    run = uuid.uuid4().hex  # this test's keys only: the database is never flushed
    for cache in settings.values():
        cache["KEY_PREFIX"] += f"-test-{run}"
    with override_settings(CACHES=settings):
        monkeypatch.setattr(page_cache, "STAMP_SECONDS", 3600)  # the database part: read once per worker
        page_cache.clear_cache()
        yield
        for name in settings:
            client = caches[name]._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"*-test-{run}*"))
            if keys:
                client.delete(*keys)


def another_worker():
    """What a second worker process starts from: nothing memorized in memory."""
    page_cache._stamp[:] = [0.0, None]


def test_a_page_computed_by_one_worker_serves_another_and_a_change_shows_in_both(
    client, shared_cache, admin_user, django_assert_num_queries
):
    ada = ContributorFactory(name="Ada Active", listed_publicly=True)
    term = MembershipFactory(contributor=ada, start=timezone.localdate() - dt.timedelta(days=30))
    assert caches["directory"].__class__.__name__ == "RedisCache"
    assert "Ada Active" in client.get("/directory/").content.decode()
    another_worker()
    # The other worker reads the data stamp (one query) and takes the page from Redis.
    with django_assert_num_queries(1):
        assert "Ada Active" in client.get("/directory/").content.decode()
    # The first worker revokes; the other sees it on its next request, without reading the stamp
    # again (the generation lives in the shared cache and moved on when the revocation committed).
    api.revoke(actor=admin_user, membership=term, reason="Code of conduct.")
    assert "Ada Active" not in client.get("/directory/").content.decode()


def test_forgetting_everything_never_flushes_the_shared_database(shared_cache):
    client = caches["directory"]._cache.get_client(write=True)
    canary = f"distinguished-canary-{uuid.uuid4().hex}"
    client.set(canary, b"1")
    try:
        before = caches["directory"].get(page_cache.GENERATION)
        page_cache.clear_cache()
        assert caches["directory"].get(page_cache.GENERATION) != before
        assert client.get(canary) == b"1"
    finally:
        client.delete(canary)
