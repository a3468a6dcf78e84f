"""Pages of the cohorts app: the final list and its approval, the public announcement."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.core.page_numbers import page_number
from distinguished.program import api as program

from . import api
from .forms import AnnounceForm, AnnouncementLanguageForm, ApprovalForm, SubmitForm

HOME = (gettext_lazy("Home"), "/")


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None


def _crumbs(cycle, last: str) -> list:
    return [
        HOME,
        (_("Cycles"), reverse("program:cycles")),
        (cycle.name, reverse("program:cycle", args=[cycle.slug])),
        (last, ""),
    ]


# The steps the approval page POSTs: the form the step reads (none, for the recorded cohort), the
# call that takes it, and what is said once it is done.
_STEPS = {
    "sign_off": (
        "approval",
        api.sign_off_cycle,
        gettext_lazy("Signed off: the list is locked and the admins can announce the cohort."),
    ),
    "send_back": (
        "approval",
        api.send_back,
        gettext_lazy("Sent back to deliberation; the chair has your note."),
    ),
    "submit": ("submit", api.submit_for_approval, gettext_lazy("Submitted: the approver has been e-mailed.")),
    "announce": (
        "announce",
        api.announce_cycle,
        gettext_lazy("Announced: memberships created, nominees e-mailed."),
    ),
    "announce_recorded": (
        None,
        api.announce_recorded_cohort,
        gettext_lazy("Published: the announcement of the recorded cohort."),
    ),
}


def _step_arguments(form, announce_form) -> dict:
    """What a step's valid form adds to its call: the announcement's early reason and language, or
    the approver's or chair's note."""
    if form is None:
        return {}
    if form is announce_form:
        return {"early_reason": form.cleaned_data["early_reason"], "language": form.cleaned_data["language"]}
    return {"note": form.cleaned_data["note"]}


def _act(request, cycle, approval_form, submit_form, announce_form):
    """Run the POSTed step; the form that shows its errors and the HTTP status, or a redirect."""
    step = _STEPS.get(request.POST.get("decision", ""))
    if step is None:
        messages.error(request, _("Choose one of the buttons: sign off, send back, submit or announce."))
        return None, 400
    form_name, call, done = step
    form = {"approval": approval_form, "submit": submit_form, "announce": announce_form}.get(form_name)
    if form is not None and not form.is_valid():
        return form, 400
    try:
        call(actor=request.user, cycle=cycle, **_step_arguments(form, announce_form))
    except api.AlreadyDone as error:
        return _refused(request, form, error), 409
    except ValidationError as error:
        return _refused(request, form, error), 400
    messages.success(request, str(done))
    return redirect("cohorts:approval", cycle.slug), 302


def _refused(request, form, error):
    # A refusal that concerns no field of the form (the list is not signed off, the cohort is
    # announced already) is said at the top of the page, where it shows whatever the page offers.
    fields = set(getattr(error, "error_dict", {})) & set(form.fields) if form is not None else set()
    if form is None or (isinstance(form, AnnounceForm) and not fields):
        for message in error.messages:
            messages.error(request, message)
    else:
        add_errors(form, error)
    return form


def _page_asked(request, paginator, status: int) -> tuple[int, int]:
    """The page of the final list `?page=` asks for, and the status; a bad one is said at the top,
    and the first page shown with a 400 unless the POST already failed."""
    try:
        return page_number(request.GET.get("page"), paginator.num_pages), status
    except ValidationError as error:
        for message in error.message_dict["page"]:
            messages.error(request, _("%(message)s Showing the first page.") % {"message": message})
        return 1, 400 if status == 200 else status


@login_required
def approval(request, slug: str):
    """The final list by track, a page at a time (`?page=`: a bad one answers 400 with the first
    page and what was wrong), with the whole list's counts and the step the viewer may take: the
    chair submits it, the approver signs it off or sends it back, an admin announces it."""
    cycle = _cycle(slug)
    user = request.user
    if not user.has_perm("cohorts.view_final_list"):
        raise PermissionDenied(_("Only the approver, the panel chair and program admins see the final list."))
    posting = request.method == "POST"
    data = request.POST if posting else None
    approval_form = ApprovalForm(data, prefix="approval")
    submit_form = SubmitForm(data, prefix="submit")
    announce_form = AnnounceForm(data, prefix="announce")
    status = 200
    if posting:
        outcome, status = _act(request, cycle, approval_form, submit_form, announce_form)
        if status == 302:
            return outcome
        cycle = _cycle(slug)
    result, paginator = api.pages_of(cycle, viewer=user)
    number, status = _page_asked(request, paginator, status)
    page, shown = api.page_of(paginator, number, cycle)
    may_publish_recorded = user.has_perm("cohorts.publish_recorded_announcement", cycle)
    return render(
        request,
        "cohorts/approval.html",
        {
            **result,
            "page": page,
            "shown": shown,
            "decided": page.paginator.count,
            "phase": cycle.phase,
            "events": [
                (event, api.APPROVAL_VERBS[event.verb] % {"actor": event.actor_name})
                for event in api.approval_events(cycle)[:10]
            ],
            "approval_form": approval_form,
            "submit_form": submit_form,
            "announce_form": announce_form,
            # Before the announcement date the button needs a reason (the date then becomes today).
            "announcing_early": cycle.announcement_date > timezone.localdate(),
            "may_approve": user.has_perm("cohorts.sign_off", cycle),
            "may_submit": user.has_perm("cohorts.submit_final_list", cycle),
            "may_announce": user.has_perm("cohorts.announce", cycle),
            "may_publish_recorded": may_publish_recorded,
            "language_form": AnnouncementLanguageForm(
                initial={"language": getattr(result.get("announcement"), "language", "")}
            ),
            "may_choose_language": user.has_perm("cohorts.run_announcement"),
            "recorded_terms": api.recorded_terms(cycle) if may_publish_recorded else [],
            "breadcrumbs": _crumbs(cycle, _("Final list")),
        },
        status=status,
    )


@login_required
@require_POST
def announcement_language(request, slug: str):
    """A program admin writes the announcement's public text in another language."""
    cycle = _cycle(slug)
    if not request.user.has_perm("cohorts.run_announcement"):
        raise PermissionDenied(_("Only program admins choose the language of an announcement."))
    announced = api.announcement_of(cycle)
    if announced is None:
        raise Http404(f"{cycle} is not announced yet.")
    form = AnnouncementLanguageForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("language", [_("Choose a language.")]))
        api.choose_announcement_language(
            actor=request.user, announcement=announced, language=form.cleaned_data["language"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The announcement is now written in %(language)s.")
            % {"language": dict(settings.LANGUAGES)[announced.language]},
        )
    return redirect("cohorts:approval", cycle.slug)


def announcement(request, slug: str):
    """The public announcement of a cohort: the new Distinguished Contributors by track, and the
    same text to paste as Markdown or HTML. 404 before the announcement."""
    cycle = _cycle(slug)
    announced = api.announcement_of(cycle)
    if announced is None:
        raise Http404(f"{cycle} is not announced yet.")
    return render(
        request,
        "cohorts/announcement.html",
        {
            "cycle": cycle,
            "announcement": announced,
            "text": api.announcement_text(announced),
            "breadcrumbs": [HOME, (_("%(cycle)s: announcement") % {"cycle": cycle.name}, "")],
        },
    )
