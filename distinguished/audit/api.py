"""Write and read the audit trail: the app's public face. Every state-changing function in the
apps calls `record` (recording.py); the audit page, its download and the API read the trail
(reading.py)."""

from __future__ import annotations

from .reading import READ_THE_TRAIL, event_db_table, events, events_export, events_for, object_types
from .recording import object_key, record

__all__ = [
    "READ_THE_TRAIL",
    "event_db_table",
    "events",
    "events_export",
    "events_for",
    "object_key",
    "object_types",
    "record",
]
