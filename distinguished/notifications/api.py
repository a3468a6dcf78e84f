"""E-mail: render a message from templates and hand it to a Celery task.

A message is a template folder `notifications/email/<name>/` with `subject.txt`, `body.txt` and
optionally `body.html`. Call `notify` inside the transaction of the change it reports: the
message leaves only when that transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from . import tasks

_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)

# {address: language code} of the addresses whose holders chose a language: the people app knows
# the accounts and registers it (`read_languages_with`); this app sits below it.
_languages_of: list[Callable[[list[str]], dict[str, str]]] = []


def read_languages_with(lookup: Callable[[list[str]], dict[str, str]]) -> None:
    """Use `lookup` to learn the language each recipient reads in (one call per message)."""
    _languages_of[:] = [lookup]


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
    """Send the message `name` to one or more addresses once the current transaction commits, to
    each in the language they chose (the site's default for an address no account chose one for):
    one e-mail per language."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients or _muted.get():
        return
    chosen = _languages_of[0](recipients) if _languages_of else {}
    by_language: dict[str, list[str]] = {}
    for address in recipients:
        by_language.setdefault(chosen.get(address) or settings.LANGUAGE_CODE, []).append(address)
    for language, addresses in by_language.items():
        with translation.override(language):
            message = render(name, context)
        transaction.on_commit(partial(tasks.send_email.delay, to=addresses, **message))
