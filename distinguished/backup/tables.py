"""Which tables a backup holds, and how one row becomes JSON and back.

A backup holds every row the installed apps keep, table by table, with their primary keys, so that
every reference (a foreign key, an audit event's `object_id`, a credential's status index) means the
same after a restore. Rows are read with `values_list` over the concrete columns — no model
methods, no signals — and written back the same way (`bulk_create`).

Two kinds of rows are not data but made by `migrate` on every database, with ids that differ from one
database to the next: content types and permissions. They are left out, and a column that refers to
one holds its natural key instead (`["app_label", "model"]`, `["app_label", "codename"]`), which the
restore turns back into the local id. Sessions are left out: they are sign-ins, not data; so are the
stored program figures and their log of changes, computed from the data (decision 0016).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import decimal
import uuid

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.duration import duration_iso_string

# Made by `migrate` (referred to by natural key) or not data at all: the stored program figures
# and their log of changes are computed from the data, and again at the first read after a restore.
LEFT_OUT = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "stats.storedfigures",
    "stats.figureschange",
}


@dataclasses.dataclass(frozen=True)
class Table:
    """One table of the archive: a model, or the hidden model of a many-to-many field."""

    model: type[models.Model]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def fields(self) -> list[models.Field]:
        return [field for field in self.model._meta.concrete_fields]

    @property
    def columns(self) -> list[str]:
        return [field.attname for field in self.fields]


def tables() -> list[Table]:
    """Every table a backup holds, in a stable order (apps as installed, then models, then the
    many-to-many tables of each model right after it)."""
    found: list[Table] = []
    for model in apps.get_models(include_auto_created=False):
        if model._meta.label_lower in LEFT_OUT or not model._meta.managed or model._meta.proxy:
            continue
        found.append(Table(model))
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                found.append(Table(through))
    return found


def by_label() -> dict[str, Table]:
    return {table.label: table for table in tables()}


class NaturalKeys:
    """Content type and permission ids of this database, both ways."""

    def __init__(self):
        self._types = {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()}
        self._type_ids = {tuple(key): pk for pk, key in self._types.items()}
        self._permissions = {
            pk: [app_label, codename]
            for pk, app_label, codename in Permission.objects.values_list(
                "pk", "content_type__app_label", "codename"
            )
        }
        self._permission_ids = {tuple(key): pk for pk, key in self._permissions.items()}

    def out(self, model, value):
        if value is None:
            return None
        return (self._types if model is ContentType else self._permissions)[value]

    def back(self, model, value):
        """The local id of a natural key; a content type that this database lacks is made, as
        Django makes them; a permission it lacks is an error (ValueError)."""
        if value is None:
            return None
        key = tuple(value)
        if model is ContentType:
            if key not in self._type_ids:
                self._type_ids[key] = ContentType.objects.get_or_create(app_label=key[0], model=key[1])[0].pk
            return self._type_ids[key]
        if key not in self._permission_ids:
            raise ValueError(f"the permission {'.'.join(key)} does not exist in this database")
        return self._permission_ids[key]


def _natural(field) -> type[models.Model] | None:
    related = getattr(field, "related_model", None)
    return related if related in (ContentType, Permission) else None


def row_out(table: Table, values: tuple, keys: NaturalKeys) -> list:
    """A row as JSON values, in the order of `table.columns`."""
    row = []
    for field, value in zip(table.fields, values, strict=True):
        natural = _natural(field)
        if natural is not None:
            value = keys.out(natural, value)
        elif isinstance(field, models.BinaryField) and value is not None:
            value = base64.b64encode(bytes(value)).decode("ascii")
        elif not isinstance(field, models.JSONField):
            value = _plain(value)
        row.append(value)
    return row


def _plain(value):
    """A column's value as JSON, exactly (datetimes keep their microseconds and offset)."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def row_back(table: Table, columns: list[str], row: list, keys: NaturalKeys) -> models.Model:
    """The unsaved instance of a row read from an archive."""
    fields = {field.attname: field for field in table.fields}
    values = {}
    for column, value in zip(columns, row, strict=True):
        field = fields[column]
        natural = _natural(field)
        if natural is not None:
            value = keys.back(natural, value)
        elif isinstance(field, models.BinaryField) and value is not None:
            value = base64.b64decode(value)
        elif value is not None and not isinstance(field, models.JSONField):
            value = field.to_python(value)
        values[column] = value
    return table.model(**values)
