"""Sending a message: to each recipient in the language they chose, one e-mail per language, handed
to a Celery task once the current transaction commits (a rolled-back change sends nothing); nothing
at all inside a `muted()` block (bulk loads such as the demo data)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation

from . import tasks
from .editing import written
from .rendering import render

__all__ = ["muted", "notify", "read_languages_with"]

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
    texts_written = written(name, by_language)
    for language, addresses in by_language.items():
        with translation.override(language):
            email = render(name, context, written_text=texts_written.get(language))
        transaction.on_commit(partial(tasks.send_email.delay, to=addresses, **email))
