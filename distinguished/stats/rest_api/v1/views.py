"""REST API of the program's figures: GET /api/v1/program/stats/."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api
from .serializers import ProgramStatsSerializer


class ReadsProgramStats(BasePermission):
    message = _("The program's figures are for program admins, panel chairs and the Axim approver.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and api.may_read_figures(request.user))


PERIOD_PARAMETERS = [
    OpenApiParameter(
        "cycle",
        OpenApiTypes.STR,
        description="A cycle's slug: its funnel and panel, over its year (from its announcement).",
    ),
    OpenApiParameter(
        "since",
        OpenApiTypes.DATE,
        description="The period's first day (YYYY-MM-DD); default: a year before `until`.",
    ),
    OpenApiParameter("until", OpenApiTypes.DATE, description="The period's last day; default: today."),
]


class ProgramStats(APIView):
    """The program's figures over a period: members (active, per track, per partner tier, for life),
    retention, each cycle's funnel, endorsements and panel, key results met, and the program's own
    targets met or not — what the dashboard (/program/dashboard/) shows."""

    permission_classes = [ReadsProgramStats]

    @extend_schema(
        parameters=PERIOD_PARAMETERS,
        responses={
            200: ProgramStatsSerializer,
            400: OpenApiResponse(
                description="`{cycle|since|until: [message]}`: an unknown cycle, a bad date, since after until"
            ),
        },
    )
    def get(self, request):
        period = api.read_period(request.query_params)
        return Response(ProgramStatsSerializer(api.figures_seen_by(request.user, period)).data)
