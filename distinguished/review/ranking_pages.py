"""The ranking page, a page of the cycle's stored standings at a time, sorted and filtered on the
server, and its download (CSV or XLSX) for the chair. Rows and rules are review.api's."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from distinguished.core import exports
from distinguished.core.page_numbers import page_number
from distinguished.program import api as program

from . import api

PAGE_SIZE = 50
# The names of the not yet reviewed nominations the page lists before saying how many more there are.
UNREVIEWED_SHOWN = 50


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


@login_required
@require_GET
def ranking(request, slug: str):
    """`/cycles/<slug>/ranking/?sort=&track=&page=`: a page of the ranking; a refused `sort`,
    `track` or `page` answers 400 with the first page in the default order and what was wrong.
    An earlier link with `?format=csv` is sent to the download."""
    cycle = _cycle(slug)
    if not api.can_see_ranking(request.user, cycle):
        raise PermissionDenied(
            _(
                "The ranking is for the chair and program admins during review, and for the whole panel "
                "from deliberation on."
            )
        )
    if request.GET.get("format") == "csv":
        return _to_download(request, cycle)
    chosen, problems = _chosen(request, cycle)
    ranked = api.ranked_rows(cycle, request.user, **chosen)
    paginator = Paginator(ranked.ids(), PAGE_SIZE)
    try:
        number = page_number(request.GET.get("page"), paginator.num_pages)
    except ValidationError as error:
        problems += error.message_dict["page"]
        number = 1
    page = paginator.page(number)
    unreviewed = _unreviewed(ranked)
    return render(
        request,
        "review/ranking.html",
        {
            "cycle": cycle,
            "page": page,
            "rows": [ranked.row(standing) for standing in ranked.load(page.object_list)],
            "sort": chosen["sort"],
            "track": chosen["track"],
            "sort_label": api.RANKING_SORTS[chosen["sort"]][0].lower(),
            "sorts": {code: label for code, (label, _) in api.RANKING_SORTS.items()},
            "tracks": program.tracks_of(cycle.program),
            "query": urlencode({key: value for key, value in chosen.items() if value}),
            "track_query": urlencode({"track": chosen["track"]}) if chosen["track"] else "",
            "problems": problems,
            "agreement": ranked.agreement,
            **unreviewed,
            "is_chair": request.user.has_perm("review.export_ranking", cycle),
            "breadcrumbs": [
                (_("Home"), "/"),
                (_("Cycles"), reverse("program:cycles")),
                (cycle.name, reverse("program:cycle", args=[cycle.slug])),
                (_("Ranking"), ""),
            ],
        },
        status=400 if problems else 200,
    )


def _to_download(request, cycle):
    """An earlier link to the ranking with `?format=csv`, sent to the download with its sort and track."""
    kept = {key: request.GET[key] for key in ("sort", "track") if request.GET.get(key)}
    target = reverse("review:ranking-export", kwargs={"slug": cycle.slug, "file_format": "csv"})
    return redirect(target + (f"?{urlencode(kept)}" if kept else ""))


def _chosen(request, cycle) -> tuple[dict, list[str]]:
    """(the sort and track asked for, what was wrong with them): the default order of every track
    when either is refused."""
    try:
        return api.ranking_filters(cycle, request.GET), []
    except ValidationError as error:
        problems = [message for messages in error.message_dict.values() for message in messages]
        return {"sort": "normalized", "track": ""}, problems


def _unreviewed(ranked) -> dict:
    """The names of the nominations not yet reviewed (the first UNREVIEWED_SHOWN) and how many more."""
    unreviewed = ranked.unreviewed()
    count = unreviewed.count()
    return {
        "unreviewed": list(unreviewed.values_list("nominee__name", flat=True)[:UNREVIEWED_SHOWN])
        if count
        else [],
        "unreviewed_more": max(0, count - UNREVIEWED_SHOWN),
    }


@login_required
@require_GET
def ranking_export(request, slug: str, file_format: str):
    """`/cycles/<slug>/ranking/export.csv` (or `.xlsx`): the whole ranking, in the page's sort and
    of its track, for the chair and program admins; a refused `sort` or `track` is a 400."""
    cycle = _cycle(slug)
    if not request.user.has_perm("review.export_ranking", cycle):
        raise PermissionDenied(_("The chair and program admins export the ranking."))
    try:
        chosen = api.ranking_filters(cycle, request.GET)
    except ValidationError as error:
        raise BadRequest(
            " ".join(f"{field}: {' '.join(found)}" for field, found in error.message_dict.items())
        ) from None
    table = api.ranking_export(cycle, viewer=request.user, **chosen)
    return exports.response(table, file_format, f"ranking-{cycle.slug}")
