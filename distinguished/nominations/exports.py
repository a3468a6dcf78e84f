"""The nominations a person may list, as a download (CSV or XLSX, `core.exports`).

The rows are the list's own: `api.nominations_for` (who may list what, a conflict hiding a
nomination from a panel role) narrowed by the list's filters — the cycle, the track, the state as
the caller reads it, and words (`search.py`) — read in chunks, never all at once. Each row reads
as the list reads to that caller: the state an untold decision shows its nominee and nominator
is "In review" (`decision_notice.py`). The review app adds the panel's scores for those who follow
the ranking (`more_columns`); this app does not know them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from distinguished.core.exports import Column, Table, rows_of

from .decision_notice import seen_state_label

__all__ = ["nomination_columns", "nominations_table"]


def nomination_columns(user) -> tuple[Column, ...]:
    """The columns every download of nominations has, in the list's words."""
    return (
        Column(_("Nomination"), "pk"),
        Column(_("Cycle"), lambda n: n.cycle.name),
        Column(pgettext("recognition track", "Track"), lambda n: n.track.name),
        Column(_("Nominee"), lambda n: n.nominee.name),
        Column(_("Nominator"), lambda n: n.nominator.display_name),
        Column(_("State"), lambda n: seen_state_label(user, n)),
        Column(_("Submitted"), "submitted"),
        # len() of the prefetched rows, as the API list counts them: no query per row.
        Column(_("Endorsements"), lambda n: len(n.endorsements.all())),
    )


def nominations_table(user, nominations, *, more_columns: Iterable = ()) -> Table:
    """`nominations` (a queryset: the list as `api.nominations_export` narrows it) as a table
    read in chunks; `more_columns` go after the list's own."""
    return Table(_("Nominations"), (*nomination_columns(user), *more_columns), rows_of(nominations))
