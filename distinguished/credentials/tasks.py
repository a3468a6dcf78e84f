"""Celery tasks of the credentials app: signing is never done inside a request."""

import logging

from celery import shared_task
from django.db import DatabaseError

from . import issuer
from .keys import IssuerKeyUnavailable

logger = logging.getLogger(__name__)


# A lost database connection or a network error is tried again; a missing key is not (it waits).
@shared_task(
    name="credentials.tasks.sign_credential",
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def sign_credential(credential_id: int) -> str:
    """Sign a credential just issued (and publish its status list when stale). Run again, it changes
    nothing; without a key the credential keeps waiting for `distinguished sign-credentials`."""
    try:
        return "signed" if issuer.sign_credential(credential_id) else "unchanged"
    except IssuerKeyUnavailable as error:
        logger.warning("Credential %s waits for a key: %s", credential_id, error)
        return "waiting for the issuer key"


@shared_task(name="credentials.tasks.sign_pending")
def sign_pending() -> dict:
    """Sign the credentials and status lists that were recorded while no issuer key was configured."""
    try:
        return issuer.sign_pending()
    except IssuerKeyUnavailable as error:
        logger.warning("Credentials wait for a key: %s", error)
        return {"error": str(error)}
