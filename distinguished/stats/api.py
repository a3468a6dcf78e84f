"""The program in figures: the OKR dashboard and GET /api/v1/program/stats/ (figures.py), the public
impact page (impact.py), over a period read from `?cycle=&since=&until=` (period.py). The pages and
the REST API call these."""

from __future__ import annotations

from .figures import FUNNEL_LABELS, program_figures
from .impact import SMALLEST_SHOWN, impact_figures
from .period import Period, cycle_year, period_years, program_start, read_period

__all__ = [
    "FUNNEL_LABELS",
    "SMALLEST_SHOWN",
    "Period",
    "cycle_year",
    "impact_figures",
    "may_read_figures",
    "period_years",
    "program_figures",
    "program_start",
    "read_period",
]


def may_read_figures(user) -> bool:
    """Program admins, panel chairs and the Axim approver (`program.view_stats`)."""
    return user.has_perm("program.view_stats")
