"""The program's own targets (the definition's `program_targets`, set per cycle) against what the
figures say, met or not.

- active_members: the members active on the period's last day (or today), at least the target.
- retention: of the terms that ended in the period, the % renewed, at least the target; not
  measurable (met: null) while no term ended.
- member_contributions: the contributions of the target's kinds that members made in the period,
  a year: the count divided by the period's length in years (a period of one year, such as a
  cycle's year, divides by 1), at least the target.
"""

from __future__ import annotations

from decimal import Decimal

from distinguished.membership import api as membership
from distinguished.program import api as program

from .period import Period


def _targets(period: Period) -> list[tuple]:
    """(program target, its value) for the period's targets cycle, else the definition's defaults."""
    if period.targets_cycle is not None:
        return [(t.program_target, t.target) for t in program.program_targets_of(period.targets_cycle)]
    loaded = program.program_settings()
    if loaded is None:
        return []
    return [(t, t.default_target) for t in loaded.program_targets.order_by("position")]


def measured_kinds(period: Period) -> list[tuple[str, ...]]:
    """The contribution kinds of each member_contributions target of the period, for
    `member_contributions` (counted once, or read from the stored figures)."""
    return [
        tuple(goal.kinds)
        for goal, _ in _targets(period)
        if goal.measure == program.TargetMeasure.MEMBER_CONTRIBUTIONS
    ]


def measure_objectives(
    period: Period, *, active: int, retention, contributions: dict | None = None
) -> list[dict]:
    """One row per program target: `{code, name, description, measure, unit, target, actual, met}`;
    `actual` is None (and `met` None) when nothing can be measured yet. A member_contributions row
    also says `count` (in the period) and `years` (the period's length). `contributions`: {kinds:
    the contributions of those kinds members made in the period} already counted."""
    rows = []
    for goal, target in _targets(period):
        row = {
            "code": goal.code,
            "name": goal.name,
            "description": goal.description,
            "measure": goal.measure,
            "unit": goal.unit,
            "target": float(target),
        }
        if goal.measure == program.TargetMeasure.ACTIVE_MEMBERS:
            actual = float(active)
        elif goal.measure == program.TargetMeasure.RETENTION:
            actual = retention.rate
        else:
            kinds = tuple(goal.kinds)
            if contributions is not None and kinds in contributions:
                count = contributions[kinds]
            else:
                count = membership.member_contributions(goal.kinds, period.since, period.as_of)
            years = period.years
            actual = round(count / years, 2)
            row |= {"count": count, "years": round(years, 2)}
        row["actual"] = actual
        row["met"] = None if actual is None else Decimal(str(actual)) >= target
        rows.append(row)
    return rows
