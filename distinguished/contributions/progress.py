"""A member's own progress toward the key results of every track that recognizes them in a cycle
(their "my progress" page): one scorecard per track."""

from __future__ import annotations

from distinguished.program import api as program

from .key_results import scorecards

__all__ = ["progress_of"]


def progress_of(contributor, *, cycle):
    """A member's own progress toward every track's key results in a cycle: [(track, Scorecard)]
    for the tracks that recognize them."""
    tracks = [t for t in program.tracks_of(cycle.program) if t.subject in ("any", contributor.kind)]
    cards = scorecards([(contributor, track) for track in tracks], cycle=cycle)
    return [(track, cards[(contributor.pk, track.code)]) for track in tracks]
