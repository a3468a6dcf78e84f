"""Subjects and bodies written as Markdown with named placeholders: checked, then filled in.

A placeholder is a name in braces, `{nominee}`, one of those its message offers; a brace itself is
written twice. A line whose placeholders are all empty is left out, so an optional line (“Now
granted: {granted}”) disappears when there is nothing to say. A link placeholder is written alone,
`{link}`, or as the address of words, `[the nomination]({link})`. The plain-text part of an e-mail is
the Markdown as filled in; its HTML part is that Markdown rendered, with the values escaped so that
nothing a person typed becomes markup, and passed through an allow-list sanitizer.
"""

from __future__ import annotations

import re
import string

import nh3
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

SUBJECT_MAX_LENGTH = 200

_formatter = string.Formatter()
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False})
_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "h3", "h4", "hr"}
# CommonMark lets a backslash escape any ASCII punctuation: a value escaped so reads as typed.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _names(text: str) -> list[str]:
    """The placeholders of `text`, written as found (`{nominee!r}` gives "nominee!r"); raises
    ValueError on a brace left open or closed alone."""
    names = []
    for _literal, name, spec, conversion in _formatter.parse(text):
        if name is not None:
            names.append(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return names


def problems(message, subject: str, body: str) -> dict[str, list[str]]:
    """What is wrong with a subject and body for `message`, per field; empty when both may be sent."""
    offered = message.offered()
    found: dict[str, list[str]] = {}
    for field, text in (("subject", subject), ("body", body)):
        errors = []
        if not text.strip():
            errors.append(_("Empty: write the text to send."))
        try:
            names = _names(text)
        except ValueError:
            errors.append(
                _(
                    "A brace is left open or closed alone: a placeholder is written {name}, and a brace itself twice."
                )
            )
            names = []
        for name in dict.fromkeys(names):
            if name not in offered:
                errors.append(
                    _("Unknown placeholder {%(name)s}. This message offers: %(offered)s.")
                    % {"name": name, "offered": ", ".join(f"{{{known}}}" for known in offered) or "—"}
                )
        if errors:
            found[field] = errors
    if "\n" in subject.strip():
        found.setdefault("subject", []).append(_("A subject is one line."))
    if len(subject) > SUBJECT_MAX_LENGTH:
        found.setdefault("subject", []).append(
            _("A subject has at most %(limit)d characters.") % {"limit": SUBJECT_MAX_LENGTH}
        )
    return found


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with its placeholders replaced by `values`, the lines with only empty ones left out."""
    lines = []
    for line in text.splitlines():
        parts = list(_formatter.parse(line))
        names = [name for _literal, name, _spec, _conversion in parts if name is not None]
        if names and not any(values[name] for name in names):
            continue
        lines.append(
            "".join(literal + (values[name] if name is not None else "") for literal, name, _s, _c in parts)
        )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def escape(value: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", value)


def to_html(markdown: str) -> str:
    return nh3.clean(
        _renderer.render(markdown),
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
    )


def render(message, subject: str, body: str, values: dict[str, str]) -> dict[str, str]:
    """The e-mail written from `subject` and `body` (checked already) with `values`: its subject,
    plain text and HTML."""
    links = {placeholder.name for placeholder in message.placeholders if placeholder.link}
    # An address goes in as <…>, which Markdown links whether it stands alone or in [words]({link}).
    escaped = {
        name: (f"<{value}>" if value else "") if name in links else escape(value)
        for name, value in values.items()
    }
    return {
        "subject": " ".join(fill(subject, values).split()),
        "text": fill(body, values),
        "html": to_html(fill(body, escaped)),
    }
