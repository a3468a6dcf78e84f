"""The program in figures: the OKR dashboard and GET /api/v1/program/stats/ (figures.py), the public
impact page (impact.py), over a period read from `?cycle=&since=&until=` (period.py). The pages and
the REST API call these; who may read them, and what each sees, is readers.py."""

from __future__ import annotations

from .figures import FUNNEL_LABELS, program_figures
from .impact import SMALLEST_SHOWN, hidden_words, impact_figures
from .period import Period, cycle_year, period_years, program_start, read_period
from .readers import figures_seen_by, may_read_figures

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
