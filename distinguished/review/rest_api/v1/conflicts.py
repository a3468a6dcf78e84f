"""REST API of conflicts of interest: the chair and program admins read a cycle's conflicts, a
panelist declares one (the chair for any panelist), the chair waives a detected one and takes a
waiver back (`/api/v1/cycles/{slug}/conflicts/`). Rules live in review.api."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.nominations import api as nominations
from distinguished.people import api as people

from ... import api
from .panel import _cycle, _is_chair, _user
from .serializers import (
    ConflictCreatedSerializer,
    ConflictInSerializer,
    ConflictRepeatSerializer,
    ConflictSerializer,
    WaiverInSerializer,
    WaiverWithdrawInSerializer,
    WaiverWithdrawnSerializer,
)


class Conflicts(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=ConflictSerializer(many=True),
        description=(
            "Every conflict of the cycle's panel, declared and detected, for the chair and program admins; "
            "none about a nomination the caller is conflicted with (an admin or a co-chair handles it)."
        ),
    )
    def get(self, request, slug):
        cycle = _cycle(slug)
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair and program admins see every conflict."))
        return Response(
            ConflictSerializer(api.conflicts_seen_by(cycle, request.user)["rows"], many=True).data
        )

    @extend_schema(
        request=ConflictInSerializer,
        responses={
            201: ConflictCreatedSerializer,
            409: OpenApiResponse(
                ConflictRepeatSerializer, description="Declared already: `conflict` names it."
            ),
        },
        description=(
            "A seated panelist declares a conflict with a nomination or a contributor (the chair may "
            "name another panelist). An assignment it covers is voided at once: its review stops counting."
        ),
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = ConflictInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        nomination = contributor = None
        if fields.get("nomination"):
            try:
                nomination = nominations.get_nomination(fields["nomination"])
            except ObjectDoesNotExist:
                raise NotFound() from None
        if fields.get("contributor"):
            try:
                contributor = people.get_contributor(fields["contributor"])
            except ObjectDoesNotExist:
                raise ValidationError({"contributor": [_("No such contributor.")]}) from None
        panelist = _user(fields["panelist"], "panelist") if fields.get("panelist") else None
        try:
            conflict = api.declare_conflict(
                actor=request.user,
                cycle=cycle,
                reason=fields["reason"],
                nomination=nomination,
                contributor=contributor,
                panelist=panelist,
            )
        except api.ConflictExists as repeat:
            return Response({"detail": repeat.message, "conflict": repeat.existing.pk}, status=409)
        return Response(ConflictCreatedSerializer(conflict).data, status=201)


class Waivers(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=WaiverInSerializer, responses={201: WaiverInSerializer})
    def post(self, request, slug):
        _cycle(slug)
        # Who may act is said before any id is looked up: the answer is the same for every id.
        if not request.user.has_perm("review.run_panel"):
            raise PermissionDenied(_("Only the chair waives a conflict."))
        data = WaiverInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            nomination = nominations.get_nomination(fields["nomination"])
        except ObjectDoesNotExist:
            raise NotFound() from None
        api.waive_conflict(
            actor=request.user,
            nomination=nomination,
            panelist=_user(fields["panelist"], "panelist"),
            source=fields["source"],
            reason=fields["reason"],
        )
        return Response(data.validated_data, status=201)


class WithdrawWaiver(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=WaiverWithdrawInSerializer,
        responses={
            200: WaiverWithdrawnSerializer,
            403: OpenApiResponse(description="Not the chair or a program admin."),
            404: OpenApiResponse(
                description="No such waiver in this cycle, or a conflict hides its nomination."
            ),
        },
        description=(
            "The chair takes a waiver back: the detected conflict counts again, and an assignment of that "
            "panelist to that nomination is voided at once (audited, the chairs e-mailed)."
        ),
    )
    def post(self, request, slug, waiver_id):
        cycle = _cycle(slug)
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair or a program admin withdraws a waiver."))
        waiver = api.get_waiver(cycle, waiver_id, viewer=request.user)
        data = WaiverWithdrawInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        voided = api.withdraw_waiver(actor=request.user, waiver=waiver, reason=data.validated_data["reason"])
        return Response(
            WaiverWithdrawnSerializer({"waiver": waiver_id, "voided": [a.pk for a in voided]}).data
        )
