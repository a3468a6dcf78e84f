"""The program in figures: the OKR dashboard and GET /api/v1/program/stats/ (figures.py), the public
impact page (impact.py), over a period read from `?cycle=&since=&until=` (period.py). The pages and
the REST API call these."""

from __future__ import annotations

from .figures import FUNNEL_LABELS, program_figures
from .impact import SMALLEST_SHOWN, hidden_words, impact_figures
from .period import Period, cycle_year, period_years, program_start, read_period

__all__ = [
    "FUNNEL_LABELS",
    "SMALLEST_SHOWN",
    "Period",
    "cycle_year",
    "figures_seen_by",
    "hidden_words",
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


def figures_seen_by(user, period: Period) -> dict:
    """The program's figures as `user` may read them: the screening reasons of ineligible
    nominations only for program admins (`program.view_ineligible_reasons`); for the others each
    cycle's list of reasons is empty and `ineligible_reasons_shown` false."""
    figures = program_figures(period)
    shown = user.has_perm("program.view_ineligible_reasons")
    for cycle in figures["cycles"]:
        cycle["ineligible_reasons_shown"] = shown
        if not shown:
            cycle["ineligible_reasons"] = []
    return figures
