"""Write and read the audit trail. Every state-changing function in the apps calls `record`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from distinguished.core.exports import Table

from .exports import event_table
from .models import AuditEvent as _AuditEvent  # the rows, reached only through these functions

# Who reads the trail (the audit page, its download, the API): program admins, a permission the
# people app's rules name (this app, the lowest, imports none above it).
READ_THE_TRAIL = "distinguished.admin"


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
) -> _AuditEvent:
    """Append one event. `actor` is a user or None for the system (migrations, nightly jobs)."""
    object_type, object_id = object_key(obj)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return _AuditEvent.objects.create(
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


def events_for(obj: models.Model):
    """Every event about one object, newest first."""
    object_type, object_id = object_key(obj)
    return _AuditEvent.objects.filter(object_type=object_type, object_id=object_id)


def events(*, object_type: str | None = None, object_id: str | None = None, verb: str | None = None):
    """The trail, newest first, narrowed by whichever filters are given."""
    queryset = _AuditEvent.objects.all()
    if object_type:
        queryset = queryset.filter(object_type=object_type)
    if object_id:
        queryset = queryset.filter(object_id=object_id)
    if verb:
        queryset = queryset.filter(verb=verb)
    return queryset


def events_export(user, *, object_type: str = "", object_id: str = "", verb: str = "") -> Table:
    """`events(...)` as a table to download, in the audit page's words; program admins only."""
    if not user.has_perm(READ_THE_TRAIL):
        raise PermissionDenied(_("Only program admins read the audit trail."))
    return event_table(events(object_type=object_type, object_id=object_id, verb=verb))


def event_db_table() -> str:
    """The database table of the trail, for the raw SQL another app runs on it (the directory's
    data stamp reads its newest id)."""
    return _AuditEvent._meta.db_table


def object_types() -> list[str]:
    return list(_AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())
