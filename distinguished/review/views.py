"""Pages of the review panel a panelist uses: their assignments and the review form, and the chair's
seat, waiver and assignment actions. The panel page is panel_pages.py, deliberation deliberation_pages.py,
the ranking ranking_pages.py."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.program import api as program

from . import api
from .forms import ReviewForm, WaiverForm

HOME = (gettext_lazy("Home"), "/")


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


def _is_chair(user) -> bool:
    """The chair role or a program admin: who runs the panel (`rules.runs_the_panel`)."""
    return user.has_perm("review.run_panel")


@login_required
@require_POST
def unseat(request, slug: str, seat_id: int):
    cycle = _cycle(slug)
    try:
        seat = api.get_seat(cycle, seat_id)
    except ObjectDoesNotExist:
        raise Http404(_("No such seat.")) from None
    api.unseat(actor=request.user, seat=seat)
    messages.info(request, _("%(user)s left the panel.") % {"user": seat.user})
    return redirect("review:panel", cycle.slug)


@login_required
@require_POST
def waive(request, slug: str):
    cycle = _cycle(slug)
    form = WaiverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the conflict does not matter."))
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
        raise Http404(_("No such nomination or panelist.")) from None
    else:
        messages.success(request, _("Waived, with your reason in the audit trail."))
    return redirect("review:panel", cycle.slug)


@login_required
@require_POST
def withdraw_waiver(request, slug: str, waiver_id: int):
    cycle = _cycle(slug)
    if not _is_chair(request.user):
        raise PermissionDenied(_("Only the chair or a program admin withdraws a waiver."))
    try:
        waiver = api.get_waiver(cycle, waiver_id, viewer=request.user)
        voided = api.withdraw_waiver(actor=request.user, waiver=waiver, reason=request.POST.get("reason", ""))
    except ObjectDoesNotExist:
        raise Http404(_("No such waiver, or a conflict of interest hides it from you.")) from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            (
                _(
                    "Waiver withdrawn: %(panelist)s's conflict with the nomination of %(nominee)s counts again. "
                    "Their assignment to it is void: reassign it below."
                )
                if voided
                else _(
                    "Waiver withdrawn: %(panelist)s's conflict with the nomination of %(nominee)s counts again."
                )
            )
            % {"panelist": waiver.panelist.display_name, "nominee": waiver.nomination.nominee},
        )
    return redirect("review:panel", cycle.slug)


@login_required
@require_POST
def reassign(request, slug: str, assignment_id: int):
    """The chair's one click on a voided assignment: another reviewer takes it over."""
    cycle = _cycle(slug)
    if not _is_chair(request.user):
        raise PermissionDenied(_("Only the chair or a program admin reassigns a review."))
    try:
        assignment = api.voided_assignment(assignment_id, viewer=request.user)
        if assignment.cycle_id != cycle.pk:
            raise Http404(_("No such assignment."))
        replacement = api.reassign(actor=request.user, assignment=assignment)
    except ObjectDoesNotExist:
        raise Http404(_("No such assignment, or a conflict of interest hides it from you.")) from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except IntegrityError:
        messages.error(request, _("Another reassignment of this nomination happened meanwhile; try again."))
    else:
        messages.success(
            request,
            _("%(panelist)s now reviews %(nominee)s.")
            % {"panelist": replacement.panelist.display_name, "nominee": assignment.nomination.nominee},
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
        count = result["assignments"]
        # English says "assignments" whatever the count; other languages may not.
        if len(loads) > 1:
            words = ngettext(
                "%(count)s assignments (%(added)s new, %(removed)s withdrawn); each panelist reviews %(low)s–%(high)s.",
                "%(count)s assignments (%(added)s new, %(removed)s withdrawn); each panelist reviews %(low)s–%(high)s.",
                count,
            )
        else:
            words = ngettext(
                "%(count)s assignments (%(added)s new, %(removed)s withdrawn); each panelist reviews %(low)s.",
                "%(count)s assignments (%(added)s new, %(removed)s withdrawn); each panelist reviews %(low)s.",
                count,
            )
        messages.success(
            request,
            words
            % {
                "count": count,
                "added": result["added"],
                "removed": result["removed"],
                "low": loads[0],
                "high": loads[-1],
            },
        )
    return redirect("review:panel", cycle.slug)


# Assignments a page of the review list shows.
ASSIGNMENTS_PAGE_SIZE = 50


@login_required
def assignments(request):
    """A panelist's review list, a page at a time: `?cycle=` narrows it to one cycle (the navigation
    links each cycle's reviews here), `?status=todo|submitted` to the reviews to do or submitted. A
    refused status or page is named, and the first page of the list shown (400)."""
    slug = request.GET.get("cycle", "")
    cycle = _cycle(slug) if slug else None
    status, problems = request.GET.get("status", ""), []
    if status not in ("", *api.REVIEW_STATUSES):
        problems.append(
            _("“%(status)s” is not a status of the list: choose %(todo)s or %(submitted)s.")
            % {"status": status, "todo": "todo", "submitted": "submitted"}
        )
        status = ""
    listed = api.assignments_of(request.user, cycle, status=status).values_list("pk", flat=True)
    paginator = Paginator(listed, ASSIGNMENTS_PAGE_SIZE)
    try:
        number = api.page_number(request.GET.get("page"), paginator.num_pages)
    except ValidationError as error:
        problems += error.message_dict["page"]
        number = 1
    page = paginator.page(number)
    kept = {"cycle": cycle.slug if cycle else "", "status": status}
    return render(
        request,
        "review/assignments.html",
        {
            "page": page,
            "assignments": api.assignments_in(request.user, page.object_list),
            **api.review_progress(request.user, cycle),
            "shown_cycle": cycle,
            "status": status,
            "status_label": api.REVIEW_STATUSES.get(status, "").lower(),
            "statuses": api.REVIEW_STATUSES,
            "problems": problems,
            "query": urlencode({key: value for key, value in kept.items() if value}),
            "cycle_query": urlencode({"cycle": cycle.slug}) if cycle else "",
            "breadcrumbs": [HOME, (_("My reviews"), "")],
        },
        status=400 if problems else 200,
    )


@login_required
def review(request, assignment_id: int):
    try:
        assignment = api.get_assignment(assignment_id)
    except ObjectDoesNotExist:
        raise Http404(_("No such assignment.")) from None
    if assignment.panelist_id != request.user.pk:
        raise Http404(_("No such assignment."))
    nomination = nominations.get_nomination(assignment.nomination_id)
    areas = list(program.key_areas_of(nomination.track))
    existing = getattr(assignment, "review", None)
    form = ReviewForm(
        request.POST if request.method == "POST" else None, areas=areas, initial=_initial(existing)
    )
    # Outside the review phase the form is read-only and says when reviewing opens (or closed).
    closed = api.review_window_message(assignment.cycle)
    if closed:
        for field in form.fields.values():
            field.disabled = True
    status = 200
    if request.method == "POST":
        status = _save(request, assignment, form, closed)
        if status is None:
            return redirect("review:assignments")
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
                (_("My reviews"), reverse("review:assignments")),
                (str(nomination.nominee), ""),
            ],
        },
        status=status,
    )


def _initial(existing) -> dict:
    """The review form's initial values: the panelist's saved review, if any."""
    if existing is None:
        return {}
    return {
        "recommendation": existing.recommendation,
        "comment": existing.comment,
        "feedback": existing.feedback,
        "version": existing.version,
        **{f"score_{code}": str(score) for code, score in existing.scores.items()},
    }


def _save(request, assignment, form, closed: str) -> int | None:
    """Saves the review posted (a draft, or submitted): None once saved (a message says so),
    otherwise the status the form is shown again with, naming what is wrong (409: the review was
    saved elsewhere meanwhile)."""
    if closed:
        form.add_error(None, closed)
        return 400
    if not form.is_valid():
        return 400
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
        raise Http404(_("No such assignment.")) from None
    except ValidationError as error:
        add_errors(form, error)
        return 400
    except IntegrityError:
        form.add_error(
            None,
            _("This review was saved elsewhere meanwhile; reload the page to see it, then save again."),
        )
        return 409
    messages.success(request, _("Review submitted.") if "submit" in request.POST else _("Draft saved."))
    return None
