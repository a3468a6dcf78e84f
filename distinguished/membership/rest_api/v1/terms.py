"""REST API of terms: `/api/v1/memberships/` (list; program admins record earlier terms),
`/api/v1/memberships/<id>/` (read) and its actions (revoke, grant lifetime status). Rules live in
membership.api."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.ids import as_id
from distinguished.core.rest import IsProgramAdmin
from distinguished.people import api as people
from distinguished.program import api as program

from ... import api
from ...models import Membership

# --- serializers ---------------------------------------------------------------------------------


class MembershipTermInSerializer(serializers.Serializer):
    contributor = serializers.IntegerField()
    track = serializers.CharField()
    start = serializers.DateField()
    previous = serializers.IntegerField(
        required=False, allow_null=True, help_text="The term this one renews (it ends the day before)."
    )
    cycle = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The slug of the cycle that recognized the member (their cohort); "
        "a renewal keeps the cohort of the term it renews.",
    )


class MemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True, help_text="Empty unless listed publicly (or to staff).")


class RenewalWindowSerializer(serializers.Serializer):
    opens = serializers.DateField()
    closes = serializers.DateField()


class MembershipRenewalStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField(help_text="pending, renewed or lapsed.")


class MembershipLifetimeSerializer(serializers.Serializer):
    eligible = serializers.BooleanField(help_text="Whether an admin may grant lifetime status now.")
    state = serializers.CharField(
        help_text="eligible, later (the milestone lies ahead), blocked (a renewal application is "
        "pending), unreachable (the chain ended short of it) or none (revoked, renewed or lifetime)."
    )
    milestone = serializers.DateField(help_text="The day the chained terms reach the sustained years.")
    message = serializers.CharField()


class MembershipTermSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contributor = serializers.SerializerMethodField()
    track = serializers.CharField(source="track.code")
    cycle = serializers.SerializerMethodField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    previous = serializers.IntegerField(source="previous_id", allow_null=True)
    status = serializers.SerializerMethodField()
    lifetime_milestone = serializers.SerializerMethodField()
    lifetime = serializers.SerializerMethodField()
    renewal_window = serializers.SerializerMethodField()
    renewal = serializers.SerializerMethodField()

    def _rules(self) -> api.Rules:
        if "rules" not in self.context:
            self.context["rules"] = api.membership_rules()
        return self.context["rules"]

    def _own(self, membership) -> bool:
        user = self.context.get("user")
        return bool(user is not None and api.is_member_of(user, membership))

    @extend_schema_field(MemberRefSerializer)
    def get_contributor(self, membership) -> dict:
        contributor = membership.contributor
        shown = contributor.listed_publicly or self.context.get("admin", False) or self._own(membership)
        return {"id": contributor.pk, "name": contributor.name if shown else None}

    def get_cycle(self, membership) -> str | None:
        return membership.cycle.slug if membership.cycle_id else None

    # A plain string in the schema: an enum here would collide with other `status` choice sets.
    @extend_schema_field(serializers.CharField(help_text=f"One of {', '.join(api.Status.ALL)}."))
    def get_status(self, membership) -> str:
        return api.status_of(membership, renewal_window_days=self._rules().renewal_window_days)

    def get_lifetime_milestone(self, membership) -> dt.date:
        milestones = self.context.get("milestones")
        if milestones is not None:
            return milestones[membership.pk]
        return api.lifetime_milestone(membership, years=self._rules().lifetime_after_years)

    @extend_schema_field(MembershipLifetimeSerializer)
    def get_lifetime(self, membership) -> dict:
        """Where the term stands on the way to lifetime status (the pages' "eligible" marker)."""
        rules = self._rules()
        outlook = api.lifetime_outlook(
            membership,
            self.get_lifetime_milestone(membership),
            years=rules.lifetime_after_years,
            renewal_window_days=rules.renewal_window_days,
        )
        return {
            "eligible": outlook.eligible,
            "state": outlook.state,
            "milestone": outlook.milestone,
            "message": outlook.message,
        }

    @extend_schema_field(RenewalWindowSerializer(allow_null=True))
    def get_renewal_window(self, membership):
        window = api.renewal_window(membership, self._rules().renewal_window_days)
        return {"opens": window[0], "closes": window[1]} if window else None

    @extend_schema_field(MembershipRenewalStateSerializer(allow_null=True))
    def get_renewal(self, membership):
        """The application to renew this term, for staff and the member only."""
        if not (self.context.get("staff") or self._own(membership)):
            return None
        try:
            renewal = membership.renewal
        except ObjectDoesNotExist:
            return None
        return {"id": renewal.pk, "state": renewal.state}


class RevokeReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


# --- helpers -------------------------------------------------------------------------------------


def membership_or_404(pk):
    """The term of the URL (a 404 when there is none); the renewals' views use it too."""
    try:
        return api.get_membership(pk)
    except ObjectDoesNotExist:
        raise Http404(_("No such membership.")) from None


def _context(request, **extra) -> dict:
    user = request.user if request.user.is_authenticated else None
    admin = user is not None and people.is_program_admin(user)
    staff = user is not None and api.may_decide(user)
    return {"admin": admin, "staff": staff, "user": user, **extra}


def _data(request, membership) -> dict:
    return MembershipTermSerializer(membership, context=_context(request)).data


# --- terms ---------------------------------------------------------------------------------------

# The list's filters (its download takes them too).
LIST_PARAMETERS = [
    OpenApiParameter("track", str),
    OpenApiParameter("status", str, enum=list(api.Status.ALL)),
    OpenApiParameter("contributor", int),
]


def list_filters(request) -> dict:
    """The list's filters from the query string: a contributor id that is none is a 400, an unknown
    status is refused by `api.memberships_for`."""
    params = request.query_params
    contributor = params.get("contributor") or None
    if contributor is not None and as_id(contributor) is None:
        raise ValidationError({"contributor": [_("Give a contributor id.")]})
    return {
        "track": params.get("track", ""),
        "status": params.get("status", ""),
        "contributor": as_id(contributor) if contributor is not None else None,
    }


class Memberships(GenericAPIView):
    """Terms: program admins list every term and record earlier ones; a member lists their own."""

    serializer_class = MembershipTermSerializer
    queryset = Membership.objects.none()  # for the schema; the rows come from api.memberships

    def get_permissions(self):
        return [IsProgramAdmin()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(parameters=LIST_PARAMETERS, responses=MembershipTermSerializer(many=True))
    def get(self, request):
        rules = api.membership_rules()
        queryset = api.memberships_for(request.user, rules=rules, **list_filters(request))
        page = self.paginate_queryset(queryset)
        milestones = api.lifetime_milestones(page, years=rules.lifetime_after_years)
        context = _context(request, rules=rules, milestones=milestones)
        return self.get_paginated_response(MembershipTermSerializer(page, many=True, context=context).data)

    @extend_schema(request=MembershipTermInSerializer, responses={201: MembershipTermSerializer})
    def post(self, request):
        data = MembershipTermInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            contributor = people.get_contributor(fields["contributor"])
        except ObjectDoesNotExist:
            raise ValidationError({"contributor": [_("No such contributor.")]}) from None
        try:
            track = program.get_track(fields["track"])
        except ObjectDoesNotExist:
            raise ValidationError(
                {"track": [_("Unknown track “%(track)s”.") % {"track": fields["track"]}]}
            ) from None
        previous = None
        if fields.get("previous"):
            try:
                previous = api.get_membership(fields["previous"])
            except ObjectDoesNotExist:
                raise ValidationError({"previous": [_("No such membership.")]}) from None
        cycle = None
        if fields.get("cycle"):
            try:
                cycle = program.get_cycle(fields["cycle"])
            except ObjectDoesNotExist:
                raise ValidationError(
                    {"cycle": [_("No cycle has the slug “%(slug)s”.") % {"slug": fields["cycle"]}]}
                ) from None
        membership = api.record_term(
            actor=request.user,
            contributor=contributor,
            track=track,
            start=fields["start"],
            previous=previous,
            cycle=cycle,
        )
        return Response(_data(request, api.get_membership(membership.pk)), status=201)


class MembershipDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=MembershipTermSerializer)
    def get(self, request, pk):
        return Response(_data(request, membership_or_404(pk)))


class Revoke(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=RevokeReasonSerializer, responses=MembershipTermSerializer)
    def post(self, request, pk):
        membership = membership_or_404(pk)
        data = RevokeReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = api.revoke(
            actor=request.user, membership=membership, reason=data.validated_data["reason"]
        )
        return Response(_data(request, membership))


class Lifetime(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=None, responses=MembershipTermSerializer)
    def post(self, request, pk):
        membership = api.grant_lifetime(actor=request.user, membership=membership_or_404(pk))
        return Response(_data(request, membership))
