"""REST operations that help run the panel: copy an earlier cycle's panel, and who reviews what.
The rules are review.api's (`copy_panel`, `who_reviews_what`); these views only translate."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin
from distinguished.program import api as program

from ... import api
from ...enums import ReviewStatus
from .serializers import PanelSerializer, SeatSerializer


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


# --- Copy a panel ---------------------------------------------------------------------------------


class PanelCopyInSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The slug of the cycle whose panel to copy.")
    add = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Add the earlier panel's members to the seats this panel has already (else refused).",
    )


class SkippedSeatSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField()
    reason = serializers.CharField()


class PanelCopiedSerializer(serializers.Serializer):
    source = serializers.CharField(source="source.slug")
    seated = SeatSerializer(many=True)
    skipped = SkippedSeatSerializer(many=True)
    panel = PanelSerializer()


class PanelCopy(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(
        request=PanelCopyInSerializer,
        responses={
            201: PanelCopiedSerializer,
            400: OpenApiResponse(
                description="No such source cycle, the panel itself, or seats here already."
            ),
        },
        description=(
            "Seat on this cycle's panel everyone seated on the source cycle's panel, in the same group, "
            "with the chair and preferred tracks (program admins). A panel with seats already is refused "
            "unless `add` is true. Skipped seats (deactivated accounts, people seated here already) are "
            "listed with the reason. Conflicts are not copied: they are checked per nomination as ever."
        ),
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = PanelCopyInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            source = program.get_cycle(data.validated_data["source"])
        except ObjectDoesNotExist:
            raise ValidationError(
                {"source": [_("No cycle “%(slug)s”.") % {"slug": data.validated_data["source"]}]}
            ) from None
        copied = api.copy_panel(
            actor=request.user, cycle=cycle, source=source, add=data.validated_data["add"]
        )
        body = {
            "source": copied.source,
            "seated": copied.seated,
            "skipped": copied.skipped,
            "panel": api.panel_status(cycle),
        }
        return Response(PanelCopiedSerializer(body).data, status=201)


# --- Who reviews what -----------------------------------------------------------------------------


class ReviewerSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="assignment_id")
    panelist = serializers.IntegerField(source="panelist_id")
    name = serializers.CharField()
    group = serializers.CharField(source="group.code", allow_null=True, default=None)
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    submitted = serializers.DateTimeField(allow_null=True)
    by_hand = serializers.BooleanField()


class ReviewerRowSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="nomination.pk")
    nominee = serializers.CharField(source="nomination.nominee.name")
    track = serializers.CharField(source="nomination.track.code")
    state = serializers.CharField(source="nomination.state")
    reviewers = ReviewerSerializer(many=True)
    submitted = serializers.IntegerField()


class LoadSerializer(serializers.Serializer):
    panelist = serializers.IntegerField(source="panelist_id")
    name = serializers.CharField()
    group = serializers.CharField(source="group.code", allow_null=True, default=None)
    assigned = serializers.IntegerField()
    submitted = serializers.IntegerField()


class ReviewerTableSerializer(serializers.Serializer):
    nominations = ReviewerRowSerializer(many=True, source="rows")
    panelists = LoadSerializer(many=True, source="loads")
    hidden = serializers.IntegerField(help_text="Nominations a conflict of interest hides from the caller.")


class Reviewers(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=ReviewerTableSerializer,
        description=(
            "Who reviews what: every reviewable nomination of the cycle with its reviewers and how far "
            "each review is (`not_started`, `draft`, `submitted`), and each panelist's load. For the "
            "chair and program admins; a nomination a conflict of interest hides from the caller is "
            "left out and counted in `hidden`."
        ),
    )
    def get(self, request, slug):
        table = api.who_reviews_what(_cycle(slug), viewer=request.user)
        return Response(ReviewerTableSerializer({**table, "hidden": len(table["handled_elsewhere"])}).data)
