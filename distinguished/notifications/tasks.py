"""Celery tasks of the notifications app: sending is never done inside a request."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(self, *, to: list[str], subject: str, text: str, html: str = "") -> int:
    """Send one message; returns how many were sent (0 or 1). Retries on network errors."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
