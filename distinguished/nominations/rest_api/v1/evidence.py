"""A nomination's evidence in the API: adding a piece, removing one."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api
from .access import BAD_INPUT, FORBIDDEN, NOT_FOUND, visible
from .input_serializers import EvidenceInputSerializer
from .output_serializers import EvidenceSerializer


class EvidenceList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=EvidenceInputSerializer,
        responses={201: EvidenceSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="Add a piece of evidence (nominator or nominee, while nominations are open).",
    )
    def post(self, request, pk):
        nomination = visible(request, pk)
        serializer = EvidenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = api.add_evidence(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)


class EvidenceDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND})
    def delete(self, request, pk, evidence_id):
        nomination = visible(request, pk)
        api.remove_evidence(actor=request.user, nomination=nomination, evidence_id=evidence_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
