"""What the assignment solver is given: panelists (their panel group and preferred tracks),
nominations (their track), and (panelist id, nomination id) pairs for conflicts, kept reviews and the
assignment in force. Plain values, no Django, no database."""

from __future__ import annotations

from dataclasses import dataclass

Pair = tuple[int, int]  # (panelist id, nomination id)


@dataclass(frozen=True)
class Panelist:
    id: int
    group: str
    tracks: frozenset[str] = frozenset()  # preferred tracks; may be empty


@dataclass(frozen=True)
class Nomination:
    id: int
    track: str
