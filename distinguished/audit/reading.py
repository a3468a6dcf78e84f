"""Reading the audit trail: the events about one object, the trail narrowed by filters (for the
audit page, its download and the API), the kinds of object it holds, and its table for raw SQL."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from distinguished.core.exports import Table

from .exports import event_table
from .models import AuditEvent
from .recording import object_key

__all__ = ["READ_THE_TRAIL", "event_db_table", "events", "events_export", "events_for", "object_types"]

# Who reads the trail (the audit page, its download, the API): program admins, a permission the
# people app's rules name (this app, the lowest, imports none above it).
READ_THE_TRAIL = "distinguished.admin"


def events_for(obj: models.Model):
    """Every event about one object, newest first."""
    object_type, object_id = object_key(obj)
    return AuditEvent.objects.filter(object_type=object_type, object_id=object_id)


def events(*, object_type: str | None = None, object_id: str | None = None, verb: str | None = None):
    """The trail, newest first, narrowed by whichever filters are given."""
    queryset = AuditEvent.objects.all()
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
    return AuditEvent._meta.db_table


def object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())
