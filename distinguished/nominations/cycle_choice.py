"""Which cycle a new nomination goes to. Several cycles may take nominations at once (one opens
before the last one closes): the nominator names one, or, when only one is open, it is that one.
The nomination page and the REST API ask the same question here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from distinguished.program import api as program
from distinguished.program.api import human


def _named(cycles) -> str:
    return ", ".join(f"{cycle.name} ({cycle.slug})" for cycle in cycles)


def none_open_message(open_cycles=None) -> str | None:
    """Why nobody can nominate today (no cycle is open, and when the next one opens), or None
    when a cycle is open."""
    if open_cycles is None:
        open_cycles = program.open_cycles()
    if open_cycles:
        return None
    upcoming = program.next_opening()
    if upcoming is not None:
        return _("No cycle is open for nominations now; nominations for %(cycle)s open on %(date)s.") % {
            "cycle": upcoming.name,
            "date": human(upcoming.nominations_open),
        }
    return _("No cycle is open for nominations now.")


def cycle_to_nominate_in(slug: str | None, *, open_cycles=None):
    """The cycle a new nomination goes to: the open cycle named by `slug`, or, with no slug, the
    only open cycle. A ValidationError on `cycle` otherwise: an unknown slug, a cycle not open
    (when its nominations open or closed, and the cycles open now), no slug while several cycles
    are open (naming them), or no cycle open at all."""
    if open_cycles is None:
        open_cycles = program.open_cycles()
    if slug:
        chosen = next((cycle for cycle in open_cycles if cycle.slug == slug), None)
        if chosen is not None:
            return chosen
        try:
            cycle = program.get_cycle(slug)
        except program.CycleNotFound:
            if open_cycles:
                message = _("No cycle “%(slug)s”. Open now: %(open)s.") % {
                    "slug": slug,
                    "open": _named(open_cycles),
                }
            else:
                message = _("No cycle “%(slug)s”.") % {"slug": slug}
            raise ValidationError({"cycle": [message]}) from None
        return cycle  # not open: `nominate` says when it opens or closed
    if len(open_cycles) == 1:
        return open_cycles[0]
    if not open_cycles:
        raise ValidationError({"cycle": [none_open_message(open_cycles)]})
    raise ValidationError(
        {
            "cycle": [
                _("Several cycles are open for nominations: %(open)s. Say which one this nomination is for.")
                % {"open": _named(open_cycles)}
            ]
        }
    )
