"""Pages of the review panel: the panel and its conflicts, a panelist's assignments, the review form,
and deliberation (votes and decisions). The ranking's page is ranking_pages.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.program import api as program

from . import api
from .forms import ConflictForm, DecisionForm, ReviewForm, SeatForm, WaiverForm

HOME = ("Home", "/")


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None


def _is_chair(user) -> bool:
    """The chair role or a program admin: who runs the panel (`rules.runs_the_panel`)."""
    return user.has_perm("review.run_panel")


@login_required
def panel(request, slug: str):
    cycle = _cycle(slug)
    user = request.user
    seat = api.seat_of(user, cycle)
    if not (_is_chair(user) or seat):
        raise PermissionDenied("Only the panel and program admins see the panel.")
    is_admin = people.is_program_admin(user)
    seat_form = SeatForm(
        request.POST if request.method == "POST" and "seat" in request.POST else None,
        users=people.users(),
        groups=program.panel_groups_of(cycle.program),
        tracks=program.tracks_of(cycle.program),
    )
    is_chair = _is_chair(user)
    rows = api.conflicts_of(cycle)
    seen = api.conflicts_seen_by(cycle, user, rows=rows)
    # The chair assigns by hand only what no conflict hides from them.
    review_nominations = [n for n in nominations.nominations_for_review(cycle) if n.pk not in seen["hidden"]]
    conflict_form = ConflictForm(
        request.POST if request.method == "POST" and "conflict" in request.POST else None,
        nominations=api.declarable_nominations(cycle, user, rows=rows),
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and "seat" in request.POST:
        if not is_admin:
            raise PermissionDenied("Only program admins seat the panel.")
        if seat_form.is_valid():
            data = seat_form.cleaned_data
            try:
                api.seat_panelist(
                    actor=user,
                    cycle=cycle,
                    user=people.users().get(pk=int(data["user"])),
                    group=data["group"],
                    chair=data["chair"],
                    tracks=data["tracks"],
                )
            except ValidationError as error:
                add_errors(seat_form, error)
            else:
                messages.success(request, "Seated.")
                return redirect("review:panel", cycle.slug)
    if request.method == "POST" and "conflict" in request.POST and conflict_form.is_valid():
        try:
            conflict = api.declare_conflict(
                actor=user,
                cycle=cycle,
                nomination=nominations.get_nomination(conflict_form.cleaned_data["nomination"]),
                reason=conflict_form.cleaned_data["reason"],
            )
        except ObjectDoesNotExist:
            conflict_form.add_error("nomination", "No such nomination.")
        except ValidationError as error:
            add_errors(conflict_form, error)
        except api.ConflictExists as repeat:
            conflict_form.add_error("nomination", repeat.message)
            status = 409
        else:
            voided = len(conflict.voided)
            messages.success(
                request,
                "Conflict declared: you will not be assigned that nomination or see its reviews."
                + (" Your assignment to it is void; the chair assigns another reviewer." if voided else ""),
            )
            return redirect("review:panel", cycle.slug)
    return render(
        request,
        "review/panel.html",
        {
            "cycle": cycle,
            "status": api.panel_status(cycle),
            "is_admin": is_admin,
            "is_chair": is_chair,
            "seat": seat,
            "seat_form": seat_form,
            "conflict_form": conflict_form,
            "conflicts": seen["rows"] if is_chair else [],
            "handled_elsewhere": seen["handled_elsewhere"] if is_chair else [],
            "voided": api.voided_assignments(cycle, viewer=user, rows=rows) if is_chair else [],
            "review_nominations": review_nominations,
            # Earlier panels an admin may copy here (panel_pages.copy_panel).
            "copy_sources": api.panels_to_copy(cycle) if user.has_perm("review.seat_panel", cycle) else [],
            "breadcrumbs": [
                HOME,
                ("Cycles", reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                ("Review panel", ""),
            ],
        },
        status=status,
    )


@login_required
@require_POST
def unseat(request, slug: str, seat_id: int):
    cycle = _cycle(slug)
    try:
        seat = api.get_seat(cycle, seat_id)
    except ObjectDoesNotExist:
        raise Http404("No such seat.") from None
    api.unseat(actor=request.user, seat=seat)
    messages.info(request, f"{seat.user} left the panel.")
    return redirect("review:panel", cycle.slug)


@login_required
@require_POST
def waive(request, slug: str):
    cycle = _cycle(slug)
    form = WaiverForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why the conflict does not matter.")
        return redirect("review:panel", cycle.slug)
    data = form.cleaned_data
    try:
        api.waive_conflict(
            actor=request.user,
            nomination=nominations.get_nomination(data["nomination"]),
            panelist=people.users().get(pk=data["panelist"]),
            source=data["source"],
            reason=data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ObjectDoesNotExist:
        raise Http404("No such nomination or panelist.") from None
    else:
        messages.success(request, "Waived, with your reason in the audit trail.")
    return redirect("review:panel", cycle.slug)


@login_required
@require_POST
def withdraw_waiver(request, slug: str, waiver_id: int):
    cycle = _cycle(slug)
    if not _is_chair(request.user):
        raise PermissionDenied("Only the chair or a program admin withdraws a waiver.")
    try:
        waiver = api.get_waiver(cycle, waiver_id, viewer=request.user)
        voided = api.withdraw_waiver(actor=request.user, waiver=waiver, reason=request.POST.get("reason", ""))
    except ObjectDoesNotExist:
        raise Http404("No such waiver, or a conflict of interest hides it from you.") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Waiver withdrawn: {waiver.panelist.display_name}'s conflict with the nomination of "
            f"{waiver.nomination.nominee} counts again."
            + (" Their assignment to it is void: reassign it below." if voided else ""),
        )
    return redirect("review:panel", cycle.slug)


@login_required
@require_POST
def reassign(request, slug: str, assignment_id: int):
    """The chair's one click on a voided assignment: another reviewer takes it over."""
    cycle = _cycle(slug)
    if not _is_chair(request.user):
        raise PermissionDenied("Only the chair or a program admin reassigns a review.")
    try:
        assignment = api.voided_assignment(assignment_id, viewer=request.user)
        if assignment.cycle_id != cycle.pk:
            raise Http404("No such assignment.")
        replacement = api.reassign(actor=request.user, assignment=assignment)
    except ObjectDoesNotExist:
        raise Http404("No such assignment, or a conflict of interest hides it from you.") from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except IntegrityError:
        messages.error(request, "Another reassignment of this nomination happened meanwhile; try again.")
    else:
        messages.success(
            request, f"{replacement.panelist.display_name} now reviews {assignment.nomination.nominee}."
        )
    return redirect(reverse("review:panel", args=[cycle.slug]) + "#voided")


@login_required
@require_POST
def assign(request, slug: str):
    cycle = _cycle(slug)
    try:
        k = int(request.POST.get("reviewers_per_nomination", "3"))
    except ValueError:
        k = 0
    try:
        result = api.assign_reviewers(actor=request.user, cycle=cycle, reviewers_per_nomination=k)
    except api.NoAssignment as error:
        for reason in error.reasons:
            messages.error(request, reason)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        loads = sorted(set(result["per_reviewer"].values()))
        messages.success(
            request,
            f"{result['assignments']} assignments ({result['added']} new, {result['removed']} withdrawn); "
            f"each panelist reviews {loads[0]}{'–' + str(loads[-1]) if len(loads) > 1 else ''}.",
        )
    return redirect("review:panel", cycle.slug)


@login_required
@require_POST
def assign_by_hand(request, slug: str):
    cycle = _cycle(slug)
    try:
        nomination = nominations.get_nomination(int(request.POST.get("nomination", "0")))
        panelist = people.users().get(pk=int(request.POST.get("panelist", "0")))
    except (ObjectDoesNotExist, ValueError):
        messages.error(request, "Choose a nomination and a panelist.")
        return redirect("review:panel", cycle.slug)
    try:
        api.assign_by_hand(actor=request.user, nomination=nomination, panelist=panelist)
    except ObjectDoesNotExist:
        raise Http404("No such nomination.") from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{panelist} now reviews {nomination.nominee}.")
    return redirect("review:panel", cycle.slug)


@login_required
def assignments(request):
    # `?cycle=` narrows the list to one cycle (the navigation links each cycle's reviews here).
    slug = request.GET.get("cycle", "")
    cycle = _cycle(slug) if slug else None
    items = list(api.assignments_of(request.user, cycle))
    done = sum(1 for a in items if getattr(a, "review", None) is not None and a.review.submitted)
    return render(
        request,
        "review/assignments.html",
        {
            "assignments": items,
            "done": done,
            "shown_cycle": cycle,
            "breadcrumbs": [HOME, ("My reviews", "")],
        },
    )


@login_required
def review(request, assignment_id: int):
    try:
        assignment = api.get_assignment(assignment_id)
    except ObjectDoesNotExist:
        raise Http404("No such assignment.") from None
    if assignment.panelist_id != request.user.pk:
        raise Http404("No such assignment.")
    nomination = nominations.get_nomination(assignment.nomination_id)
    areas = list(program.key_areas_of(nomination.track))
    existing = getattr(assignment, "review", None)
    initial = {}
    if existing is not None:
        initial = {
            "recommendation": existing.recommendation,
            "comment": existing.comment,
            "feedback": existing.feedback,
            "version": existing.version,
            **{f"score_{code}": str(score) for code, score in existing.scores.items()},
        }
    form = ReviewForm(request.POST if request.method == "POST" else None, areas=areas, initial=initial)
    status = 200
    # Outside the review phase the form is read-only and says when reviewing opens (or closed).
    closed = api.review_window_message(assignment.cycle)
    if closed:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and closed:
        form.add_error(None, closed)
        status = 400
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            api.save_review(
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                recommendation=data["recommendation"],
                comment=data["comment"],
                feedback=data["feedback"],
                submit="submit" in request.POST,
                version=data.get("version"),
            )
        except ObjectDoesNotExist:
            raise Http404("No such assignment.") from None
        except ValidationError as error:
            add_errors(form, error)
            status = 400
        except IntegrityError:
            form.add_error(
                None, "This review was saved elsewhere meanwhile; reload the page to see it, then save again."
            )
            status = 409
        else:
            messages.success(request, "Review submitted." if "submit" in request.POST else "Draft saved.")
            return redirect("review:assignments")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "review/review.html",
        {
            "assignment": assignment,
            "nomination": nomination,
            "form": form,
            "existing": existing,
            "closed": closed,
            "evidence": list(nomination.evidence.all()),
            "endorsements": list(nomination.endorsements.all()),
            "scorecard": nominations.scorecard_of(nomination),
            "breadcrumbs": [
                HOME,
                ("My reviews", reverse("review:assignments")),
                (str(nomination.nominee), ""),
            ],
        },
        status=status,
    )


# --- Deliberation ------------------------------------------------------------------------------


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
