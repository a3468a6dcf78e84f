"""The charts of the dashboard and of the impact page, drawn from their figures (charts.py draws)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.program import api as program

from .charts import Bar, bar_chart, funnel_chart
from .figures import FUNNEL_LABELS
from .impact import hidden_words

TIER_LABELS = {
    "larger": gettext_lazy("Larger partners"),
    "smaller": gettext_lazy("Smaller partners"),
    "unknown": gettext_lazy("Tier not recorded"),
}
# The funnel chart draws the path to a decision; the other stages stay in its table.
FUNNEL_DRAWN = ("started", "submitted", "eligible", "reviewed", "selected")
LEAVING = {"ineligible", "declined", "withdrawn"}


def _bar(label, value) -> Bar:
    """A count, or the impact page's words for one it hides (nothing drawn)."""
    if isinstance(value, str):
        return Bar(str(label), None, hidden_words(value))
    return Bar(str(label), value, f"{value:,}")


def _rate(value) -> str:
    return _("not measurable") if value is None else f"{value:g}%"


def track_chart(chart_id: str, by_track: dict, names: dict) -> object:
    return bar_chart(
        chart_id,
        _("Active members per track"),
        [_bar(program.in_language(names.get(code, code)), n) for code, n in by_track.items()],
    )


def tier_chart(chart_id: str, by_tier: dict) -> object:
    return bar_chart(
        chart_id,
        _("Active partner organizations per tier"),
        [_bar(TIER_LABELS.get(tier, tier), n) for tier, n in by_tier.items()],
    )


def cohort_chart(chart_id: str, cohorts: list[dict]) -> object:
    return bar_chart(
        chart_id,
        _("New members per cohort"),
        [_bar(row["name"], row["new_members"]) for row in cohorts],
    )


def retention_chart(chart_id: str, by_year: list[dict]) -> object:
    return bar_chart(
        chart_id,
        _("Retention year by year: the share of the terms ending that year that were renewed"),
        [Bar(str(row["year"]), row["rate"], _rate(row["rate"]), "success") for row in by_year],
        maximum=100,
    )


def funnel_of(cycle: dict) -> object:
    funnel = cycle["funnel"]
    return funnel_chart(
        f"funnel-{cycle['cycle']}",
        _("The nominations of %(cycle)s, from start to selection") % {"cycle": cycle["name"]},
        [Bar(str(FUNNEL_LABELS[stage]), funnel[stage], f"{funnel[stage]:,}") for stage in FUNNEL_DRAWN],
    )


def funnel_rows(cycle: dict) -> list[dict]:
    return [
        {"stage": stage, "label": label, "count": cycle["funnel"][stage], "leaving": stage in LEAVING}
        for stage, label in FUNNEL_LABELS.items()
    ]


def key_result_chart(track: dict) -> object:
    """The share of a track's members meeting each of its key results."""
    bars = []
    for kr in track["key_results"]:
        share = round(100 * kr["met"] / kr["members"], 1) if kr["members"] else None
        text = (
            _("%(share)s%% (%(met)s of %(members)s)")
            % {"share": f"{share:g}", "met": kr["met"], "members": kr["members"]}
            if share is not None
            else _("no member measured")
        )
        bars.append(Bar(program.in_language(kr["label"]), share, text))
    return bar_chart(
        f"key-results-{track['track']}",
        _("%(track)s: members meeting each key result") % {"track": program.in_language(track["name"])},
        bars,
        maximum=100,
    )


def dashboard_charts(figures: dict, track_names: dict) -> dict:
    return {
        "tracks": track_chart("chart-tracks", figures["active_by_track"], track_names),
        "tiers": tier_chart("chart-tiers", figures["active_by_tier"]),
        "cohorts": cohort_chart("chart-cohorts", figures["cycles"]),
        "retention": retention_chart("chart-retention", figures["retention_by_year"]),
        "funnels": {cycle["cycle"]: funnel_of(cycle) for cycle in figures["cycles"]},
        "key_results": {track["track"]: key_result_chart(track) for track in figures["key_results"]},
    }


def impact_charts(figures: dict) -> dict:
    return {
        "tracks": track_chart("impact-tracks", figures["active_by_track"], figures["track_names"]),
        "tiers": tier_chart("impact-tiers", figures["active_by_tier"]),
        "cohorts": cohort_chart("impact-cohorts", figures["cohorts"]),
        "retention": retention_chart("impact-retention", figures["retention_by_year"]),
    }
