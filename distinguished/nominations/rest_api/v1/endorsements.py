"""Endorsements in the API: asking people by e-mail, reading and giving endorsements, and opening an
invitation. An invited endorser first opens their invitation (`invitation/` with the e-mailed
link's token, or `token` in the endorsement itself)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api
from ...models import Nomination
from .access import BAD_INPUT, FORBIDDEN, NOT_FOUND, detail, nomination_or_404, visible
from .input_serializers import (
    EndorsementInputSerializer,
    EndorsementRequestInputSerializer,
    InvitationSerializer,
)
from .output_serializers import EndorsementRequestsSerializer, EndorsementSerializer, NominationSerializer
from .viewer import Viewer


class EndorsementRequests(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=EndorsementRequestInputSerializer,
        responses={201: EndorsementRequestsSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="The nominator or the nominee asks people by e-mail to endorse.",
    )
    def post(self, request, pk):
        nomination = visible(request, pk)
        serializer = EndorsementRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        requests = api.request_endorsements(
            actor=request.user, nomination=nomination, **serializer.validated_data
        )
        return Response(
            EndorsementRequestsSerializer({"requests": requests}).data, status=status.HTTP_201_CREATED
        )


class Endorsements(generics.GenericAPIView):
    """GET: the endorsements as the caller may read them. POST: endorse (a signed-in member who is
    neither the nominee nor the nominator, once)."""

    permission_classes = [IsAuthenticated]
    serializer_class = EndorsementSerializer
    queryset = Nomination.objects.none()  # what `pk` names, for the schema; never read

    @extend_schema(responses={200: EndorsementSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, pk):
        nomination = visible(request, pk)
        viewer = Viewer.of(request.user, nomination)
        page = self.paginate_queryset(list(nomination.endorsements.all()))
        data = EndorsementSerializer(page, many=True, context={"viewer": viewer}).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=EndorsementInputSerializer,
        responses={201: EndorsementSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        nomination = nomination_or_404(pk)
        token = request.data.get("token") if isinstance(request.data, dict) else None
        # Opening the invitation and endorsing stand or fall together; whoever may not see the
        # nomination learns nothing from the body's errors (a 404 before the body is read).
        with transaction.atomic():
            if isinstance(token, str) and token:
                api.accept_invitation(actor=request.user, nomination=nomination, token=token)
            nomination = visible(request, pk)
            serializer = EndorsementInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            fields = dict(serializer.validated_data)
            fields.pop("token", "")
            endorsement = api.endorse(actor=request.user, nomination=nomination, **fields)
        viewer = Viewer.of(request.user, nomination)
        return Response(
            EndorsementSerializer(endorsement, context={"viewer": viewer}).data,
            status=status.HTTP_201_CREATED,
        )


class Invitation(APIView):
    """The invited endorser opens their e-mailed invitation with their account: from then on they
    read the nomination and may endorse it. One invitation, one account."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=InvitationSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        serializer = InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nomination = nomination_or_404(pk)
        api.accept_invitation(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(detail(request, pk))
