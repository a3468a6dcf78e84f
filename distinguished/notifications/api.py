"""E-mail: render a message from templates and hand it to a Celery task.

A message is a template folder `notifications/email/<name>/` with `subject.txt`, `body.txt` and
optionally `body.html`. Call `notify` inside the transaction of the change it reports: the
message leaves only when that transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from . import tasks

_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextmanager
def muted():
    """Send nothing inside this block (bulk loads such as the demo data)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _render_text(template_name: str, context: dict) -> str:
    """A plain-text template: no HTML escaping (“Tom & Jerry” stays as typed)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render(name: str, context: dict) -> dict:
    context = {"site_url": settings.SITE_URL, **context}
    folder = f"notifications/email/{name}"
    subject = " ".join(_render_text(f"{folder}/subject.txt", context).split())
    text = _render_text(f"{folder}/body.txt", context)
    try:
        html = render_to_string(f"{folder}/body.html", context)
    except TemplateDoesNotExist:
        html = ""
    return {"subject": subject, "text": text, "html": html}


def notify(to: str | list[str], name: str, context: dict) -> None:
    """Send the message `name` to one or more addresses once the current transaction commits."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients or _muted.get():
        return
    message = render(name, context)
    transaction.on_commit(partial(tasks.send_email.delay, to=recipients, **message))
