"""Who reads the program's figures, and what each of them sees: the dashboard and the REST API are
for program admins, panel chairs and the Axim approver; the screening reasons of ineligible
nominations only for program admins."""

from __future__ import annotations

from .figures import program_figures
from .period import Period

__all__ = ["figures_seen_by", "may_read_figures"]


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
