"""The one place that writes imported contributions: `import_contribution`, idempotent by (source,
external id) and safe against a concurrent run, and `imported_ids`, what is already there."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from ..models import Contribution


def import_contribution(
    *,
    source: str,
    external_id: str,
    contributor_id: int,
    kind: str,
    date: dt.date,
    title: str,
    url: str,
    major: bool = False,
    recorded_by=None,
) -> bool:
    """Record one imported contribution unless (source, external_id) is already there.
    True when created. Safe against a concurrent run importing the same record."""
    title = " ".join((title or "").split())[:300] or "(untitled)"
    try:
        with transaction.atomic():
            _, created = Contribution.objects.get_or_create(
                source=source,
                external_id=external_id,
                defaults={
                    "contributor_id": contributor_id,
                    "kind": kind,
                    "date": date,
                    "title": title,
                    "url": url[:500],
                    "major": major,
                    "recorded_by": recorded_by,
                    # The source's own record is the evidence.
                    "verified": True,
                },
            )
    except IntegrityError:
        return False
    return created


def imported_ids(source: str, external_ids) -> set[str]:
    """Which of these external ids are already imported (one query)."""
    return set(
        Contribution.objects.filter(source=source, external_id__in=list(external_ids)).values_list(
            "external_id", flat=True
        )
    )
