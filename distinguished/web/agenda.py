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

import rules
from django.urls import reverse

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

    cycle: program.Cycle
    phase: Phase
    tasks: list[Task] = field(default_factory=list)

    @property
    def url(self) -> str:
        return reverse("program:cycle", args=[self.cycle.slug])


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _tasks(user, cycle, phase, seat, noms) -> list[Task]:
    slug = cycle.slug
    tasks = []
    if noms is not None and noms.yours:
        waiting = []
        if noms.drafts:
            waiting.append(f"{_plural(noms.drafts, 'draft')} to submit")
        if noms.to_answer:
            waiting.append(f"{_plural(noms.to_answer, 'nomination')} of you to accept or decline")
        note = _plural(noms.yours, "nomination") + " you made or received"
        tasks.append(
            Task(
                "Your nominations",
                f"{reverse('nominations:mine')}?cycle={slug}",
                note + (f": {', '.join(waiting)}." if waiting else "."),
            )
        )
    to_screen = noms.to_screen if noms is not None else 0
    if rules.has_perm("nominations.screen_nominations", user) and (phase in SCREENING_PHASES or to_screen):
        tasks.append(
            Task(
                "Screening",
                reverse("nominations:screening", args=[slug]),
                f"{_plural(to_screen, 'submitted nomination')} waiting for screening."
                if to_screen
                else "No submitted nomination waits for screening.",
            )
        )
    sees_panel = rules.has_perm("review.view_panel", user, cycle)
    if sees_panel:
        if seat is not None and seat.seated:
            note = f"You sit on the panel for {seat.group}{', as its chair' if seat.chair else ''}."
        else:
            note = "You run the panel: its seats, conflicts and assignments."
        tasks.append(Task("Panel", reverse("review:panel", args=[slug]), note))
    if seat is not None and seat.reviews:
        tasks.append(
            Task(
                "Your reviews",
                f"{reverse('review:assignments')}?cycle={slug}",
                f"{_plural(seat.reviews, 'review')} assigned to you, {seat.to_write} still to write."
                if seat.to_write
                else f"{_plural(seat.reviews, 'review')} assigned to you, all submitted.",
            )
        )
    if sees_panel and phase in PAST_SETUP:
        tasks.append(
            Task(
                "Deliberation",
                reverse("review:deliberation", args=[slug]),
                "The panel votes and the chair decides here."
                if phase == Phase.DELIBERATION
                else "The ranked nominations, votes and decisions.",
            )
        )
    if phase in FINAL_LIST_PHASES and rules.has_perm("cohorts.view_final_list", user):
        tasks.append(
            Task(
                "Final list",
                reverse("cohorts:approval", args=[slug]),
                "The final list, its sign-off and the announcement.",
            )
        )
    return tasks


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
