"""The loaded program as its pages and the other apps read it: its settings, tracks, key areas, key
results, panel groups and contribution kinds, in the definition's order."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import ContributionKind, KeyResult, KeyResultGroup, Program, Track


def get_program() -> Program:
    """The loaded program, with everything the program page shows, in a fixed number of queries."""
    return (
        Program.objects.prefetch_related(
            Prefetch(
                "tracks",
                queryset=Track.objects.prefetch_related(
                    "key_areas",
                    Prefetch("key_results", queryset=KeyResult.objects.select_related("group")),
                    Prefetch(
                        "key_result_groups", queryset=KeyResultGroup.objects.prefetch_related("key_results")
                    ),
                ),
            ),
            "panel_groups",
            "contribution_kinds",
        )
        .order_by("id")
        .first()
    )


def program_settings() -> Program | None:
    """The loaded program's own row, one query: its name, term, lifetime years and definition,
    for callers that need none of what `get_program` loads with it."""
    return Program.objects.order_by("id").first()


def tracks_of(program: Program):
    return program.tracks.all()


def key_result_window_months() -> int:
    program = program_settings()
    return program.definition.get("key_result_window_months", 12) if program else 12


def key_results_of(track: Track):
    return track.key_results.select_related("group").order_by("position")


def panel_groups_of(program: Program):
    return program.panel_groups.order_by("position")


def key_areas_of(track: Track):
    return track.key_areas.order_by("position")


def key_result_groups_of(track: Track):
    return track.key_result_groups.prefetch_related("key_results").order_by("position")


def get_track(code: str) -> Track:
    # One query: the loaded program is the first one (`program_settings`), as a subquery.
    return Track.objects.get(code=code, program=Program.objects.order_by("id").values("id")[:1])


def contribution_kind_codes() -> set[str]:
    return set(ContributionKind.objects.values_list("code", flat=True))


def contribution_kinds():
    return ContributionKind.objects.order_by("program_id", "position")
