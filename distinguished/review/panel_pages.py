"""Pages that help the chair and admins run the panel: copy an earlier cycle's panel, and who
reviews what (a table; its download, with the scores, is export_pages.py's). The rules are
review.api's; these only translate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from distinguished.program import api as program

from . import api


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None


def _nominees(items) -> str:
    """“Ada”, “Ada and Ben”, “Ada, Ben and Cy”: the nominees of the nominations given."""
    names = [str(n.nominee) for n in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@login_required
@require_POST
def copy_panel(request, slug: str):
    """“Copy the panel of <cycle>” (or add its members to the seats already here), then back to
    the panel page, where each seat can be edited."""
    cycle = _cycle(slug)
    if not request.user.has_perm("review.seat_panel", cycle):
        raise PermissionDenied("Only program admins seat the panel.")
    try:
        source = program.get_cycle(request.POST.get("source", ""))
    except ObjectDoesNotExist:
        messages.error(request, "Choose the earlier cycle whose panel to copy.")
        return redirect("review:panel", cycle.slug)
    try:
        copied = api.copy_panel(
            actor=request.user, cycle=cycle, source=source, add=request.POST.get("add") == "1"
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except IntegrityError:
        messages.error(request, "Someone changed this panel meanwhile; reload the page and copy again.")
    else:
        count = len(copied.seated)
        messages.success(
            request,
            f"{count} panelist{'s' if count != 1 else ''} of the {source} panel seated here; "
            "edit or remove any seat below.",
        )
        if copied.skipped:
            messages.info(
                request,
                "Not copied: " + "; ".join(f"{s.name} ({s.reason})" for s in copied.skipped) + ".",
            )
    return redirect("review:panel", cycle.slug)


@login_required
def reviewers(request, slug: str):
    """Who reviews what, by nomination and by panelist; its download is export.csv (or .xlsx,
    export_pages.py), where an earlier link with `?format=csv` is sent."""
    cycle = _cycle(slug)
    if request.GET.get("format") == "csv":
        return redirect("review:reviews-export", slug=cycle.slug, file_format="csv")
    table = api.who_reviews_what(cycle, viewer=request.user)
    return render(
        request,
        "review/reviewers.html",
        {
            "cycle": cycle,
            **table,
            "handled_elsewhere_names": _nominees(table["handled_elsewhere"])
            if table["handled_elsewhere"]
            else "",
            "breadcrumbs": [
                ("Home", "/"),
                ("Cycles", reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                ("Review panel", reverse("review:panel", args=[cycle.slug])),
                ("Who reviews what", ""),
            ],
        },
    )
