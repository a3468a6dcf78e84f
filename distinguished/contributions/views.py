"""Pages of contributions: a member's own contributions and their progress toward the key results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from distinguished.core.forms import add_errors
from distinguished.program import api as program

from . import api
from .forms import ContributionForm

HOME = ("Home", "/")


@login_required
def mine(request):
    """Record and list my contributions."""
    contributor = request.user.contributor
    kinds = program.contribution_kinds()
    form = ContributionForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and contributor is None:
        messages.error(request, "Create your contributor profile first.")
        return redirect("people:me")
    if request.method == "POST" and form.is_valid():
        try:
            api.record_contribution(actor=request.user, contributor=contributor, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Contribution recorded.")
            return redirect("contributions:mine")
    labels = {k.code: k.label for k in kinds}
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
            "breadcrumbs": [HOME, ("My contributions", "")],
        },
    )


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
            "breadcrumbs": [HOME, ("My contributions", reverse("contributions:mine")), ("My progress", "")],
        },
    )
