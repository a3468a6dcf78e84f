"""What a scorecard says: the window it measures, each key result's value (with its verified part)
against its target and the contributions behind it, and the track's requirements met. The numbers
come from the key-results engine (key_results.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from distinguished.program import api as program

ZERO = Decimal(0)


@dataclass(frozen=True)
class Window:
    start: dt.date  # exclusive
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def __str__(self) -> str:
        return f"{program.human(self.start + dt.timedelta(days=1))} – {program.human(self.end)}"


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def nomination_window(cycle) -> Window:
    """The months (the definition's `key_result_window_months`, 12 by default) before
    nominations close."""
    months = program.key_result_window_months()
    return Window(start=add_months(cycle.nominations_close, -months), end=cycle.nominations_close)


def term_window(start: dt.date, end: dt.date) -> Window:
    """A membership term, for renewals."""
    return Window(start=start - dt.timedelta(days=1), end=end)


@dataclass
class KeyResultValue:
    code: str
    label: str
    unit: str
    period: str
    aggregate: str
    tier: str
    group: str
    target: Decimal
    value: Decimal
    met: bool
    # The part of the value that verified contributions make.
    verified_value: Decimal = ZERO
    verified_met: bool = False
    contributions: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "label": self.label,
            "unit": self.unit,
            "period": self.period,
            "aggregate": self.aggregate,
            "tier": self.tier or None,
            "group": self.group or None,
            "value": float(self.value),
            "verified_value": float(self.verified_value),
            "target": float(self.target),
            "met": self.met,
            "verified_met": self.verified_met,
            "contributions": [
                {
                    "id": c.pk,
                    "kind": c.kind,
                    "date": c.date.isoformat(),
                    "title": c.title,
                    "url": c.url,
                    "quantity": None if c.quantity is None else float(c.quantity),
                    "major": c.major,
                    "contributor": c.contributor_id,
                    "source": c.source,
                    "verified": c.verified,
                }
                for c in self.contributions
            ],
        }


@dataclass
class Scorecard:
    contributor_id: int
    track: str
    window: Window
    key_results: list[KeyResultValue]
    groups: list[dict]

    def _requirements(self, verified: bool) -> list[bool]:
        """Met or not, per requirement: each key result outside an any-of group, each any-of group."""
        attribute = "verified_met" if verified else "met"
        either = {code for g in self.groups if g["logic"] == "any" for code in g["key_results"]}
        single = [getattr(kr, attribute) for kr in self.key_results if kr.code not in either]
        groups = [g[attribute] for g in self.groups if g["logic"] == "any"]
        return single + groups

    @property
    def met(self) -> int:
        return sum(self._requirements(verified=False))

    @property
    def verified_met(self) -> int:
        """Requirements met by verified contributions alone."""
        return sum(self._requirements(verified=True))

    @property
    def total(self) -> int:
        return len(self._requirements(verified=False))

    @property
    def qualifies(self) -> bool | None:
        """Whether every requirement of a track with groups is met (a partner through either of
        its tier's pathways and both participation key results); None for a track without groups."""
        return self.met == self.total if self.groups else None

    def as_dict(self) -> dict:
        return {
            "contributor": self.contributor_id,
            "track": self.track,
            "window": {
                "start": (self.window.start + dt.timedelta(days=1)).isoformat(),
                "end": self.window.end.isoformat(),
            },
            "key_results": [kr.as_dict() for kr in self.key_results],
            "groups": self.groups,
            "met": self.met,
            "verified_met": self.verified_met,
            "total": self.total,
            "qualifies": self.qualifies,
        }
