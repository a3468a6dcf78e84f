"""Writing the audit trail: one event appended per change. Every state-changing function in the
apps calls `record`; `object_key` is the (type, id) under which an object's events are filed."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent

__all__ = ["object_key", "record"]


def object_key(obj: models.Model) -> tuple[str, str]:
    """The (type, id) pair under which events about `obj` are filed."""
    return obj._meta.label_lower, str(obj.pk)


def record(
    *,
    actor,
    verb: str,
    obj: models.Model,
    from_state: Any = "",
    to_state: Any = "",
    reason: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one event. `actor` is a user or None for the system (migrations, nightly jobs)."""
    object_type, object_id = object_key(obj)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_name=actor.get_username() if actor_id else "system",
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        object_repr=str(obj)[:200],
        from_state="" if from_state is None else str(from_state)[:200],
        to_state="" if to_state is None else str(to_state)[:200],
        reason=reason or "",
        data=data or {},
    )
