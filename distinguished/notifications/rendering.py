"""A message in words: the program's default text, the text an admin edits, what is wrong with a
version they wrote, and the e-mail a text gives for a context (or for the sample values, to preview
it). A text no longer valid is never sent: the program's default goes instead."""

from __future__ import annotations

import logging

from django.utils import translation
from django.utils.translation import get_language

from . import texts
from .editing import newest
from .messages import Message, message

__all__ = ["default_text", "preview", "render", "text_in", "written_problems"]

logger = logging.getLogger(__name__)


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
