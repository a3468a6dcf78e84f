"""The screening list: the cycle's nominations to screen with their checks, found by words (the
nominee, the track or the nominator), filtered by track and failed check, PAGE_SIZE at a time
(the checks computed for the page's rows only), and decided in the list — eligible, or ineligible
with the reason the nominee reads — through `api.screen`, the one screening function. A decision
returns to the list with its search and page kept. The nomination page's screening form posts to
`screen`, which returns to that page (or the form's `next`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from distinguished.core.forms import add_errors
from distinguished.core.page_numbers import page_number
from distinguished.program import api as program

from . import api
from .forms import ScreeningForm
from .nomination_page import next_or, render_detail
from .page_access import visible_or_404

SEARCH_KEYS = ("q", "track", "failed", "page")
Q_MAX = 200
PAGE_SIZE = 50


def _cycle(slug: str):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None


def _require_screener(user) -> None:
    if not user.has_perm("nominations.screen_nominations"):
        raise PermissionDenied(_("Only the panel chair or a program admin screens nominations."))


def _search(data) -> dict:
    """The list's search as the request gives it (GET, or the hidden fields of a decision)."""
    search = {key: (data.get(key) or "").strip() for key in SEARCH_KEYS}
    search["q"] = search["q"][:Q_MAX]
    search["page"] = search["page"][:20]
    return search


def _list_url(cycle, search: dict) -> str:
    query = urlencode({k: v for k, v in search.items() if v})
    return reverse("nominations:screening", args=[cycle.slug]) + (f"?{query}" if query else "")


def _page(request, cycle, search: dict, *, failed_form=None, failed_id=None, status=200):
    """A page of the list (PAGE_SIZE rows, with their checks); a `page` or `failed` the list does
    not know answers 400 with what was wrong, showing the first page (of every check)."""
    problems = []
    search = _known_check(search, problems)
    paginator = Paginator(
        api.screening_nominations(
            cycle, viewer=request.user, track=search["track"], failed=search["failed"], q=search["q"]
        ),
        PAGE_SIZE,
    )
    page = paginator.page(_page_number(search["page"], paginator.num_pages, problems))
    filters = {key: search[key] for key in ("q", "track", "failed") if search[key]}
    return render(
        request,
        "nominations/screening.html",
        {
            "cycle": cycle,
            **search,
            # After the search: `page` is the page shown, not the number asked for.
            "page": page,
            "rows": api.screening_rows(page.object_list),
            "searched": bool(filters),
            "query": urlencode(filters),
            "problems": problems,
            "tracks": program.tracks_of(cycle.program),
            "rules": {code: _(label) for code, label in api.RULES.items()},
            "in_screening": cycle.phase == program.Phase.SCREENING,
            "failed_form": failed_form,
            # The download of the cycle's nominations, with the search and track (not a failed check).
            "export_query": urlencode(
                {"cycle": cycle.slug, **{key: search[key] for key in ("track", "q") if search[key]}}
            ),
            "failed_id": failed_id,
            "breadcrumbs": [
                (_("Home"), "/"),
                (_("Cycles"), reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                (_("Screening"), ""),
            ],
        },
        status=400 if problems and status == 200 else status,
    )


def _known_check(search: dict, problems: list) -> dict:
    """The search without a failed check the list does not know, which `problems` then names."""
    if search["failed"] and search["failed"] not in api.RULES:
        problems.append(_("“%(check)s” is not a check; showing every check.") % {"check": search["failed"]})
        return {**search, "failed": ""}
    return search


def _page_number(asked: str, num_pages: int, problems: list) -> int:
    """The number of the page asked for, or 1 for one the list does not have, which `problems` then
    says."""
    try:
        return page_number(asked, num_pages)
    except ValidationError as error:
        problems += [
            _("%(message)s Showing the first page.") % {"message": message}
            for message in error.message_dict["page"]
        ]
        return 1


@login_required
def screening(request, slug: str):
    _require_screener(request.user)
    return _page(request, _cycle(slug), _search(request.GET))


@login_required
@require_POST
def decide(request, slug: str, nomination_id: int):
    """Eligible or ineligible from the list row; back to the list, its search kept. A decision the
    rules refuse shows the list again with the reason at that row (400), the typed reason kept."""
    _require_screener(request.user)
    cycle = _cycle(slug)
    search = _search(request.POST)
    try:
        nomination = api.get_nomination(nomination_id)
    except ObjectDoesNotExist:
        raise Http404("No such nomination.") from None
    # Another cycle's nomination, or one a conflict hides, is no nomination of this list.
    if nomination.cycle_id != cycle.pk or not request.user.has_perm(
        "nominations.view_nomination", nomination
    ):
        raise Http404("No such nomination.")
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            api.screen(
                actor=request.user,
                nomination=nomination,
                eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"],
            )
        except ObjectDoesNotExist:
            raise Http404("No such nomination.") from None
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(nominee)s: %(state)s.")
                % {"nominee": nomination.nominee, "state": nomination.get_state_display().lower()},
            )
            return redirect(f"{_list_url(cycle, search)}#screen-{nomination.pk}")
    return _page(request, cycle, search, failed_form=form, failed_id=nomination.pk, status=400)


@login_required
@require_POST
def screen(request, nomination_id: int):
    item = visible_or_404(request, nomination_id)
    form = ScreeningForm(request.POST)
    if form.is_valid():
        try:
            api.screen(
                actor=request.user,
                nomination=item,
                eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(nominee)s: %(state)s.")
                % {"nominee": item.nominee, "state": item.get_state_display().lower()},
            )
            return redirect(next_or(request, item))
    if not request.user.has_perm("nominations.screen_nomination", item):
        raise PermissionDenied(_("Only the panel chair or a program admin screens nominations."))
    return render_detail(request, item, screening_form=form)
