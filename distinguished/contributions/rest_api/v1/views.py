"""REST API of contributions: record and list them. Rules live in contributions.api."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.ids import as_id
from distinguished.core.rest import IsProgramAdmin
from distinguished.people import api as people

from ... import api
from .serializers import ContributionSerializer, ImportResultSerializer, ImportUploadSerializer

FILTERS = [
    OpenApiParameter("contributor", int),
    OpenApiParameter("kind", str),
    OpenApiParameter("source", str),
    OpenApiParameter("date_after", str, description="YYYY-MM-DD, inclusive"),
    OpenApiParameter("date_before", str, description="YYYY-MM-DD, inclusive"),
]


class ContributionList(generics.ListCreateAPIView):
    """Contributions: a member records and lists their own; program admins anyone's."""

    serializer_class = ContributionSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        errors = {}
        dates = {}
        for name in ("date_after", "date_before"):
            value = params.get(name)
            if value:
                try:
                    dates[name] = dt.date.fromisoformat(value)
                except ValueError:
                    errors[name] = [f"“{value}” is not a date; use YYYY-MM-DD."]
        contributor = params.get("contributor")
        if contributor and as_id(contributor) is None:
            errors["contributor"] = ["Give a contributor id."]
        if errors:
            raise ValidationError(errors)
        return api.contributions_for(
            self.request.user,
            contributor=contributor,
            kind=params.get("kind"),
            source=params.get("source"),
            **dates,
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            contributor = people.get_contributor(data.pop("contributor_id"))
        except ObjectDoesNotExist:
            raise ValidationError({"contributor": ["No such contributor."]}) from None
        contribution = api.record_contribution(actor=request.user, contributor=contributor, **data)
        return Response(ContributionSerializer(contribution).data, status=201)


class ContributionImport(APIView):
    """Program admins import contributions from a CSV file."""

    permission_classes = [IsAuthenticated, IsProgramAdmin]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: ImportResultSerializer,
            400: OpenApiResponse(description="No file, or a file that cannot be read: nothing is written."),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Only program admins import."),
        },
        description=(
            "CSV header `contributor,kind,date,title,url,quantity,major`; `contributor` is an e-mail or "
            "a GitHub login. Good rows are kept, bad rows reported by their row number (the header is "
            "row 1), rows already imported are skipped."
        ),
    )
    def post(self, request):
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        result = api.import_csv(request.user, upload, name=upload.name or "")
        return Response(ImportResultSerializer(result).data)


class VerifyContribution(APIView):
    """A program admin confirms a contribution a member recorded."""

    permission_classes = [IsProgramAdmin]

    @extend_schema(request=None, responses=ContributionSerializer)
    def post(self, request, pk):
        return Response(
            ContributionSerializer(api.verify_contribution(actor=request.user, contribution_id=pk)).data
        )
