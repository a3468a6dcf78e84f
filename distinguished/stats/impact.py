"""The public impact page's figures: aggregates only, never a name, and never a count small enough
to point at a person who chose not to be listed in the directory.

The rule (docs/decisions/0011-program-figures.md):
- A count of members from 1 to 2 is shown as “fewer than 3” (`SMALLEST_SHOWN`); 0 and 3 or more are
  shown as they are. This holds for every count of people: in all, for life, per track, per
  partner tier, per cohort.
- When exactly one count of a breakdown (tracks, tiers) is hidden, the smallest other count above 0
  is withheld too (“not shown”), so that no hidden count can be worked out by subtracting the
  others from a total.
- A retention rate is shown only when at least 3 terms ended in its period (a rate of 1 or 2 terms
  says whether those members renewed).
- Only announced cohorts are shown; nothing of a cycle under way (nominations, screening, the
  panel) is public.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from distinguished.program import api as program

from .figures import member_figures, retention_figures
from .objectives import measure_objectives, measured_kinds
from .parts import cohort_sizes, members_part
from .period import Period

SMALLEST_SHOWN = 3
FEWER = f"fewer than {SMALLEST_SHOWN}"
# A count hidden only so that a smaller one cannot be worked out from it and the total.
WITHHELD = "not shown"
# FEWER and WITHHELD stay English in the figures (the markers tests and callers compare): pages
# show them through hidden_words, in the reader's language.


def hidden_words(value):
    """A count as a page reads it: a hidden one in words, in the reader's language."""
    if value == FEWER:
        return _("fewer than %(smallest)s") % {"smallest": SMALLEST_SHOWN}
    if value == WITHHELD:
        return _("not shown")
    return value


def shown(count: int) -> int | str:
    """The count, or “fewer than 3”."""
    return FEWER if 0 < count < SMALLEST_SHOWN else count


def protect(counts: dict[str, int]) -> dict[str, int | str]:
    """A breakdown with its small counts hidden, and one more when a single one is hidden."""
    hidden = {key for key, count in counts.items() if 0 < count < SMALLEST_SHOWN}
    withheld = set()
    if len(hidden) == 1:
        others = sorted((count, key) for key, count in counts.items() if key not in hidden and count > 0)
        if others:
            withheld.add(others[0][1])
    return {
        key: FEWER if key in hidden else WITHHELD if key in withheld else count
        for key, count in counts.items()
    }


def _rate(ended: int, rate):
    return rate if ended >= SMALLEST_SHOWN else None


def impact_figures(period: Period) -> dict:
    """What the public page shows for the period (the twelve months up to today by default)."""
    part = members_part(period, kinds=measured_kinds(period))
    members = member_figures(period, part)
    retention, by_year = retention_figures(period, part)
    announced = [
        c
        for c in sorted(program.cycles(), key=lambda c: (c.announcement_date, c.pk))
        if c.phase in (program.Phase.ANNOUNCED, program.Phase.CLOSED)
    ]
    cohorts = cohort_sizes(part)
    objectives = measure_objectives(
        period, active=members["active_members"], retention=retention, contributions=part.get("contributions")
    )
    for row in objectives:
        if row["measure"] == program.TargetMeasure.ACTIVE_MEMBERS:
            if shown(members["active_members"]) == FEWER:
                row["actual"] = None  # “fewer than 3”; whether the target is met stays shown
        elif row["measure"] == program.TargetMeasure.RETENTION and _rate(retention.ended, 0) is None:
            row["actual"] = row["met"] = None
    return {
        "as_of": members["as_of"],
        "since": period.since,
        "active_members": shown(members["active_members"]),
        "lifetime_members": shown(members["lifetime_members"]),
        "active_by_track": protect(members["active_by_track"]),
        "track_names": members["track_names"],
        "active_by_tier": protect(members["active_by_tier"]),
        "retention_rate": _rate(retention.ended, retention.rate),
        "retention_by_year": [
            {"year": row["year"], "rate": _rate(row["ended"], row["rate"])} for row in by_year
        ],
        "cohorts": [
            {
                "cycle": c.slug,
                "name": c.name,
                "announced": c.announcement_date,
                "new_members": shown(cohorts.get(c.pk, 0)),
            }
            for c in announced
        ],
        "objectives": objectives,
    }
