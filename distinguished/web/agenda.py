"""What a signed-in person has to do, cycle by cycle: the one reading behind the navigation and the
home page. Several cycles run at once (one takes nominations while the last one is reviewed), so
neither follows "the current cycle": each shows the person's work in every cycle that is not closed
and where they have some — a seat on its panel, reviews, nominations they made or received, the
screening or the final list their role runs — each link to its own cycle.

Each app says what concerns a person in its own `api.py` (`review.panel_agenda`,
`nominations.nomination_agenda`, `membership.renewal_agenda`); the pages are offered as the
apps' rules say, asked by name (`rules.has_perm`: the rules alone, without Django's model
permissions, which would cost two queries for a rule that says no). The cost is a fixed number of queries whatever the number of
cycles, read once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import rules
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distinguished.nominations import api as nominations
from distinguished.program import api as program
from distinguished.program.api import Phase
from distinguished.review import api as review

# The phases in which each page of a cycle has something to do.
PAST_SETUP = (
    Phase.NOMINATIONS_OPEN,
    Phase.SCREENING,
    Phase.REVIEW,
    Phase.DELIBERATION,
    Phase.APPROVAL,
    Phase.ANNOUNCED,
)
SCREENING_PHASES = (Phase.NOMINATIONS_OPEN, Phase.SCREENING)
FINAL_LIST_PHASES = (Phase.DELIBERATION, Phase.APPROVAL, Phase.ANNOUNCED)


@dataclass(frozen=True)
class Task:
    """One page of a cycle that concerns the person: its link, and what the home page says of it."""

    label: str
    url: str
    note: str = ""


@dataclass
class CycleWork:
    """A cycle where the person has work, with the pages that concern them in the order of the work."""

    cycle: Any  # a cycle, as program.api's functions return it
    phase: Phase
    tasks: list[Task] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("program:cycle", args=[self.cycle.slug])


def _nominations_note(noms) -> str:
    made = ngettext(
        "%(count)s nomination you made or received", "%(count)s nominations you made or received", noms.yours
    ) % {"count": noms.yours}
    waiting = []
    if noms.drafts:
        waiting.append(
            ngettext("%(count)s draft to submit", "%(count)s drafts to submit", noms.drafts)
            % {"count": noms.drafts}
        )
    if noms.to_answer:
        waiting.append(
            ngettext(
                "%(count)s nomination of you to accept or decline",
                "%(count)s nominations of you to accept or decline",
                noms.to_answer,
            )
            % {"count": noms.to_answer}
        )
    if len(waiting) == 2:
        # Translators: e.g. "3 nominations you made or received: 1 draft to submit, 2 nominations of you to accept or decline."
        return _("%(made)s: %(drafts)s, %(to_answer)s.") % {
            "made": made,
            "drafts": waiting[0],
            "to_answer": waiting[1],
        }
    if waiting:
        # Translators: e.g. "3 nominations you made or received: 1 draft to submit."
        return _("%(made)s: %(waiting)s.") % {"made": made, "waiting": waiting[0]}
    return ngettext(
        "%(count)s nomination you made or received.",
        "%(count)s nominations you made or received.",
        noms.yours,
    ) % {"count": noms.yours}


def _nominations_task(slug: str, noms) -> Task | None:
    """The nominations the person made or received in the cycle, and what of them waits for them."""
    if noms is None or not noms.yours:
        return None
    return Task(_("Your nominations"), f"{reverse('nominations:mine')}?cycle={slug}", _nominations_note(noms))


def _screening_task(user, slug: str, phase, noms) -> Task | None:
    """The screening, for a screener while nominations come in or some submitted ones wait."""
    to_screen = noms.to_screen if noms is not None else 0
    if not rules.has_perm("nominations.screen_nominations", user):
        return None
    if phase not in SCREENING_PHASES and not to_screen:
        return None
    if to_screen:
        note = ngettext(
            "%(count)s submitted nomination waiting for screening.",
            "%(count)s submitted nominations waiting for screening.",
            to_screen,
        ) % {"count": to_screen}
    else:
        note = _("No submitted nomination waits for screening.")
    return Task(_("Screening"), reverse("nominations:screening", args=[slug]), note)


def _panel_task(slug: str, seat, sees_panel: bool) -> Task | None:
    """The panel, for whoever may see it: a seated panelist is told their group (and whether they
    chair it), one who sees it without a seat that they run it."""
    if not sees_panel:
        return None
    if seat is not None and seat.seated:
        note = (
            _("You sit on the panel for %(group)s, as its chair.")
            if seat.chair
            else _("You sit on the panel for %(group)s.")
        ) % {"group": _(seat.group) if seat.group else seat.group}  # a definition text, from the catalog
    else:
        note = _("You run the panel: its seats, conflicts and assignments.")
    return Task(_("Panel"), reverse("review:panel", args=[slug]), note)


def _reviews_task(slug: str, seat) -> Task | None:
    """The reviews assigned to the person in the cycle: how many, and how many are still to write."""
    if seat is None or not seat.reviews:
        return None
    if seat.to_write:
        note = ngettext(
            "%(count)s review assigned to you, %(to_write)s still to write.",
            "%(count)s reviews assigned to you, %(to_write)s still to write.",
            seat.reviews,
        ) % {"count": seat.reviews, "to_write": seat.to_write}
    else:
        note = ngettext(
            "%(count)s review assigned to you, all submitted.",
            "%(count)s reviews assigned to you, all submitted.",
            seat.reviews,
        ) % {"count": seat.reviews}
    return Task(_("Your reviews"), f"{reverse('review:assignments')}?cycle={slug}", note)


def _deliberation_task(slug: str, phase, sees_panel: bool) -> Task | None:
    """The deliberation, for whoever sees the panel once the cycle is past its setup."""
    if not sees_panel or phase not in PAST_SETUP:
        return None
    if phase == Phase.DELIBERATION:
        note = _("The panel votes and the chair decides here.")
    else:
        note = _("The ranked nominations, votes and decisions.")
    return Task(_("Deliberation"), reverse("review:deliberation", args=[slug]), note)


def _final_list_task(user, slug: str, phase) -> Task | None:
    """The final list, for those who see it once the cycle deliberates."""
    if phase not in FINAL_LIST_PHASES or not rules.has_perm("cohorts.view_final_list", user):
        return None
    return Task(
        _("Final list"),
        reverse("cohorts:approval", args=[slug]),
        _("The final list, its sign-off and the announcement."),
    )


def _tasks(user, cycle, phase, seat, noms) -> list[Task]:
    """The pages of a cycle that concern the person, in the order of the work."""
    slug = cycle.slug
    tasks = [_nominations_task(slug, noms), _screening_task(user, slug, phase, noms)]
    sees_panel = rules.has_perm("review.view_panel", user, cycle)
    tasks += [
        _panel_task(slug, seat, sees_panel),
        _reviews_task(slug, seat),
        _deliberation_task(slug, phase, sees_panel),
        _final_list_task(user, slug, phase),
    ]
    return [task for task in tasks if task is not None]


def cycles_of(request) -> list:
    """Every cycle, newest first, read once per request (one query)."""
    cached = getattr(request, "_cycles", None)
    if cached is None:
        cached = request._cycles = list(program.cycles())
    return cached


def agenda_of(request) -> list[CycleWork]:
    """The signed-in person's work in every cycle not closed, oldest cycle first; read once per
    request (the navigation and the home page share it)."""
    cached = getattr(request, "_agenda", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    work: list[CycleWork] = []
    if user is not None and user.is_authenticated:
        seats = review.panel_agenda(user)
        noms = nominations.nomination_agenda(user)
        for cycle in sorted(cycles_of(request), key=lambda cycle: (cycle.nominations_open, cycle.pk)):
            phase = cycle.phase
            if phase == Phase.CLOSED:
                continue
            tasks = _tasks(user, cycle, phase, seats.get(cycle.pk), noms.get(cycle.pk))
            if tasks:
                work.append(CycleWork(cycle=cycle, phase=phase, tasks=tasks))
    request._agenda = work
    return work
