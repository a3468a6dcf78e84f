"""Deliberation: the board where the panel reads the ranked nominations with their scorecards,
endorsements and reviews, votes, and the chair records each decision. The rules are
review.api's (deliberation.py); these pages only translate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from . import api
from .forms import DecisionForm
from .views import HOME, _cycle


def _deliberated(request, cycle, nomination_id: int):
    """A nomination of the cycle the user may see; a 404 otherwise (as for an unknown id)."""
    try:
        nomination = nominations.get_nomination(nomination_id)
    except ObjectDoesNotExist:
        raise Http404("No such nomination.") from None
    if nomination.cycle_id != cycle.pk or not (
        request.user.has_perm("nominations.view_nomination", nomination)
        or api.sees_in_deliberation(request.user, nomination)
    ):
        raise Http404("No such nomination, or a conflict of interest hides it from you.")
    return nomination


def _area_labels() -> dict[str, str]:
    current = program.get_program()
    return {
        area.code: area.label for track in program.tracks_of(current) for area in program.key_areas_of(track)
    }


def _deliberation_page(request, cycle, *, bound=None, status=200):
    """The deliberation page; `bound` is the chair's decision form that failed, by nomination id."""
    board = api.board(cycle, viewer=request.user)
    labels = _area_labels()
    for row in board["rows"]:
        nomination = row["nomination"]
        for review in row["reviews"]:
            review.score_items = [(labels.get(code, code), score) for code, score in review.scores.items()]
        if row["can_decide"]:
            row["form"] = (bound or {}).get(nomination.pk) or DecisionForm(
                prefix=f"decision-{nomination.pk}",
                initial={
                    "outcome": nomination.state if row["decided"] else "",
                    "rationale": nomination.decision_rationale,
                    "feedback": nomination.decision_feedback,
                },
            )
    return render(
        request,
        "review/deliberation.html",
        {
            **board,
            "quorum_percent": round(board["quorum"] * 100),
            "choices": api.VoteChoice.choices,
            "breadcrumbs": [
                HOME,
                ("Cycles", reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                ("Deliberation", ""),
            ],
        },
        status=status,
    )


@login_required
def deliberation(request, slug: str):
    """The chair runs the meeting from here: the ranked nominations with scorecards,
    endorsements, reviews and live tallies; panelists vote, the chair records decisions."""
    return _deliberation_page(request, _cycle(slug))


@login_required
def tallies(request, slug: str):
    """The live tallies, which the deliberation page polls (htmx) while votes are open."""
    cycle = _cycle(slug)
    board = api.board(cycle, viewer=request.user, details=False)
    return render(request, "review/_tallies.html", board)


def _back_to(cycle, nomination) -> str:
    return f"{reverse('review:deliberation', args=[cycle.slug])}#nomination-{nomination.pk}"


@login_required
@require_POST
def vote(request, slug: str, nomination_id: int):
    cycle = _cycle(slug)
    nomination = _deliberated(request, cycle, nomination_id)
    choice = request.POST.get("vote", "")
    try:
        api.cast_vote(actor=request.user, nomination=nomination, vote=choice)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, f"Your vote on {nomination.nominee} was not counted: {message}")
    else:
        messages.success(
            request, f"Your vote on {nomination.nominee}: {api.VoteChoice(choice).label.lower()}."
        )
    return redirect(_back_to(cycle, nomination))


@login_required
@require_POST
def decide(request, slug: str, nomination_id: int):
    cycle = _cycle(slug)
    nomination = _deliberated(request, cycle, nomination_id)
    api.require_deciding_chair(request.user, nomination)
    form = DecisionForm(request.POST, prefix=f"decision-{nomination.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            api.record_decision(
                actor=request.user,
                nomination=nomination,
                outcome=data["outcome"],
                rationale=data["rationale"],
                feedback=data["feedback"],
            )
        except ValidationError as error:
            # The quorum, the phase and the state concern the whole form, not one field.
            add_errors(
                form,
                ValidationError(
                    {
                        "__all__" if field in ("votes", "cycle", "state") else field: messages_
                        for field, messages_ in error.message_dict.items()
                    }
                ),
            )
        else:
            decided = nominations.get_nomination(nomination.pk)
            messages.success(
                request, f"Decision recorded: {decided.nominee} {decided.get_state_display().lower()}."
            )
            return redirect(_back_to(cycle, nomination))
    return _deliberation_page(request, cycle, bound={nomination.pk: form}, status=400)
