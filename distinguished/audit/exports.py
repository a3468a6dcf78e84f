"""The audit trail as a download (CSV or XLSX): the events the audit page lists with its filters,
newest first, in its words. A state is named as the page names it, by the page's
own `audit_value` tag (the pages' labels library knows every app's states; this app, the lowest,
knows none of them), asked once per distinct value and kept for the rest of the download."""

from __future__ import annotations

import json
from types import SimpleNamespace

from django.template import Context, Template

from distinguished.core.exports import Column, Table, rows_of

from .models import AuditEvent

__all__ = ["event_table"]

# How many distinct (object type, event, value) names a download keeps; past it, each is asked anew.
KEEP_AT_MOST = 10_000


class PageWords:
    """`words(event, value)`: an event's from or to state as the audit page shows it."""

    def __init__(self):
        self.template = Template(
            "{% load labels %}{% autoescape off %}{% audit_value event value %}{% endautoescape %}"
        )
        # The labels library keeps the labels it read on the request: one read per download.
        self.request = SimpleNamespace()
        self.known: dict[tuple[str, str, str], str] = {}

    def __call__(self, event: AuditEvent, value: str) -> str:
        if not value:
            return ""
        key = (event.object_type, event.verb, value)
        if key not in self.known:
            words = self.template.render(Context({"event": event, "value": value, "request": self.request}))
            if len(self.known) >= KEEP_AT_MOST:
                return words
            self.known[key] = words
        return self.known[key]


def _details(event: AuditEvent) -> str | None:
    return json.dumps(event.data, ensure_ascii=False, sort_keys=True) if event.data else None


def event_table(queryset) -> Table:
    """The events of `queryset` (the trail as `api.events` narrows it) as a table to download."""
    words = PageWords()
    columns = (
        Column("When", "created"),
        Column("Who", "actor_name"),
        Column("Event", "verb"),
        Column("Object type", "object_type"),
        Column("Object id", "object_id"),
        Column("Object", "object_repr"),
        Column("From", lambda event: words(event, event.from_state)),
        Column("To", lambda event: words(event, event.to_state)),
        Column("Reason", "reason"),
        Column("Details", _details),
    )
    return Table("Audit trail", columns, rows_of(queryset))
