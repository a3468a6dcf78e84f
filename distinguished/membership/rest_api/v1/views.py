"""REST API of memberships (first part): record earlier terms, read one, revoke, grant lifetime."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin
from distinguished.people import api as people
from distinguished.program import api as program

from ... import api


class TermInSerializer(serializers.Serializer):
    contributor = serializers.IntegerField()
    track = serializers.CharField()
    start = serializers.DateField()
    previous = serializers.IntegerField(required=False, allow_null=True)


class MembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contributor = serializers.SerializerMethodField()
    track = serializers.CharField(source="track.code")
    cycle = serializers.SerializerMethodField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    previous = serializers.IntegerField(source="previous_id", allow_null=True)
    status = serializers.SerializerMethodField()
    lifetime_milestone = serializers.SerializerMethodField()

    def get_contributor(self, membership) -> dict:
        contributor = membership.contributor
        shown = contributor.listed_publicly or self.context.get("admin", False)
        return {"id": contributor.pk, "name": contributor.name if shown else None}

    def get_cycle(self, membership) -> str | None:
        return membership.cycle.slug if membership.cycle_id else None

    def get_status(self, membership) -> str:
        return api.status_of(membership)

    def get_lifetime_milestone(self, membership) -> dt.date:
        return api.lifetime_milestone(membership)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


def _membership(pk):
    try:
        return api.get_membership(pk)
    except ObjectDoesNotExist:
        raise Http404("No such membership.") from None


def _data(request, membership) -> dict:
    admin = request.user.is_authenticated and people.is_program_admin(request.user)
    return MembershipSerializer(membership, context={"admin": admin}).data


class Memberships(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=TermInSerializer, responses={201: MembershipSerializer})
    def post(self, request):
        data = TermInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            contributor = people.get_contributor(fields["contributor"])
        except ObjectDoesNotExist:
            raise ValidationError({"contributor": ["No such contributor."]}) from None
        try:
            track = program.get_track(fields["track"])
        except ObjectDoesNotExist:
            raise ValidationError({"track": [f"Unknown track “{fields['track']}”."]}) from None
        previous = None
        if fields.get("previous"):
            try:
                previous = api.get_membership(fields["previous"])
            except ObjectDoesNotExist:
                raise ValidationError({"previous": ["No such membership."]}) from None
        membership = api.record_term(
            actor=request.user, contributor=contributor, track=track, start=fields["start"], previous=previous
        )
        return Response(_data(request, api.get_membership(membership.pk)), status=201)


class MembershipDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=MembershipSerializer)
    def get(self, request, pk):
        return Response(_data(request, _membership(pk)))


class Revoke(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=ReasonSerializer, responses=MembershipSerializer)
    def post(self, request, pk):
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = api.revoke(
            actor=request.user, membership=_membership(pk), reason=data.validated_data["reason"]
        )
        return Response(_data(request, membership))


class Lifetime(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=None, responses=MembershipSerializer)
    def post(self, request, pk):
        membership = api.grant_lifetime(actor=request.user, membership=_membership(pk))
        return Response(_data(request, membership))
