"""E-mail: write a message in each recipient's language and hand it to a Celery task.

Each message is declared by the app that sends it (`messages.py`): a default subject and body in
Markdown with named placeholders, which program admins may replace per language (`editing.py`).
Call `notify` inside the transaction of the change it reports: the message leaves only when that
transaction commits, so a rolled-back change sends nothing (`sending.py`). A message's texts, their
problems and the e-mail they give are `rendering.py`.
"""

from __future__ import annotations

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
from .rendering import default_text, preview, render, text_in, written_problems
from .rules import may_edit_messages
from .sending import muted, notify, read_languages_with

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
