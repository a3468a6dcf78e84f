"""Changing a draft: the statements (the nominator's, the nominee's addition) and the evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.program import api as program

from . import api
from .forms import EvidenceForm, NomineeStatementForm, StatementForm
from .nomination_page import crumbs, form_status, labelled, next_or, render_detail
from .page_access import visible_or_404
from .rules import is_nominator, is_nominee


@login_required
def edit(request, nomination_id: int):
    item = visible_or_404(request, nomination_id)
    if not request.user.has_perm("nominations.edit_nomination", item):
        raise PermissionDenied(_("Only the nominator and the nominee change a nomination."))
    nominee = is_nominee(request.user, item)
    form_class = NomineeStatementForm if nominee and not is_nominator(request.user, item) else StatementForm
    initial = {"statement": item.statement, "nominee_statement": item.nominee_statement}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            api.update_nomination(actor=request.user, nomination=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("nominations:nomination", item.pk)
    return render(
        request,
        "nominations/edit.html",
        {
            "nomination": item,
            "form": form,
            "evidence": labelled(item.evidence.all()),
            "evidence_form": EvidenceForm(kinds=program.contribution_kinds()),
            "breadcrumbs": crumbs(
                (str(item), reverse("nominations:nomination", args=[item.pk])), (_("Edit"), "")
            ),
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def evidence_add(request, nomination_id: int):
    item = visible_or_404(request, nomination_id)
    form = EvidenceForm(request.POST, kinds=program.contribution_kinds())
    if form.is_valid():
        try:
            api.add_evidence(actor=request.user, nomination=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Evidence added."))
            return redirect(next_or(request, item))
    if not request.user.has_perm("nominations.view_nomination", item):
        raise PermissionDenied(_("Only the nominator and the nominee add evidence."))
    return render_detail(request, item, evidence_form=form)


@login_required
@require_POST
def evidence_remove(request, nomination_id: int, evidence_id: int):
    item = visible_or_404(request, nomination_id)
    try:
        api.remove_evidence(actor=request.user, nomination=item, evidence_id=evidence_id)
    except ObjectDoesNotExist:
        raise Http404("No such evidence.") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evidence removed."))
    return redirect(next_or(request, item))
