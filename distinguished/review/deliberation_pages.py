"""Deliberation: the board where the panel reads the ranked nominations with their scorecards,
endorsements and reviews, votes, and the chair records each decision — a page of 25 nominations at a
time, of one track or the undecided ones only if asked (`?track=&undecided=1&page=`). The rules are
review.api's (deliberation.py, board.py); these pages only translate."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
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
        raise Http404(_("No such nomination.")) from None
    if nomination.cycle_id != cycle.pk or not (
        request.user.has_perm("nominations.view_nomination", nomination)
        or api.sees_in_deliberation(request.user, nomination)
    ):
        raise Http404(_("No such nomination, or a conflict of interest hides it from you."))
    return nomination


def _area_labels(rows) -> dict[str, str]:
    """{key area code: label} of the tracks of the page's reviewed nominations, in one query."""
    tracks = list({row["nomination"].track for row in rows if row["reviews"]})
    prefetch_related_objects(tracks, "key_areas")
    return {area.code: program.in_language(area.label) for track in tracks for area in track.key_areas.all()}


def _chosen(cycle, data) -> tuple[dict, list[str]]:
    """The board's filters from the query ({track, undecided}) and what was refused, in words (the
    filters then fall back to none)."""
    try:
        return api.board_filters(cycle, data), []
    except ValidationError as error:
        problems = [message for found in error.message_dict.values() for message in found]
        return {"track": "", "undecided": False}, problems


def _query(chosen: dict, page=None) -> str:
    """The query string of the board with these filters (and page), for links and forms."""
    kept = {"track": chosen["track"], "undecided": "1" if chosen["undecided"] else ""}
    if page not in (None, 1):
        kept["page"] = page
    return urlencode({key: value for key, value in kept.items() if value})


def _board(request, cycle, *, details: bool):
    """The board's page the request asks for (`?track=&undecided=&page=`): (board, filters, problems).
    A refused filter or page is named in `problems` and the first page without filters shown."""
    chosen, problems = _chosen(cycle, request.GET)
    try:
        board = api.board(cycle, viewer=request.user, details=details, page=request.GET.get("page"), **chosen)
    except ValidationError as error:
        problems += error.message_dict.get("page", error.messages)
        board = api.board(cycle, viewer=request.user, details=details, **chosen)
    return board, chosen, problems


def _deliberation_page(request, cycle, *, bound=None, status=200):
    """The deliberation page; `bound` is the chair's decision form that failed, by nomination id."""
    board, chosen, problems = _board(request, cycle, details=True)
    labels = _area_labels(board["rows"])
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
            "problems": problems,
            "tracks": program.tracks_of(cycle.program),
            "filter_query": _query(chosen),
            "here": _query(chosen, board["page"].number),
            "quorum_percent": round(board["quorum"] * 100),
            "choices": api.VoteChoice.choices,
            "breadcrumbs": [
                HOME,
                (_("Cycles"), reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                (_("Deliberation"), ""),
            ],
        },
        status=400 if problems and status == 200 else status,
    )


@login_required
def deliberation(request, slug: str):
    """The chair runs the meeting from here: the ranked nominations with scorecards,
    endorsements, reviews and live tallies; panelists vote, the chair records decisions."""
    return _deliberation_page(request, _cycle(slug))


@login_required
def tallies(request, slug: str):
    """The live tallies of the rows of one page of the board (the same `?track=&undecided=&page=`),
    which the deliberation page polls (htmx) while votes are open."""
    cycle = _cycle(slug)
    board, chosen, problems = _board(request, cycle, details=False)
    context = {**board, "here": _query(chosen, board["page"].number)}
    return render(request, "review/_tallies.html", context, status=400 if problems else 200)


def _back_to(request, cycle, nomination) -> str:
    """The board's page the vote or decision was made from (its filters and page, in the form's
    action), at the nomination's card; the last page if that one is gone (a decided nomination
    leaves the undecided ones)."""
    chosen, problems = _chosen(cycle, request.GET)
    page = None
    try:
        page = api.page_number(request.GET.get("page"), last=10**9)
    except ValidationError:
        problems.append("page")
    if problems:
        chosen, page = {"track": "", "undecided": False}, None
    elif page > 1:
        page = min(page, api.board_pages(cycle, viewer=request.user, **chosen))
    query = _query(chosen, page)
    return f"{reverse('review:deliberation', args=[cycle.slug])}{'?' + query if query else ''}#nomination-{nomination.pk}"


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
            messages.error(
                request,
                _("Your vote on %(nominee)s was not counted: %(reason)s")
                % {"nominee": nomination.nominee, "reason": message},
            )
    else:
        messages.success(
            request,
            _("Your vote on %(nominee)s: %(vote)s.")
            % {"nominee": nomination.nominee, "vote": api.VoteChoice(choice).label.lower()},
        )
    return redirect(_back_to(request, cycle, nomination))


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
                request,
                _("Decision recorded: %(nominee)s %(state)s.")
                % {"nominee": decided.nominee, "state": decided.get_state_display().lower()},
            )
            return redirect(_back_to(request, cycle, nomination))
    return _deliberation_page(request, cycle, bound={nomination.pk: form}, status=400)
