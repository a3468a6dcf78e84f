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


def _act(request, cycle, approval_form, submit_form, announce_form):
    """Run the POSTed step; the form that shows its errors and the HTTP status, or a redirect."""
    user, decision = request.user, request.POST.get("decision", "")
    if decision in ("sign_off", "send_back"):
        form, call = approval_form, (api.sign_off_cycle if decision == "sign_off" else api.send_back)
        done = (
            _("Signed off: the list is locked and the admins can announce the cohort.")
            if decision == "sign_off"
            else _("Sent back to deliberation; the chair has your note.")
        )
    elif decision == "submit":
        form, call, done = (
            submit_form,
            api.submit_for_approval,
            _("Submitted: the approver has been e-mailed."),
        )
    elif decision == "announce":
        form, call, done = (
            announce_form,
            api.announce_cycle,
            _("Announced: memberships created, nominees e-mailed."),
        )
    elif decision == "announce_recorded":
        form, call, done = (
            None,
            api.announce_recorded_cohort,
            _("Published: the announcement of the recorded cohort."),
        )
    else:
        messages.error(request, _("Choose one of the buttons: sign off, send back, submit or announce."))
        return None, 400
    if form is not None and not form.is_valid():
        return form, 400
    try:
        if form is announce_form:
            call(
                actor=user,
                cycle=cycle,
                early_reason=form.cleaned_data["early_reason"],
                language=form.cleaned_data["language"],
            )
        elif form is not None:
            call(actor=user, cycle=cycle, note=form.cleaned_data["note"])
        else:
            call(actor=user, cycle=cycle)
    except api.AlreadyDone as error:
        return _refused(request, form, error), 409
    except ValidationError as error:
        return _refused(request, form, error), 400
    messages.success(request, done)
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
    approval_form = ApprovalForm(request.POST if posting else None, prefix="approval")
    submit_form = SubmitForm(request.POST if posting else None, prefix="submit")
    announce_form = AnnounceForm(request.POST if posting else None, prefix="announce")
    status = 200
    if posting:
        outcome, status = _act(request, cycle, approval_form, submit_form, announce_form)
        if status == 302:
            return outcome
        cycle = _cycle(slug)
    result, paginator = api.pages_of(cycle, viewer=user)
    try:
        number = page_number(request.GET.get("page"), paginator.num_pages)
    except ValidationError as error:
        for message in error.message_dict["page"]:
            messages.error(request, _("%(message)s Showing the first page.") % {"message": message})
        number, status = 1, 400 if status == 200 else status
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
