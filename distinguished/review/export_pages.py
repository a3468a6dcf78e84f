"""The downloads of the lists people work from with nominations and the panel, as CSV or XLSX:
the nominations a person may list (from My nominations and the screening page, with the list's
filters), and a cycle's reviews (who reviews what) and conflicts of interest. Rows and rules are
review.api's and nominations.api's; these views only translate the request."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from distinguished.core import exports
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from . import api


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


def _nomination_filters(request) -> dict:
    """The list's filters (`cycle`, `track`, `state`, `q`), checked as the API list checks them:
    a value it refuses is a 400 naming the filter; an unknown cycle is a 404, as on My nominations
    (the screening page's other filter, a failed check, is not one of the list's)."""
    filterset = nominations.bound_list_filter(request.GET, request)
    if not filterset.is_valid():
        errors = filterset.errors.get_json_data()
        raise BadRequest(
            " ".join(
                f"{field}: {' '.join(error['message'] for error in found)}" for field, found in errors.items()
            )
        )
    chosen = {key: value or "" for key, value in filterset.form.cleaned_data.items()}
    if chosen["cycle"]:
        _cycle(chosen["cycle"])
    return chosen


@login_required
@require_GET
def nominations_export(request, file_format: str):
    """`/nominations/export.csv` (or `.xlsx`): the nominations the caller may list, with the
    list's filters; the chair and admins get the panel's scores too."""
    filters = _nomination_filters(request)
    table = api.nominations_export(request.user, **filters)
    return exports.response(table, file_format, api.nominations_file_name(filters["cycle"]))


@login_required
@require_GET
def reviews_export(request, slug: str, file_format: str):
    """`/cycles/<slug>/panel/reviewers/export.csv` (or `.xlsx`): who reviews what, with the scores."""
    cycle = _cycle(slug)
    return exports.response(
        api.reviews_export(cycle, viewer=request.user), file_format, f"reviews-{cycle.slug}"
    )


@login_required
@require_GET
def conflicts_export(request, slug: str, file_format: str):
    """`/cycles/<slug>/panel/conflicts/export.csv` (or `.xlsx`): the panel page's conflicts."""
    cycle = _cycle(slug)
    return exports.response(
        api.conflicts_export(cycle, viewer=request.user), file_format, f"conflicts-{cycle.slug}"
    )
