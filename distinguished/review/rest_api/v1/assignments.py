"""REST API of assigning reviewers: the chair assigns them by the solver or by hand
(`/api/v1/cycles/{slug}/assignments/`), reads the assignments a late conflict voided and reassigns
one in a click (`/api/v1/assignments/{id}/reassign/`). Rules live in review.api."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.nominations import api as nominations

from ... import api
from .panel import _cycle, _is_chair, _user
from .serializers import (
    AssignInSerializer,
    AssignmentSerializer,
    ByHandInSerializer,
    VoidedAssignmentSerializer,
)


class VoidedAssignments(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: VoidedAssignmentSerializer(many=True),
            403: OpenApiResponse(description="Not the chair."),
        },
        description=(
            "The cycle's assignments voided by a conflict that arose after assignment, oldest first, each with "
            "its replacement; none about a nomination the caller is conflicted with."
        ),
    )
    def get(self, request, slug):
        cycle = _cycle(slug)
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair and program admins see voided assignments."))
        return Response(
            VoidedAssignmentSerializer(api.voided_assignments(cycle, viewer=request.user), many=True).data
        )


class Reassign(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            201: AssignmentSerializer,
            400: OpenApiResponse(
                description="`{assignment|nomination|panelist: [why]}`: not voided, reassigned already, decided, nobody free."
            ),
            403: OpenApiResponse(description="Not the chair or a program admin."),
            404: OpenApiResponse(description="No such assignment, or a conflict hides its nomination."),
        },
        description=(
            "One click for the chair: a voided assignment's nomination gets another reviewer — seated, free "
            "of a conflict, from a stakeholder group its reviewers do not cover yet, the least loaded — who "
            "is e-mailed. Answers the new assignment."
        ),
    )
    def post(self, request, assignment_id):
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair or a program admin reassigns a review."))
        assignment = api.voided_assignment(assignment_id, viewer=request.user)
        replacement = api.reassign(actor=request.user, assignment=assignment)
        return Response(AssignmentSerializer(api.get_assignment(replacement.pk)).data, status=201)


class Assign(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AssignInSerializer,
        responses={
            200: OpenApiResponse(
                description="{assignments, added, removed, per_reviewer: {user id: load}, gap}"
            ),
            400: OpenApiResponse(
                description="{detail, reasons:[...]} when no assignment satisfies the rules"
            ),
        },
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = AssignInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = api.assign_reviewers(
                actor=request.user,
                cycle=cycle,
                reviewers_per_nomination=data.validated_data["reviewers_per_nomination"],
            )
        except api.NoAssignment as error:
            return Response(
                {"detail": _("No assignment satisfies the rules."), "reasons": error.reasons}, status=400
            )
        return Response(result)


class AssignByHand(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ByHandInSerializer, responses={201: AssignmentSerializer})
    def post(self, request, slug):
        if not request.user.has_perm("review.run_panel"):
            raise PermissionDenied(_("Only the chair or a program admin assigns reviewers."))
        cycle = _cycle(slug)
        data = ByHandInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            nomination = nominations.get_nomination(data.validated_data["nomination"])
        except ObjectDoesNotExist:
            raise NotFound() from None
        if nomination.cycle_id != cycle.pk:  # in this cycle's address, another's is unknown
            raise NotFound(_("No such nomination in this cycle."))
        assignment = api.assign_by_hand(
            actor=request.user,
            nomination=nomination,
            panelist=_user(data.validated_data["panelist"], "panelist"),
        )
        return Response(AssignmentSerializer(api.get_assignment(assignment.pk)).data, status=201)
