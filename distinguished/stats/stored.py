"""The program's figures, stored (decision 0015): each part of the dashboard is computed once and
kept with a stamp of what it rests on, and read back while that stamp is unchanged; a read that
finds another stamp recomputes the part and stores it again. The figures a reader sees are always
those of the data as it is.

What a stamp holds:
- a cycle's part (its funnel, reasons, endorsements, panel, days to a decision): aggregates of the
  cycle's own rows, read through its index (`nominations.cycle_stamps`, `review.panel_stamps`);
- the members' part (counts, retention, each cohort's new members) and the key results' readiness:
  the last term's and the last contribution's ids (rows made in bulk), and the count and sum of the
  rows of `FiguresChange` written by the receivers below for every term, contribution, contributor
  or program row saved or deleted through Django, in the same transaction as the change. A count
  and a sum (not the last id) because ids are handed out before commit: a change committed after a
  later one still moves them.

Both parts are keyed by what they are computed for (the day members are counted on, the period's
first day, the cycle whose targets apply), so that tomorrow's figures are new ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import connection
from django.db.models import Count, Max, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from .models import FiguresChange, StoredFigures

__all__ = [
    "WATCHED",
    "changes_stamp",
    "connect",
    "keep",
    "kept",
    "stamp_of",
]

# The rows the members' part and the readiness rest on (saved or deleted one by one), by scope.
WATCHED = {
    "membership.Membership": "terms",
    "contributions.Contribution": "contributions",
    "people.Contributor": "people",
    "program.Program": "program",
    "program.ContributionKind": "program",
    "program.Track": "program",
    "program.KeyResultGroup": "program",
    "program.KeyResult": "program",
    "program.PanelGroup": "program",
    "program.CycleTarget": "program",
}
# Stored figures computed this long ago are forgotten when others are stored (a custom period's).
FORGET_AFTER = dt.timedelta(days=7)
# The changes log is emptied of rows older than this (a transaction never runs that long).
CHANGES_KEPT = dt.timedelta(days=1)


# Rows whose making alone changes nothing the stamps do not already see: a new term or contribution
# moves its table's stamp (the last ids), a new contributor counts only once it has either.
MADE_SEEN = {"membership.Membership", "contributions.Contribution", "people.Contributor"}


def _changed(sender, created: bool = False, **kwargs) -> None:
    label = sender._meta.label
    if not (created and label in MADE_SEEN):
        FiguresChange.objects.create(scope=WATCHED[label])


def connect() -> None:
    """Log every save and delete of the watched rows (StatsConfig.ready)."""
    for label in WATCHED:
        post_save.connect(_changed, sender=label, dispatch_uid=f"stats.saved.{label}")
        post_delete.connect(_changed, sender=label, dispatch_uid=f"stats.deleted.{label}")


def changes_stamp() -> dict[str, str]:
    """{scope: "count:sum"} of the changes logged. One query."""
    rows = FiguresChange.objects.values_list("scope").annotate(n=Count("id"), ids=Sum("id")).order_by()
    return {scope: f"{n}:{total}" for scope, n, total in rows}


def stamp_of(*parts) -> str:
    """One short stamp of its parts."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()


def kept(wanted: dict[str, str]) -> dict[str, object]:
    """{key: value} of the stored figures of `wanted` ({key: stamp}) whose stamp is the one given.
    One query."""
    rows = StoredFigures.objects.filter(key__in=list(wanted)).values_list("key", "stamp", "value")
    return {key: value for key, stamp, value in rows if wanted[key] == stamp}


def keep(found: dict[str, tuple[str, object]]) -> None:
    """Store {key: (stamp, value)} (one statement, whoever stored them before), forget figures not
    computed for a week and changes a day old, with the figures stored before those changes. Three
    queries, five when changes are forgotten."""
    now = timezone.now()
    # MySQL and MariaDB update on any unique key and take no target; the others need it named.
    target = ["key"] if connection.features.supports_update_conflicts_with_target else None
    StoredFigures.objects.bulk_create(
        [
            StoredFigures(key=key, stamp=stamp, value=value, computed=now)
            for key, (stamp, value) in found.items()
        ],
        update_conflicts=True,
        unique_fields=target,
        update_fields=["stamp", "value", "computed"],
    )
    StoredFigures.objects.filter(computed__lt=now - FORGET_AFTER).delete()
    old = FiguresChange.objects.filter(created__lt=now - CHANGES_KEPT)
    newest = old.aggregate(newest=Max("created"))["newest"]
    if newest is not None:
        # A figure stored before a change it has not seen would find its stamp again once the
        # change is forgotten (the log's count and sum back where they were): forget it too.
        StoredFigures.objects.filter(computed__lte=newest).delete()
        old.delete()
