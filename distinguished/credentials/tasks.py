"""Celery tasks of the credentials app."""

import logging

from celery import shared_task

from . import api

logger = logging.getLogger(__name__)


@shared_task(name="credentials.tasks.sign_pending")
def sign_pending() -> dict:
    """Sign the credentials and status lists that were recorded while no issuer key was configured."""
    try:
        return api.sign_pending()
    except api.IssuerKeyUnavailable as error:
        logger.warning("Credentials wait for a key: %s", error)
        return {"error": str(error)}
