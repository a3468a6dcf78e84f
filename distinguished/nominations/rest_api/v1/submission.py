"""Submitting a draft and withdrawing a nomination, in the API."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api
from .access import BAD_INPUT, FORBIDDEN, NOT_FOUND, detail, shown, visible
from .input_serializers import WithdrawSerializer
from .output_serializers import NominationSerializer


class Submit(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="draft → submitted (the nominator). A 400 names every unmet rule.",
    )
    def post(self, request, pk):
        nomination = visible(request, pk)
        # Moved in place (the state, when submitted) under the row lock; its related rows, read
        # with it, are unchanged by the submission: the answer needs no second read.
        nomination = api.submit_nomination(actor=request.user, nomination=nomination)
        return Response(shown(request, nomination))


class Withdraw(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=WithdrawSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="draft | submitted → withdrawn (the nominator or the nominee), before screening.",
    )
    def post(self, request, pk):
        nomination = visible(request, pk)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api.withdraw(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(detail(request, pk))
