"""Every figure of the program's dashboard and of GET /api/v1/program/stats/, for one period
(period.py), read through each app's `api.py` (their stats.py) or from the stored figures while
what they rest on is unchanged (parts.py, stored.py). A fixed number of queries: the same at 1,000
members as at 100,000.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from distinguished.membership import api as membership
from distinguished.program import api as program

from .objectives import measure_objectives, measured_kinds
from .parts import cohort_sizes, cycle_parts, key_results_readiness, members_part
from .period import Period

# The funnel's stages as the dashboard names them, in order (API.md's names, and ours added).
FUNNEL_LABELS = {
    "started": _("Nominations started"),
    "draft": _("Still drafts"),
    "submitted": _("Submitted"),
    "consent": _("Nominee consented"),
    "eligible": _("Eligible"),
    "ineligible": _("Ineligible"),
    "reviewed": _("Reviewed"),
    "selected": _("Selected"),
    "declined": _("Declined"),
    "deferred": _("Deferred"),
    "withdrawn": _("Withdrawn"),
    "carried_in": _("Carried in (deferred before)"),
}


def _tracks():
    loaded = program.program_settings()
    return [(t.code, t.name) for t in program.tracks_of(loaded)] if loaded else []


def member_figures(period: Period, part: dict | None = None) -> dict:
    """Who is a member on the period's last day (or today), every track and tier listed. `part`:
    the members' part already read (`members_part`)."""
    counts = (part or members_part(period))["counts"]
    tracks = _tracks()
    by_track = {code: counts["by_track"].get(code, 0) for code, _ in tracks}
    by_tier = {"larger": counts["by_tier"].get("larger", 0), "smaller": counts["by_tier"].get("smaller", 0)}
    if counts["by_tier"].get(""):
        by_tier["unknown"] = counts["by_tier"][""]
    return {
        "as_of": period.as_of,
        "track_names": dict(tracks),
        "active_members": counts["active"],
        "active_by_track": by_track,
        "active_by_tier": by_tier,
        "lifetime_members": counts["lifetime"],
    }


def retention_figures(period: Period, part: dict | None = None) -> tuple:
    """(the period's retention, the rows year by year) over the terms that ended by its last day."""
    by_year = {
        year: membership.Retention(ended, renewed)
        for year, ended, renewed in (part or members_part(period))["retention"]
    }
    total = membership.Retention(
        ended=sum(r.ended for r in by_year.values()), renewed=sum(r.renewed for r in by_year.values())
    )
    rows = [
        {"year": year, "ended": r.ended, "renewed": r.renewed, "rate": r.rate} for year, r in by_year.items()
    ]
    return total, rows


def cycle_figures(period: Period, cohorts: dict[int, int] | None = None) -> list[dict]:
    """Each listed cycle: its new members, funnel, reasons for ineligibility, endorsements, panel
    and days to a decision. `cohorts`: {cycle id: new members} already read."""
    if cohorts is None:
        cohorts = cohort_sizes(members_part(period))
    parts = cycle_parts([c.pk for c in period.cycles])
    rows = []
    for cycle in period.cycles:
        part = parts[cycle.pk]
        funnel = dict(part["funnel"])
        funnel["reviewed"] = part["panel"]["reviewed"]
        rows.append(
            {
                "cycle": cycle.slug,
                "name": cycle.name,
                "announcement_date": cycle.announcement_date,
                "phase": cycle.phase,
                "new_members": cohorts.get(cycle.pk, 0),
                "funnel": {stage: funnel[stage] for stage in FUNNEL_LABELS},
                "ineligible_reasons": [{"reason": r, "nominations": n} for r, n in part["reasons"]],
                "endorsements": part["endorsements"],
                "panel": part["panel"],
                "decision_days_median": part["days"],
            }
        )
    return rows


def program_figures(period: Period) -> dict:
    """Everything the dashboard shows (API.md's names, and more)."""
    part = members_part(period, with_readiness=True, kinds=measured_kinds(period))
    members = member_figures(period, part)
    retention, by_year = retention_figures(period, part)
    targets_cycle = period.targets_cycle
    return {
        "period": {
            "since": period.since,
            "until": period.until,
            "as_of": period.as_of,
            "cycle": period.cycle.slug if period.cycle else None,
            "targets_cycle": targets_cycle.slug if targets_cycle else None,
        },
        **members,
        "retention": {"ended": retention.ended, "renewed": retention.renewed, "rate": retention.rate},
        "retention_by_year": by_year,
        "cycles": cycle_figures(period, cohort_sizes(part)),
        "key_results": key_results_readiness(part),
        "objectives": measure_objectives(
            period,
            active=members["active_members"],
            retention=retention,
            contributions=part.get("contributions"),
        ),
    }
