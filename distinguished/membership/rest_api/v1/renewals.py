"""REST API of renewals: the member applies to renew a term (`/api/v1/memberships/<id>/renewal/`);
the chair and program admins list the applications, read one with the evaluation of the term and
decide it (`/api/v1/renewals/`). Rules live in membership.api."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import ADMIN
from distinguished.core.rest_errors import validation_payload

from ... import api
from ...models import Renewal
from .terms import MemberRefSerializer, RenewalWindowSerializer, membership_or_404


class IsChairOrAdmin(BasePermission):
    message = gettext_lazy("Only the chair or a program admin may do this.")

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and (user.has_perm(ADMIN) or user.has_perm("distinguished.chair"))
        )


def _conflict(error: api.AlreadyDone) -> Response:
    """A second application or decision: 409 with the message that says what happened first."""
    return Response(validation_payload(error), status=409)


# --- serializers ---------------------------------------------------------------------------------


class RenewalStatementSerializer(serializers.Serializer):
    statement = serializers.CharField(
        allow_blank=True, max_length=20_000, help_text="Markdown: what you contributed during the term."
    )


class RenewalDecisionSerializer(serializers.Serializer):
    renew = serializers.BooleanField(
        help_text="true renews (a new term chained to this one); false lets it lapse."
    )
    reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Required when the term lapses; the member reads it.",
    )


class MembershipTermRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class RenewalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    membership = serializers.IntegerField(source="membership_id")
    contributor = serializers.SerializerMethodField()
    track = serializers.CharField(source="membership.track.code")
    term = serializers.SerializerMethodField()
    statement = serializers.CharField()
    state = serializers.CharField(help_text="pending, renewed or lapsed.")
    applied = serializers.DateTimeField()
    decided = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.SerializerMethodField()
    renew = serializers.BooleanField(allow_null=True)
    reason = serializers.CharField()
    new_term = serializers.SerializerMethodField()

    @extend_schema_field(MemberRefSerializer)
    def get_contributor(self, renewal) -> dict:
        contributor = renewal.membership.contributor
        return {"id": contributor.pk, "name": contributor.name}

    @extend_schema_field(MembershipTermRefSerializer)
    def get_term(self, renewal) -> dict:
        membership = renewal.membership
        return {"id": membership.pk, "start": membership.start, "end": membership.end}

    def get_decided_by(self, renewal) -> str | None:
        return renewal.decided_by.display_name if renewal.decided_by_id else None

    @extend_schema_field(MembershipTermRefSerializer(allow_null=True))
    def get_new_term(self, renewal):
        term = renewal.new_term
        return {"id": term.pk, "start": term.start, "end": term.end} if term else None


class RenewalEvaluationSerializer(serializers.Serializer):
    window = RenewalWindowSerializer(
        help_text="`opens` is the term's first day, `closes` the last day counted."
    )
    cycle = serializers.CharField(allow_null=True, help_text="The cycle whose targets apply.")
    met = serializers.IntegerField()
    total = serializers.IntegerField()
    met_key_results = serializers.ListField(child=serializers.CharField())
    qualifies = serializers.BooleanField(allow_null=True)
    scorecard = serializers.DictField(allow_null=True, help_text="The key-results scorecard over the term.")


class RenewalDetailSerializer(RenewalSerializer):
    evaluation = serializers.SerializerMethodField()

    @extend_schema_field(RenewalEvaluationSerializer)
    def get_evaluation(self, renewal):
        data = api.renewal_evaluation(renewal).as_dict()
        data["window"] = {"opens": data["window"]["start"], "closes": data["window"]["end"]}
        return data


# --- helpers -------------------------------------------------------------------------------------


def _renewal(request, pk):
    try:
        renewal = api.get_renewal(pk)
    except ObjectDoesNotExist:
        raise Http404(_("No such renewal.")) from None
    if not api.may_view(request.user, renewal):
        raise Http404(_("No such renewal."))
    return renewal


# --- renewals ------------------------------------------------------------------------------------


class ApplyForRenewal(APIView):
    """The member applies to renew their term, inside the renewal window."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=RenewalStatementSerializer,
        responses={
            201: RenewalSerializer,
            400: OpenApiResponse(
                description="Outside the window (says when it opens or closed), no statement."
            ),
            403: OpenApiResponse(description="Not the member."),
            409: OpenApiResponse(description="This term has an application already."),
        },
    )
    def post(self, request, pk):
        membership = membership_or_404(pk)
        if not api.is_member_of(request.user, membership):
            # Before the body is read: whoever may not apply hears so whatever they sent.
            raise PermissionDenied(_("Only the member applies to renew their own membership."))
        data = RenewalStatementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            renewal = api.apply_for_renewal(
                actor=request.user, membership=membership, statement=data.validated_data["statement"]
            )
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(RenewalSerializer(api.get_renewal(renewal.pk)).data, status=201)


class Renewals(GenericAPIView):
    """Applications to renew, pending first: for the chair and program admins."""

    permission_classes = [IsChairOrAdmin]
    serializer_class = RenewalSerializer
    queryset = Renewal.objects.none()  # for the schema; the rows come from api.renewals

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=["pending", "renewed", "lapsed"]),
            OpenApiParameter("track", str),
        ],
        responses=RenewalSerializer(many=True),
    )
    def get(self, request):
        queryset = api.renewals()
        state = request.query_params.get("state")
        if state:
            conditions = {
                "pending": {"renew__isnull": True},
                "renewed": {"renew": True},
                "lapsed": {"renew": False},
            }
            if state not in conditions:
                raise ValidationError({"state": [_("The states are pending, renewed and lapsed.")]})
            queryset = queryset.filter(**conditions[state])
        if request.query_params.get("track"):
            queryset = queryset.filter(membership__track__code=request.query_params["track"])
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(RenewalSerializer(page, many=True).data)


class RenewalDetail(APIView):
    """One application with the evaluation of the term: the chair, admins and the member."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RenewalDetailSerializer)
    def get(self, request, pk):
        return Response(RenewalDetailSerializer(_renewal(request, pk)).data)


class RenewalDecision(APIView):
    """The chair or an admin renews the term or lets it lapse (with a reason)."""

    permission_classes = [IsChairOrAdmin]

    @extend_schema(
        request=RenewalDecisionSerializer,
        responses={
            200: RenewalSerializer,
            400: OpenApiResponse(
                description="A lapse without a reason, or a term that can no longer be renewed."
            ),
            403: OpenApiResponse(description="Not the chair or an admin, or their own membership."),
            409: OpenApiResponse(description="Decided already."),
        },
    )
    def post(self, request, pk):
        try:
            renewal = api.get_renewal(pk)
        except ObjectDoesNotExist:
            raise Http404(_("No such renewal.")) from None
        data = RenewalDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            renewal = api.decide_renewal(
                actor=request.user,
                renewal=renewal,
                renew=data.validated_data["renew"],
                reason=data.validated_data["reason"],
            )
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(RenewalSerializer(api.get_renewal(renewal.pk)).data)
