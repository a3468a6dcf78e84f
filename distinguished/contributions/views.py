"""Pages of contributions: a member's own contributions and their progress toward the key results;
for program admins, the imports (CSV and Slack uploads, GitHub and forum runs with a live status)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.core.ids import as_id
from distinguished.core.uploads import UploadTooLarge, describe_size
from distinguished.program import api as program

from . import api, importers, tasks
from .forms import ContributionForm, CsvImportForm, ForumImportForm, GitHubImportForm, SlackImportForm
from .models import Contribution

HOME = (gettext_lazy("Home"), "/")


@login_required
def mine(request):
    """Record and list my contributions."""
    contributor = request.user.contributor
    kinds = program.contribution_kinds()
    form = ContributionForm(request.POST if request.method == "POST" else None, kinds=kinds)
    if request.method == "POST" and contributor is None:
        messages.error(request, _("Create your contributor profile first."))
        return redirect("people:me")
    if request.method == "POST" and form.is_valid():
        try:
            api.record_contribution(actor=request.user, contributor=contributor, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Contribution recorded."))
            return redirect("contributions:mine")
    labels = {k.code: program.in_language(k.label) for k in kinds}
    page = Paginator(
        api.contributions_for(request.user, contributor=contributor.pk if contributor else 0), 50
    )
    page = page.get_page(request.GET.get("page"))
    for item in page.object_list:
        item.kind_label = labels.get(item.kind, item.kind)
    return render(
        request,
        "contributions/mine.html",
        {
            "form": form,
            "page": page,
            "contributor": contributor,
            "breadcrumbs": [HOME, (_("My contributions"), "")],
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )


@login_required
def verify(request):
    """Program admins confirm the contributions that members recorded themselves and that
    nominations gave as evidence."""
    if not request.user.has_perm("contributions.verify_contributions"):
        raise PermissionDenied(_("Only program admins list the contributions to verify."))
    if request.method == "POST":
        _confirm(request, as_id(request.POST.get("contribution", "")) or 0)
        return redirect("contributions:verify")
    labels = {k.code: program.in_language(k.label) for k in program.contribution_kinds()}
    page = Paginator(api.unverified_contributions(), 50).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.kind_label = labels.get(item.kind, item.kind)
    return render(
        request,
        "contributions/verify.html",
        {
            "page": page,
            "breadcrumbs": [HOME, (_("Imports"), reverse("contributions:imports")), (_("To verify"), "")],
        },
    )


def _confirm(request, contribution_id: int):
    try:
        contribution = api.verify_contribution(actor=request.user, contribution_id=contribution_id)
    except Contribution.DoesNotExist:
        raise Http404("No such contribution.") from None
    messages.success(request, _("“%(title)s” is verified.") % {"title": contribution.title})
    return contribution


@login_required
@require_POST
def confirm(request, pk):
    """Confirm one self-reported contribution (a screener from a nomination's scorecard, an admin
    anywhere), then back to the page the button was on."""
    _confirm(request, pk)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    if request.user.has_perm("contributions.verify_contributions"):
        return redirect("contributions:verify")
    return redirect("web:home")


@login_required
def progress(request):
    """My progress toward the key results of each track in the current cycle."""
    contributor = request.user.contributor
    cycle = program.current_cycle()
    rows = api.progress_of(contributor, cycle=cycle) if contributor and cycle else []
    return render(
        request,
        "contributions/progress.html",
        {
            "cycle": cycle,
            "contributor": contributor,
            "rows": rows,
            "breadcrumbs": [
                HOME,
                (_("My contributions"), reverse("contributions:mine")),
                (_("My progress"), ""),
            ],
        },
    )


ACTIVE = {"queued", "running"}


def _require_admin(request) -> None:
    if not request.user.has_perm("contributions.import_contributions"):
        raise PermissionDenied(_("Only program admins import contributions."))


def _start(request, action: str, form) -> bool:
    """Queue a GitHub or forum run and send its task; False (with the form's errors) on bad input."""
    if not form.is_valid():
        return False
    try:
        if action == "github":
            run = importers.queue_github_import(
                org=form.cleaned_data["org"], since=form.cleaned_data["since"], actor=request.user
            )
            tasks.import_github.delay(run.pk)
        else:
            run = importers.queue_forum_import(
                url=form.cleaned_data["url"] or None, since=form.cleaned_data["since"], actor=request.user
            )
            tasks.import_forum.delay(run.pk)
    except ValueError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, _("%(run)s started.") % {"run": run.label})
    return True


def _followed(run_id: int) -> str:
    """The imports page, showing this run's live progress."""
    return f"{reverse('contributions:imports')}?run={run_id}"


def _upload(request, form) -> tuple[int | None, int]:
    """Store an uploaded CSV and send its task → (the run's id, 302), or (None, the status to answer
    with the form's errors: 413 for a file over the limit, 400 otherwise)."""
    if not form.is_valid():
        return None, 400
    upload = form.cleaned_data["file"]
    try:
        run = api.queue_csv_import(request.user, upload, name=upload.name or "")
    except UploadTooLarge as error:
        form.add_error("file", error.message_text)
        return None, 413
    except ValidationError as error:
        form.add_error("file", error.message_dict.get("file", error.messages))
        return None, 400
    tasks.import_csv.delay(run.pk)
    messages.success(
        request,
        _("%(run)s of %(file)s is under way; its progress is below.")
        % {"run": run.label, "file": upload.name},
    )
    return run.pk, 302


def _upload_slack(request, form) -> tuple[int | None, int]:
    """Store an uploaded Slack export and send its task → (the run's id, 302), or (None, 413 or 400)
    with the form's errors."""
    if not form.is_valid():
        return None, 400
    upload = form.cleaned_data["file"]
    try:
        run = api.queue_slack_import(
            request.user,
            upload,
            name=upload.name or "",
            workspace_url=form.cleaned_data["workspace_url"] or None,
        )
    except UploadTooLarge as error:
        form.add_error("file", error.message_text)
        return None, 413
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else "file", errors)
        return None, 400
    tasks.import_slack.delay(run.pk)
    messages.success(
        request,
        _("%(run)s of %(file)s is under way; its progress is below.")
        % {"run": run.label, "file": upload.name},
    )
    return run.pk, 302


def _resume(request) -> tuple[int | None, str, int]:
    """Resume a failed CSV or Slack run → (the new run's id, "", 302) or (None, why not, 409 or 400)."""
    run_id = as_id(request.POST.get("run", "")) or 0
    slack = importers.runs(api.Source.SLACK).filter(pk=run_id).exists()
    try:
        run = (api.resume_slack_import if slack else api.resume_csv_import)(request.user, run_id)
    except ObjectDoesNotExist:
        raise Http404("No such import to resume.") from None
    except api.AlreadyResumed as error:
        return None, " ".join(error.messages), 409
    except ValidationError as error:
        return None, " ".join(error.messages), 400
    (tasks.import_slack if slack else tasks.import_csv).delay(run.pk)
    messages.success(
        request,
        _("%(run)s resumes #%(id)s; its progress is below.") % {"run": run.label, "id": run.resumed_from_id},
    )
    return run.pk, "", 302


@login_required
def imports(request):
    """Upload a CSV of contributions or a Slack export, start a GitHub or forum import, and follow
    the recent runs; `?run=<id>` shows that run's live progress at the top (where an upload leads)."""
    _require_admin(request)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _import_forms(request, action)
    status = 200
    resume_error = ""
    if action:
        done, status, resume_error = _posted(request, action, forms)
        if done is not None:
            return done
    run_id = as_id(request.GET.get("run", ""))
    return render(
        request,
        "contributions/imports.html",
        {
            **forms,
            "followed": _run_followed(run_id),
            "resume_error": resume_error,
            "runs": _recent_runs(run_id),
            "active": ACTIVE,
            "eager": not settings.CELERY_BROKER_URL,
            "max_size": describe_size(settings.IMPORT_MAX_BYTES),
            "breadcrumbs": [HOME, (_("Imports"), "")],
        },
        status=status,
    )


def _import_forms(request, action) -> dict:
    """The page's four forms, the one posted bound to the request."""
    csv_form = CsvImportForm(request.POST, request.FILES) if action == "csv" else CsvImportForm()
    slack_form = (
        SlackImportForm(request.POST, request.FILES, auto_id="id_slack_%s")
        if action == "slack"
        else SlackImportForm(auto_id="id_slack_%s")
    )
    return {
        "csv_form": csv_form,
        "slack_form": slack_form,
        # Both forms have a `since` field: their own ids keep each label on its own input.
        "github_form": GitHubImportForm(request.POST if action == "github" else None, auto_id="id_github_%s"),
        "forum_form": ForumImportForm(request.POST if action == "forum" else None, auto_id="id_forum_%s"),
    }


def _posted(request, action: str, forms: dict) -> tuple:
    """What the posted action does → (the redirect where it leads, or None; the page's status; the
    resume error)."""
    if action == "csv":
        run_id, status = _upload(request, forms["csv_form"])
        return _to_run(run_id), status, ""
    if action == "slack":
        run_id, status = _upload_slack(request, forms["slack_form"])
        return _to_run(run_id), status, ""
    if action == "resume":
        run_id, resume_error, status = _resume(request)
        return _to_run(run_id), status, resume_error
    if action in ("github", "forum") and _start(request, action, forms[f"{action}_form"]):
        return redirect("contributions:imports"), 200, ""
    return None, 200, ""


def _to_run(run_id):
    """The redirect to the page following a run just started (None when none was)."""
    return redirect(_followed(run_id)) if run_id else None


def _run_followed(run_id):
    """The live progress of the run `?run=` names (None without one; a 404 when there is no such
    run)."""
    if not run_id:
        return None
    try:
        return importers.run_status(run_id)
    except importers.ImportRun.DoesNotExist:
        raise Http404("No such import run.") from None


def _recent_runs(followed_id) -> list:
    """The last 20 runs; only those still going get a live panel (a query each), the others show
    their counts."""
    recent = list(importers.runs()[:20])
    for run in recent:
        run.panel = importers.run_status(run.pk) if run.status in ACTIVE and run.pk != followed_id else None
        run.resumable = importers.is_resumable(run)
    return recent


@login_required
def import_status(request, run_id):
    """The live status panel of one run, which the imports page polls while the run is active."""
    _require_admin(request)
    try:
        status = importers.run_status(run_id)
    except importers.ImportRun.DoesNotExist:
        raise Http404("No such import run.") from None
    return render(request, "contributions/_import_status.html", {"run": status, "active": ACTIVE})
