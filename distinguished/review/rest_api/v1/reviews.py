"""REST API of a panelist's reviews: their assignments with their reviews, 50 a page
(`/api/v1/assignments/`), and writing a review of one (`/api/v1/assignments/{id}/review/`). Rules
live in review.api."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.program import api as program

from ... import api
from .serializers import (
    AssignmentSerializer,
    AssignmentsQuerySerializer,
    ReviewInSerializer,
    ReviewSerializer,
)


@extend_schema(
    parameters=[
        OpenApiParameter("cycle", str, description="A cycle's slug: that cycle's assignments only."),
        OpenApiParameter(
            "status",
            str,
            enum=list(api.REVIEW_STATUSES),
            description="todo: the reviews not submitted yet (drafts included); submitted: the others.",
        ),
    ],
    responses={
        200: AssignmentSerializer(many=True),
        400: OpenApiResponse(description="`{cycle|status: [why]}`: a refused parameter."),
    },
)
class MyAssignments(generics.ListAPIView):
    """The signed-in panelist's assignments with their reviews, 50 a page, by nomination."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return api.no_assignments()
        data = AssignmentsQuerySerializer(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        slug, cycle = data.validated_data["cycle"], None
        if slug:
            try:
                cycle = program.get_cycle(slug)
            except ObjectDoesNotExist:
                raise ValidationError({"cycle": [_("No cycle “%(slug)s”.") % {"slug": slug}]}) from None
        return api.assignments_of(self.request.user, cycle, status=data.validated_data["status"])

    def list(self, request, *args, **kwargs):
        # A page of ids first, then those rows whole: a deep page sorts narrow rows.
        ids = self.paginate_queryset(self.get_queryset().values_list("pk", flat=True))
        rows = api.assignments_in(request.user, ids)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class WriteReview(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviewInSerializer,
        responses={
            200: ReviewSerializer,
            404: OpenApiResponse(
                description="No such assignment of the caller's, or it was voided by a conflict."
            ),
            409: OpenApiResponse(description="The review was saved elsewhere meanwhile (a stale `version`)."),
        },
    )
    def post(self, request, assignment_id):
        try:
            assignment = api.get_assignment(assignment_id)
        except ObjectDoesNotExist:
            raise Http404(_("No such assignment.")) from None
        if assignment.panelist_id != request.user.pk:
            raise Http404(_("No such assignment."))
        data = ReviewInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = api.save_review(actor=request.user, assignment=assignment, **data.validated_data)
        return Response(ReviewSerializer(review).data)
