"""The rules the transitions share: the cycle's nominations window, the states a nomination may be
acted on in, and the length of a statement."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from distinguished.program import api as program
from distinguished.program.api import human

from . import moves
from .enums import STATEMENT_MAX
from .models import Nomination


def window_error(cycle) -> str | None:
    """Why nominations cannot be made or changed now, or None when the window is open."""
    phase = cycle.phase
    if phase == program.Phase.NOMINATIONS_OPEN:
        return None
    if phase == program.Phase.SETUP:
        return _("Nominations for %(cycle)s open on %(date)s.") % {
            "cycle": cycle.name,
            "date": human(cycle.nominations_open),
        }
    return _("Nominations for %(cycle)s closed on %(date)s.") % {
        "cycle": cycle.name,
        "date": human(cycle.nominations_close),
    }


def require_window(cycle) -> None:
    error = window_error(cycle)
    if error:
        raise ValidationError({"cycle": [error]})


def require_state(nomination: Nomination, allowed: Iterable[str], doing: str, reader=None) -> None:
    """Refuse, naming the state as `reader` (the party acting) reads it: never an untold decision."""
    if nomination.state not in allowed:
        raise moves.refusal(nomination, doing, reader)


def check_statement(statement: str, field: str = "statement") -> dict:
    if len(statement or "") > STATEMENT_MAX:
        return {
            field: [
                _("Keep the statement under %(max)s characters (it has %(length)s).")
                % {"max": f"{STATEMENT_MAX:,}", "length": f"{len(statement):,}"}
            ]
        }
    return {}
