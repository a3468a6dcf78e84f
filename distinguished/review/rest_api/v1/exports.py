"""The REST API's downloads of the lists people work from with nominations and the panel, each at
`….csv` and `….xlsx` (core.rest_exports): the nominations the caller may list, with the list's
filters (the panel's scores for the chair and admins), and a cycle's reviews and conflicts. Rows
and rules are review.api's; these views only translate the request."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from distinguished.core import exports
from distinguished.core.rest_exports import ExportView, download_responses
from distinguished.nominations import api as nominations
from distinguished.program import api as program

from ... import api


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


# The list's filters (`GET /api/v1/nominations/`), checked by its own FilterSet.
NOMINATION_FILTERS = [
    OpenApiParameter("cycle", str, description="A cycle slug."),
    OpenApiParameter("track", str, description="A track code."),
    OpenApiParameter(
        "state",
        str,
        enum=nominations.State.values,
        description="The state as the caller reads it (an untold decision is in_review to its parties).",
    ),
    OpenApiParameter(
        "q", str, description="Words that must each match the nominee's name, the track or the nominator."
    ),
]
CHAIR_ONLY = {
    403: OpenApiResponse(description="Only the chair and program admins."),
    404: OpenApiResponse(description="No such cycle."),
}


class NominationsExport(ExportView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=NOMINATION_FILTERS,
        responses=download_responses(
            "The nominations",
            {400: OpenApiResponse(description="A filter's value is refused: the filter and why.")},
        ),
        description=(
            "The nominations the caller may list, as `GET /api/v1/nominations/` lists them with the "
            "same filters, one row each: id, cycle, track, nominee, nominator, the state as the caller "
            "reads it, submitted, endorsements. The chair and program admins get the panel's scores "
            "too (reviews, mean, normalized), never for a nomination a conflict of interest hides "
            "from them, nor for their own."
        ),
    )
    def get(self, request, file_format):
        # The list's own FilterSet: a value the list refuses is the same 400 here.
        filterset = nominations.bound_list_filter(request.query_params, request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        chosen = {key: value or "" for key, value in filterset.form.cleaned_data.items()}
        table = api.nominations_export(request.user, **chosen)
        return exports.response(table, file_format, api.nominations_file_name(chosen["cycle"]))


class ReviewsExport(ExportView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=download_responses("Who reviews what, with the scores", CHAIR_ONLY),
        description=(
            "A row per live assignment of the cycle's reviewable nominations (one for a nomination "
            "without a reviewer): nomination, nominee, track, state, reviewer, stakeholder group, "
            "review status, submitted, by hand, then a submitted review's score on each key area, "
            "their mean and the recommendation. For the chair and program admins; a nomination a "
            "conflict of interest hides from the caller is left out, and a voided assignment is no "
            "reviewer."
        ),
    )
    def get(self, request, slug, file_format):
        cycle = _cycle(slug)
        table = api.reviews_export(cycle, viewer=request.user)
        return exports.response(table, file_format, f"reviews-{cycle.slug}")


class ConflictsExport(ExportView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=download_responses("The conflicts of interest", CHAIR_ONLY),
        description=(
            "The cycle's conflicts of interest as `GET /api/v1/cycles/{slug}/conflicts/` lists them "
            "(declared, added by the chair, detected), with the reason and the waiver. For the chair "
            "and program admins; none about a nomination the caller is conflicted with."
        ),
    )
    def get(self, request, slug, file_format):
        cycle = _cycle(slug)
        table = api.conflicts_export(cycle, viewer=request.user)
        return exports.response(table, file_format, f"conflicts-{cycle.slug}")
