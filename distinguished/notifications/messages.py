"""The messages the program sends, each declared once by the app that sends it.

A message has a default subject and body: Markdown with named placeholders such as `{nominee}`,
marked for translation, so each language's default comes from its catalog. It offers a fixed set
of placeholders, each read from the context its sender passes to `notify` and given a sample value
for the editor's preview. Program admins may replace the subject and body per language (`texts.py`
checks them, `editing.py` keeps their versions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import formats


@dataclass(frozen=True)
class Placeholder:
    """`{name}` in a text: `value(context)` when sent, `sample` in the preview. A `link` is an
    address and goes into the Markdown as it is; any other value is escaped, so a name such as
    “*Ana*” reads as typed."""

    name: str
    help: str
    sample: object  # a text, or a function giving it (read when the preview is drawn)
    value: Callable[[dict], object]
    link: bool = False

    def sample_value(self) -> str:
        return str(self.sample() if callable(self.sample) else self.sample)


@dataclass(frozen=True)
class Message:
    name: str
    title: str  # what the message is, e.g. “Nomination submitted”
    sent: str  # to whom and when it goes
    subject: str  # the default subject (translated through the catalogs)
    body: str  # the default body, Markdown
    placeholders: tuple[Placeholder, ...]

    def offered(self) -> dict[str, Placeholder]:
        return {placeholder.name: placeholder for placeholder in self.placeholders}


_declared: dict[str, Message] = {}


def declare(*messages: Message) -> None:
    """Make `messages` known; each sending app declares its own in its `emails.py`. A default text
    that uses a placeholder its message does not offer is a programming error, raised at start."""
    from .texts import problems  # texts.py reads the placeholders this module defines

    for message in messages:
        found = problems(message, str(message.subject), str(message.body))
        if found:
            raise ImproperlyConfigured(f"The default text of {message.name!r}: {found}")
        _declared[message.name] = message


def message(name: str) -> Message:
    try:
        return _declared[name]
    except KeyError:
        raise LookupError(f"No message {name!r} is declared (see notifications/messages.py).") from None


def declared() -> list[Message]:
    return sorted(_declared.values(), key=lambda m: m.name)


# Values for placeholders, read in the language the message is being written in.


def day(value) -> str:
    """A date as the reader's language writes it (“15 avril 2027”); "" for none."""
    return formats.date_format(value, "DATE_FORMAT") if value else ""


# The sample nomination the editor's preview is drawn for: the same people and days in every message.
SAMPLE_YEAR = 2027
SAMPLE = {
    "nominee": "Amira Haddad",
    "nominator": "Tomás Rivera",
    "person": "Amira Haddad",
    "actor": "Li Wei",
    "cycle": "2027 cycle",
    "track": "Distinguished Engineer",  # as the program definition names it (shown through in_language)
    "username": "amira",
}


def sample_day(month: int, day_of_month: int) -> str:
    """A day of the sample cycle, written as the reader's language writes it."""
    return day(dt.date(SAMPLE_YEAR, month, day_of_month))


def site_link(path: str) -> str:
    """An address on this site, whole (e-mails are read outside it)."""
    return f"{settings.SITE_URL}{path}" if path else ""


def listed(values) -> str:
    """Several values in one line: “Chair, Panelist”."""
    return ", ".join(str(value) for value in values)


def site_placeholder(help_text: str, sample_path: str, path: Callable[[dict], str], name: str = "link"):
    """A link to a page of this site, read from the context."""
    return Placeholder(
        name=name,
        help=help_text,
        sample=lambda: site_link(sample_path),
        value=lambda context: site_link(path(context)),
        link=True,
    )
