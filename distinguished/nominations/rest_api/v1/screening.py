"""The panel's side of one nomination in the API: its eligibility checks and the nominee's scorecard
(read before screening and in review), and the screening decision."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api
from .access import BAD_INPUT, FORBIDDEN, NOT_FOUND, detail, panel_visible, require, visible
from .input_serializers import ScreeningSerializer
from .output_serializers import EligibilitySerializer, NominationSerializer


class Eligibility(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: EligibilitySerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        description="The automatic eligibility checks (the panel chair and program admins).",
    )
    def get(self, request, pk):
        require(
            request,
            "nominations.screen_nominations",
            "Only the panel chair or a program admin reads the eligibility checks.",
        )
        return Response(
            EligibilitySerializer(
                api.eligibility_of(panel_visible(request, pk, "nominations.view_eligibility"))
            ).data
        )


class Scorecard(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: OpenApiResponse(
                description=(
                    "{key_results:[{code,label,unit,period,value,verified_value,target,met,verified_met,"
                    "contributions:[{id,kind,date,title,url,quantity,major,contributor,source,verified}]}], "
                    "groups:[{code,label,logic,met,verified_met,key_results}], met, verified_met, total, "
                    "qualifies, window}: `verified_value` is the part of the value that verified contributions "
                    "make (imports, admins' records, contributions a screener confirmed); the rest rests on "
                    "self-report. `met`/`total` count requirements: an any-of group is one."
                )
            ),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        description="The nominee's key results for the track over the cycle's window (the panel).",
    )
    def get(self, request, pk):
        require(request, "nominations.panel_member", _("Only the review panel reads scorecards."))
        return Response(api.scorecard_of(panel_visible(request, pk, "nominations.view_scorecard")).as_dict())


class Screening(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ScreeningSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description=(
            "Decide eligible or ineligible (the panel chair or a program admin, in the screening "
            "phase). Ineligible needs a reason, which the nominee reads."
        ),
    )
    def post(self, request, pk):
        require(
            request,
            "nominations.screen_nominations",
            "Only the panel chair or a program admin screens nominations.",
        )
        nomination = visible(request, pk)
        serializer = ScreeningSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api.screen(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(detail(request, pk))
