"""The charts of the dashboard and of the impact page, drawn from their figures (charts.py draws)."""

from __future__ import annotations

from .charts import Bar, bar_chart, funnel_chart
from .figures import FUNNEL_LABELS

TIER_LABELS = {"larger": "Larger partners", "smaller": "Smaller partners", "unknown": "Tier not recorded"}
# The funnel chart draws the path to a decision; the other stages stay in its table.
FUNNEL_DRAWN = ("started", "submitted", "eligible", "reviewed", "selected")
LEAVING = {"ineligible", "declined", "withdrawn"}


def _bar(label: str, value) -> Bar:
    """A count, or the impact page's words for one it hides (nothing drawn)."""
    if isinstance(value, str):
        return Bar(label, None, value)
    return Bar(label, value, f"{value:,}")


def _rate(value) -> str:
    return "not measurable" if value is None else f"{value:g}%"


def track_chart(chart_id: str, by_track: dict, names: dict) -> object:
    return bar_chart(
        chart_id,
        "Active members per track",
        [_bar(names.get(code, code), n) for code, n in by_track.items()],
    )


def tier_chart(chart_id: str, by_tier: dict) -> object:
    return bar_chart(
        chart_id,
        "Active partner organizations per tier",
        [_bar(TIER_LABELS.get(tier, tier), n) for tier, n in by_tier.items()],
    )


def cohort_chart(chart_id: str, cohorts: list[dict]) -> object:
    return bar_chart(
        chart_id,
        "New members per cohort",
        [_bar(row["name"], row["new_members"]) for row in cohorts],
    )


def retention_chart(chart_id: str, by_year: list[dict]) -> object:
    return bar_chart(
        chart_id,
        "Retention year by year: the share of the terms ending that year that were renewed",
        [Bar(str(row["year"]), row["rate"], _rate(row["rate"]), "success") for row in by_year],
        maximum=100,
    )


def funnel_of(cycle: dict) -> object:
    funnel = cycle["funnel"]
    return funnel_chart(
        f"funnel-{cycle['cycle']}",
        f"The nominations of {cycle['name']}, from start to selection",
        [Bar(FUNNEL_LABELS[stage], funnel[stage], f"{funnel[stage]:,}") for stage in FUNNEL_DRAWN],
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
        text = f"{share:g}% ({kr['met']} of {kr['members']})" if share is not None else "no member measured"
        bars.append(Bar(kr["label"], share, text))
    return bar_chart(
        f"key-results-{track['track']}",
        f"{track['name']}: members meeting each key result",
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
