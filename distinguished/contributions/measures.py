"""How each kind of measure (a key result's `aggregate`, program.enums.Aggregate) is measured: the
column the key-results query computes in the database over the rows of the key result's kinds, and
the value made from it for one contributor over a window.

A new kind of measure is a member of `Aggregate` and a `Measure` here (docs/extending.md); the app
refuses to start while an `Aggregate` has no `Measure`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Case, Count, F, FloatField, Max, Q, Sum, Value, When

from distinguished.program import api as program

from .scorecard import ZERO, Window

Aggregate = program.Aggregate
# The contribution kinds whose quantity counts people (or certifications granted to people).
PEOPLE = "people"


def _people_kinds():
    """The codes of the kinds counted in people, as a subquery (no query of its own)."""
    return program.contribution_kinds().filter(quantity=PEOPLE).order_by().values("code")


def _count(condition: Q):
    return Count("id", filter=condition)


def _sum(condition: Q):
    # A certification (or a mentorship) recorded without a number is one person. Floats from the
    # database, made Decimal once per value used: cheaper than a Decimal converter on every cell,
    # and exact once rounded to cents.
    quantity = Case(
        When(Q(quantity__isnull=True) & Q(kind__in=_people_kinds()), then=Value(1.0)),
        default=F("quantity"),
        output_field=FloatField(),
    )
    return Sum(quantity, filter=condition, output_field=FloatField())


def _max(condition: Q):
    return Max("quantity", filter=condition, output_field=FloatField())


def _as_is(raw: Decimal, contributor, window: Window) -> Decimal:
    return raw


def _per_week(raw: Decimal, contributor, window: Window) -> Decimal:
    return raw * 7 / Decimal(max(window.days, 1))


def _share_of_employees(raw: Decimal, contributor, window: Window) -> Decimal:
    employees = contributor.employees or 0
    return raw * 100 / employees if employees else ZERO


@dataclass(frozen=True)
class Measure:
    column: Callable[[Q], object]  # the database aggregate over the rows matching a condition
    value: Callable[[Decimal, object, Window], Decimal]  # (raw, contributor, window) -> the value
    yearly: bool  # a `period: year` key result's value is scaled to twelve months


MEASURES: dict[str, Measure] = {
    Aggregate.COUNT: Measure(_count, _as_is, yearly=True),
    Aggregate.SUM: Measure(_sum, _as_is, yearly=True),
    Aggregate.MAX: Measure(_max, _as_is, yearly=False),
    Aggregate.RATE: Measure(_count, _per_week, yearly=False),
    Aggregate.SHARE: Measure(_max, _share_of_employees, yearly=False),
}


def unmeasured(aggregates: Iterable[str] = Aggregate) -> list[str]:
    """The kinds of measure among `aggregates` that have no Measure here."""
    return [str(aggregate) for aggregate in aggregates if aggregate not in MEASURES]


def check_every_kind_is_measured(aggregates: Iterable[str] = Aggregate) -> None:
    missing = unmeasured(aggregates)
    if missing:
        raise ImproperlyConfigured(
            f"program.enums.Aggregate has {', '.join(missing)} but contributions/measures.py does not "
            "measure it: add a Measure to MEASURES (docs/extending.md)."
        )


check_every_kind_is_measured()
