"""Signing as production runs it: the credential recorded while this process has no key waits; the
task sent through Redis is run by a real `celery worker` process that has the key (tests/celery_workers.py),
and signs it in the same database."""

import datetime as dt

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from distinguished import celery_app
from distinguished.credentials import api, signing, tasks
from distinguished.membership import api as memberships
from distinguished.program import api as program

from ..celery_workers import REDIS_URL, celery_worker, really_sent, shared_database
from ..factories import ContributorFactory, UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

RESULT_SECONDS = 120


def test_a_real_worker_signs_a_credential_sent_through_redis(tmp_path, settings):
    settings.CREDENTIALS_ISSUER_KEY = ""
    settings.CREDENTIALS_ISSUER_KEY_FILE = tmp_path / "no-key.pem"
    admin = UserFactory(username="signer", roles=["admin"])
    membership = memberships.record_term(
        actor=admin,
        contributor=ContributorFactory(),
        track=program.get_track("engineer"),
        start=dt.date.today() - dt.timedelta(days=1),
    )
    credential = api.latest_credential(membership.pk)
    assert not credential.signed  # the eager task found no key here: it waits
    key = signing.private_key_pem(signing.generate_private_key()).decode()

    results = RedisBackend(app=celery_app, url=REDIS_URL)
    with (
        shared_database(tmp_path) as database_url,
        celery_worker(tmp_path, {"DATABASE_URL": database_url, "CREDENTIALS_ISSUER_KEY": key}) as (
            queue,
            log,
        ),
        really_sent(),
    ):
        with celery_app.connection_for_write(REDIS_URL) as connection:
            sent = tasks.sign_credential.apply_async(
                args=[credential.pk], queue=queue, producer=connection.Producer()
            )
        result = AsyncResult(sent.id, app=celery_app, backend=results)
        try:
            outcome = result.get(timeout=RESULT_SECONDS)
        except Exception as error:
            pytest.fail(f"No result from the worker ({error!r}); its log:\n{log.read_text(errors='replace')}")
        finally:
            result.forget()
            results.result_consumer.stop()

    assert outcome == "signed"
    credential.refresh_from_db()
    assert credential.signed and api.verify(credential.document).status == "valid"
