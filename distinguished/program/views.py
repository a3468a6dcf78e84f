"""Pages of the program app: the program explained, the cycles and their administration."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distinguished.audit import api as audit
from distinguished.core.forms import add_errors
from distinguished.people.api import is_program_admin

from . import api
from .forms import CycleForm, PhaseOverrideForm, TargetsForm


def _cycle_or_404(slug: str):
    try:
        return api.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None


def _require_admin(request) -> None:
    if not is_program_admin(request.user):
        raise PermissionDenied(_("Only program admins manage cycles."))


def program(request):
    """The program explained: what a community member reads to learn how to be recognized."""
    prog = api.get_program()
    cycle = api.current_cycle()
    targets = {t.key_result_id: t.target for t in api.targets_of(cycle)} if cycle else {}
    for track in prog.tracks.all() if prog else ():
        for kr in track.key_results.all():
            kr.current_target = targets.get(kr.pk, kr.default_target)
    return render(
        request,
        "program/program.html",
        {
            "program": prog,
            "info": prog.definition if prog else {},
            "cycle": cycle,
            "breadcrumbs": [(_("Home"), reverse("web:home")), (_("The program"), "")],
        },
    )


def cycles(request):
    return render(
        request,
        "program/cycles.html",
        {
            "cycles": api.cycles(),
            "is_admin": is_program_admin(request.user),
            "breadcrumbs": [(_("Home"), reverse("web:home")), (_("Cycles"), "")],
        },
    )


def _cycle_context(request, cyc, *, targets_form=None, phase_form=None) -> dict:
    is_admin = is_program_admin(request.user)
    targets = api.targets_of(cyc)
    program_targets = api.program_targets_of(cyc)
    context = {
        "cycle": cyc,
        "timeline": api.describe_dates(cyc),
        "targets": targets,
        "program_targets": program_targets,
        "reads_stats": request.user.has_perm("program.view_stats"),
        "is_admin": is_admin,
        # The final list (cohorts app): its approval, the announcement, an earlier cohort's publishing.
        "sees_final_list": request.user.has_perm("cohorts.view_final_list"),
        "breadcrumbs": [
            (_("Home"), reverse("web:home")),
            (_("Cycles"), reverse("program:cycles")),
            (cyc.name, ""),
        ],
    }
    if is_admin:
        context["targets_form"] = targets_form or TargetsForm(
            targets=targets, program_targets=program_targets
        )
        context["phase_form"] = phase_form or PhaseOverrideForm(
            initial={"phase": cyc.phase_override or "auto"}
        )
        context["events"] = audit.events_for(cyc)[:20]
    return context


def cycle(request, slug: str):
    return render(request, "program/cycle.html", _cycle_context(request, _cycle_or_404(slug)))


def _warn_of_overlaps(request, cyc) -> None:
    """Overlapping nomination windows are allowed; the admin is told which cycles overlap."""
    for warning in api.overlap_warnings(cyc):
        messages.warning(request, warning)


@login_required
def cycle_new(request):
    _require_admin(request)
    form = CycleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cyc = api.create_cycle(actor=request.user, **form.cycle_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Cycle “%(name)s” created. Its targets start at the program's defaults.")
                % {"name": cyc.name},
            )
            _warn_of_overlaps(request, cyc)
            return redirect("program:cycle", slug=cyc.slug)
    return render(
        request,
        "program/cycle_form.html",
        {
            "form": form,
            "title": _("New cycle"),
            "breadcrumbs": [
                (_("Home"), reverse("web:home")),
                (_("Cycles"), reverse("program:cycles")),
                (_("New cycle"), ""),
            ],
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )


@login_required
def cycle_edit(request, slug: str):
    _require_admin(request)
    cyc = _cycle_or_404(slug)
    initial = {name: getattr(cyc, name) for name in api.CYCLE_FIELDS}
    initial["closes_on"] = cyc.closes_on
    form = CycleForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        fields = form.cycle_fields()
        fields.pop("slug", None)
        try:
            api.update_cycle(actor=request.user, cycle=cyc, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Cycle “%(name)s” saved.") % {"name": cyc.name})
            _warn_of_overlaps(request, cyc)
            return redirect("program:cycle", slug=cyc.slug)
    return render(
        request,
        "program/cycle_form.html",
        {
            "form": form,
            "cycle": cyc,
            "title": _("Edit %(name)s") % {"name": cyc.name},
            "breadcrumbs": [
                (_("Home"), reverse("web:home")),
                (_("Cycles"), reverse("program:cycles")),
                (cyc.name, reverse("program:cycle", args=[cyc.slug])),
                (_("Edit"), ""),
            ],
        },
        # Back on the form after a POST: the input was refused.
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def cycle_targets(request, slug: str):
    _require_admin(request)
    cyc = _cycle_or_404(slug)
    form = TargetsForm(request.POST, targets=api.targets_of(cyc), program_targets=api.program_targets_of(cyc))
    saved = False
    if form.is_valid():
        try:
            api.set_targets(actor=request.user, cycle=cyc, targets=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            saved = True
            form = TargetsForm(targets=api.targets_of(cyc), program_targets=api.program_targets_of(cyc))
    if request.htmx:
        return render(
            request, "program/_targets_form.html", {"cycle": cyc, "targets_form": form, "saved": saved}
        )
    if saved:
        messages.success(request, _("Targets saved."))
        return redirect("program:cycle", slug=cyc.slug)
    messages.error(request, _("The targets were not saved; see the messages below."))
    return render(request, "program/cycle.html", _cycle_context(request, cyc, targets_form=form), status=400)


@login_required
@require_POST
def cycle_phase(request, slug: str):
    _require_admin(request)
    cyc = _cycle_or_404(slug)
    form = PhaseOverrideForm(request.POST)
    if form.is_valid():
        try:
            api.override_phase(
                actor=request.user,
                cycle=cyc,
                phase=form.cleaned_data["phase"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The cycle is now in the %(phase)s phase.") % {"phase": cyc.get_phase_display().lower()},
            )
            return redirect("program:cycle", slug=cyc.slug)
    return render(request, "program/cycle.html", _cycle_context(request, cyc, phase_form=form), status=400)
