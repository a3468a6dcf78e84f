"""The panel's pages: who sits on it and its conflicts (the panel page), copy an earlier cycle's panel, and who
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

from distinguished.core.forms import add_errors
from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.program import api as program

from . import api
from .forms import ConflictForm, SeatForm
from .views import HOME, _is_chair


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
