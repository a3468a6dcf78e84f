"""REST API of the ranking: a page of the cycle's stored standings at a time, sorted and filtered on
the server (`GET cycles/{slug}/ranking/`), and the whole of it as CSV or XLSX for the chair
(`GET cycles/{slug}/ranking/export.csv`, `.xlsx`). Rows and rules are review.api's."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core import exports
from distinguished.core.rest_exports import ExportView, download_responses
from distinguished.program import api as program

from ... import api


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="Rank by normalised score among the rows the caller reads.")
    nomination = serializers.IntegerField(source="nomination.pk")
    nominee = serializers.CharField(source="nomination.nominee.name")
    track = serializers.CharField(source="nomination.track.code")
    track_name = serializers.CharField(source="nomination.track.name")
    mean = serializers.FloatField(source="score.mean")
    median = serializers.FloatField(source="score.median")
    normalized = serializers.FloatField(source="score.normalized")
    spread = serializers.FloatField(source="score.sd", help_text="Standard deviation of the scores.")
    range = serializers.FloatField(source="score.range", help_text="Highest minus lowest score.")
    reviews = serializers.IntegerField(source="score.reviews")
    disagreement = serializers.BooleanField(source="score.disagreement")


class RankingPagination(PageNumberPagination):
    """The house's page-number pagination (50 a page), the rows under `ranking` beside the panel's
    agreement and the sort."""

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "sort": self.sort,
                "track": self.track,
                "agreement": self.agreement,
                "ranking": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        properties = answer["properties"]
        properties["ranking"] = properties.pop("results")
        properties["sort"] = {"type": "string", "enum": list(api.RANKING_SORTS)}
        properties["track"] = {"type": "string", "description": "The track shown; empty for every track."}
        properties["agreement"] = {
            "type": "number",
            "nullable": True,
            "description": "Krippendorff's alpha (ordinal) of the panel; null when undefined.",
        }
        answer["required"] = ["count", "ranking", "sort", "track", "agreement"]
        return answer


class RankingQuerySerializer(serializers.Serializer):
    sort = serializers.ChoiceField(choices=list(api.RANKING_SORTS), required=False, default="normalized")
    track = serializers.CharField(required=False, allow_blank=True, default="")


class RankingPageSerializer(RankingQuerySerializer):
    page = serializers.IntegerField(required=False, min_value=1, default=1)


RANKING_PARAMETERS = [
    OpenApiParameter(
        "sort",
        str,
        enum=list(api.RANKING_SORTS),
        description=(
            "The order: normalized (the rank, best first), mean and spread (range) highest first, "
            "disagreement (flagged first, widest range first), track, nominee (by name); ties by rank."
        ),
    ),
    OpenApiParameter("track", str, description="A track code: that track's rows only."),
]


def _chosen(cycle, params, serializer=RankingQuerySerializer) -> dict:
    """{sort, track} (and `page` for a page) checked: a 400 naming each refused one."""
    data = serializer(data=params)
    data.is_valid(raise_exception=True)
    try:
        chosen = api.ranking_filters(cycle, data.validated_data)
    except DjangoValidationError as error:
        raise ValidationError(error.message_dict) from None
    if "page" in data.validated_data:
        chosen["page"] = data.validated_data["page"]
    return chosen


class Ranking(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = RankingPagination

    @extend_schema(
        parameters=[
            *RANKING_PARAMETERS,
            OpenApiParameter("page", int, description="A page number (50 rows a page)."),
        ],
        responses={
            200: RankingRowSerializer(many=True),
            400: OpenApiResponse(description="`{sort|track|page: [why]}`: a refused parameter."),
            403: OpenApiResponse(description="Not the chair, an admin, or (from deliberation on) the panel."),
            404: OpenApiResponse(description="No such cycle."),
        },
        description=(
            "The cycle's nominations with a counted review, ranked by reviewer-normalised score, a page "
            "at a time: each with its rank (by normalised score whatever the sort), mean, median, "
            "spread, range, the number of reviews and the disagreement flag, beside the panel's "
            "agreement. A nomination a conflict of interest hides from the caller is left out, and "
            "without a seat one they made or are the nominee of."
        ),
    )
    def get(self, request, slug):
        cycle = _cycle(slug)
        if not api.can_see_ranking(request.user, cycle):
            raise PermissionDenied(
                _(
                    "The ranking is for the chair and program admins during review, and for the whole panel "
                    "from deliberation on."
                )
            )
        chosen = _chosen(cycle, request.query_params, RankingPageSerializer)
        number = chosen.pop("page")
        ranked = api.ranked_rows(cycle, request.user, **chosen)
        paginator = self.pagination_class()
        pages = paginator.django_paginator_class(ranked.ids(), paginator.page_size)
        if number > pages.num_pages:
            raise ValidationError(
                {
                    "page": [
                        _("There is no page %(number)s: the pages go from 1 to %(last)s.")
                        % {"number": number, "last": pages.num_pages}
                    ]
                }
            )
        # The house's pagination, its page chosen here: a page past the last is a 400, not a 404.
        paginator.request, paginator.page = request, pages.page(number)
        paginator.sort, paginator.track, paginator.agreement = (
            chosen["sort"],
            chosen["track"],
            ranked.agreement,
        )
        rows = [ranked.row(standing) for standing in ranked.load(paginator.page.object_list)]
        return paginator.get_paginated_response(RankingRowSerializer(rows, many=True).data)


class RankingExport(ExportView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=RANKING_PARAMETERS,
        responses=download_responses(
            "The whole ranking",
            {
                400: OpenApiResponse(description="`{sort|track: [why]}`: a refused parameter."),
                403: OpenApiResponse(description="Only the chair and program admins."),
                404: OpenApiResponse(description="No such cycle."),
            },
        ),
        description=(
            "Every row of the ranking the caller reads, in the chosen order: rank, nomination, nominee, "
            "track, normalized score, mean, median, standard deviation, range, reviews, disagreement. "
            "For the chair and program admins; a nomination a conflict of interest hides from the "
            "caller is left out, as on the page."
        ),
    )
    def get(self, request, slug, file_format):
        cycle = _cycle(slug)
        if not request.user.has_perm("review.export_ranking", cycle):
            raise PermissionDenied(_("The chair and program admins export the ranking."))
        chosen = _chosen(cycle, request.query_params)
        table = api.ranking_export(cycle, viewer=request.user, **chosen)
        return exports.response(table, file_format, f"ranking-{cycle.slug}")
