"""E-mail: write a message in each recipient's language and hand it to a Celery task.

Each message is declared by the app that sends it (`messages.py`): a default subject and body in
Markdown with named placeholders, which program admins may replace per language (`editing.py`).
Call `notify` inside the transaction of the change it reports: the message leaves only when that
transaction commits, so a rolled-back change sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language

from . import tasks, texts
from .editing import newest, newest_of_all, reset_text, save_text, version, versions, written
from .messages import (
    SAMPLE,
    Message,
    Placeholder,
    day,
    declare,
    declared,
    listed,
    message,
    sample_day,
    site_link,
    site_placeholder,
)
from .rules import may_edit_messages

__all__ = [
    "SAMPLE",
    "Message",
    "Placeholder",
    "day",
    "declare",
    "declared",
    "default_text",
    "listed",
    "may_edit_messages",
    "message",
    "muted",
    "newest",
    "newest_of_all",
    "notify",
    "preview",
    "read_languages_with",
    "render",
    "reset_text",
    "sample_day",
    "save_text",
    "site_link",
    "site_placeholder",
    "text_in",
    "version",
    "versions",
    "written",
    "written_problems",
]

logger = logging.getLogger(__name__)

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


def default_text(name: str) -> tuple[str, str]:
    """The program's subject and body of message `name` in the active language."""
    declared_message = message(name)
    return str(declared_message.subject), str(declared_message.body)


def text_in(name: str, language: str) -> tuple[str, str]:
    """The subject and body of message `name` in `language` to read and edit: the newest text an
    admin wrote for it (one no longer valid too, so that it can be put right), else the program's."""
    latest = newest(name, language)
    if latest is not None and not latest.is_default:
        return latest.subject, latest.body
    with translation.override(language):
        return default_text(name)


def written_problems(name: str, text) -> dict[str, list[str]]:
    """What is wrong with a version an admin wrote (a MessageText), which is then not sent: the
    code took a placeholder it uses away. Empty for a valid text or a reset."""
    if text is None or text.is_default:
        return {}
    return texts.problems(message(name), text.subject, text.body)


def _values(declared_message: Message, context: dict) -> dict[str, str]:
    return {p.name: "" if (v := p.value(context)) is None else str(v) for p in declared_message.placeholders}


def render(name: str, context: dict, *, written_text=None) -> dict:
    """Message `name` for `context` in the active language: from the (subject, body) an admin wrote
    for it (`written_text`) when they are valid, else from the program's default."""
    declared_message = message(name)
    subject, body = default_text(name)
    if written_text is not None:
        if texts.problems(declared_message, *written_text):
            # The code changed under a saved text (a placeholder it used is gone): nothing is sent
            # from it; the program's default goes instead, and the log says why.
            logger.error(
                "The text written for %s (%s) is not valid; the default was sent.", name, get_language()
            )
        else:
            subject, body = written_text
    return texts.render(declared_message, subject, body, _values(declared_message, context))


def preview(name: str, subject: str, body: str) -> tuple[dict | None, dict[str, list[str]]]:
    """(the e-mail, None) that `subject` and `body` give for the message's sample values in the
    active language, or (None, the problems by field) when they may not be sent."""
    declared_message = message(name)
    found = texts.problems(declared_message, subject, body)
    if found:
        return None, found
    values = {p.name: p.sample_value() for p in declared_message.placeholders}
    return texts.render(declared_message, subject, body, values), {}


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
