"""The period the figures cover, read from `?cycle=&since=&until=` (the dashboard's form and the
stats API alike), with a field-level error for each bad parameter.

- `cycle`: that cycle's figures (its funnel, its panel) over the cycle's year: from its announcement
  to the day before the announcement's anniversary (a cohort announced on 29 February 2024 has its
  year to 28 February 2025).
- `since`, `until` (YYYY-MM-DD): the period; they override the cycle's year when both are given.
  `until` defaults to today, `since` to the day after `until`'s date a year earlier: the twelve
  months up to `until`.
- The cycles listed are those whose life (nominations open to closing) meets the period, or the one
  asked for. The members are counted on the period's last day, or today when it ends later.
- The targets that apply are the cycle's asked for, else those of the latest cycle announced by the
  period's end, else the first cycle's (the program's first year), else the definition's defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from distinguished.membership import api as membership
from distinguished.program import api as program


@dataclass(frozen=True)
class Period:
    since: dt.date
    until: dt.date
    today: dt.date
    cycle: object | None  # the cycle asked for
    cycles: tuple  # the cycles the figures list, oldest first
    targets_cycle: object | None  # whose targets apply

    @property
    def as_of(self) -> dt.date:
        """The day members are counted on: the period's last day, or today if it ends later."""
        return min(self.until, self.today)

    @property
    def years(self) -> float:
        """The period's length in years: whole years counted on the calendar (29 February to 28
        February is one), the rest in days of 365."""
        return period_years(self.since, self.until)


def period_years(since: dt.date, until: dt.date) -> float:
    years = 0
    while membership.add_years(since, years + 1) - dt.timedelta(days=1) <= until:
        years += 1
    rest = (until - membership.add_years(since, years)).days + 1
    return years + rest / 365


# Periods are counted in years both ways from these dates: far from the calendar's ends.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def _date(value: str, name: str, errors: dict) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[name] = [
            _("“%(value)s” is not a date; use YYYY-MM-DD, such as 2025-07-01.") % {"value": value}
        ]
        return None
    if not EARLIEST <= day <= LATEST:
        errors[name] = [
            _(
                "Give a date from %(earliest)s to %(latest)s: the program's figures start in "
                "the twentieth century at the earliest."
            )
            % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
        ]
        return None
    return day


def cycle_year(cycle) -> tuple[dt.date, dt.date]:
    """From the cycle's announcement to the day before its anniversary."""
    return cycle.announcement_date, membership.add_years(cycle.announcement_date, 1) - dt.timedelta(days=1)


def read_period(params, today: dt.date | None = None) -> Period:
    """The period of `?cycle=&since=&until=`; a ValidationError names each bad parameter."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    all_cycles = sorted(program.cycles(), key=lambda c: (c.nominations_open, c.pk))
    cycle = _cycle((params.get("cycle") or "").strip(), all_cycles, errors)
    since = _date(params.get("since"), "since", errors)
    until = _date(params.get("until"), "until", errors)
    if errors:
        raise ValidationError(errors)
    since, until = _bounds(cycle, since, until, today)
    return Period(
        since=since,
        until=until,
        today=today,
        cycle=cycle,
        cycles=_listed(cycle, all_cycles, since, until),
        targets_cycle=_targets_cycle(cycle, all_cycles, until),
    )


def _cycle(slug: str, all_cycles: list, errors: dict):
    """The cycle asked for, if any; an unknown one is an error naming the cycles there are."""
    if not slug:
        return None
    cycle = next((c for c in all_cycles if c.slug == slug), None)
    if cycle is None and all_cycles:
        known = ", ".join(c.slug for c in all_cycles)
        errors["cycle"] = [
            _("No cycle “%(slug)s”; the cycles are %(known)s.") % {"slug": slug, "known": known}
        ]
    elif cycle is None:
        errors["cycle"] = [_("No cycle “%(slug)s”; the cycles are none yet.") % {"slug": slug}]
    return cycle


def _bounds(cycle, since: dt.date | None, until: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period's first and last days: the cycle's year when neither is given, else `until`
    or today, and `since` or the twelve months up to `until`; a period ending before it starts is
    an error."""
    if cycle is not None and since is None and until is None:
        since, until = cycle_year(cycle)
    until = until or today
    since = since or membership.add_years(until, -1) + dt.timedelta(days=1)
    if since > until:
        raise ValidationError(
            {
                "since": [
                    _("The period starts (%(since)s) after it ends (%(until)s).")
                    % {"since": since.isoformat(), "until": until.isoformat()}
                ]
            }
        )
    return since, until


def _listed(cycle, all_cycles: list, since: dt.date, until: dt.date) -> tuple:
    """The cycles the figures list: the one asked for, else those whose life meets the period."""
    if cycle is not None:
        return (cycle,)
    return tuple(c for c in all_cycles if c.nominations_open <= until and c.closes_on >= since)


def _targets_cycle(cycle, all_cycles: list, until: dt.date):
    """Whose targets apply: the cycle asked for, else the latest announced by the period's end,
    else the first cycle (the program's first year), else none (the definition's defaults)."""
    if cycle is not None:
        return cycle
    announced = [c for c in all_cycles if c.announcement_date <= until]
    if announced:
        return max(announced, key=lambda c: (c.announcement_date, c.pk))
    return all_cycles[0] if all_cycles else None


def program_start() -> dt.date | None:
    """The first day the figures can say anything about: the first cycle's opening, or the first
    day of an earlier cohort's term recorded since."""
    days = [c.nominations_open for c in program.cycles()] + [membership.first_term_start()]
    return min((day for day in days if day is not None), default=None)
