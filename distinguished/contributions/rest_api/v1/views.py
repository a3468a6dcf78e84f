"""REST API of contributions: record and list them. Rules live in contributions.api."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.ids import as_id
from distinguished.core.uploads import UploadTooLarge
from distinguished.people import api as people

from ... import api, tasks
from .serializers import ContributionSerializer, CsvImportRunSerializer, ImportUploadSerializer

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
                    errors[name] = [_("“%(value)s” is not a date; use YYYY-MM-DD.") % {"value": value}]
        contributor = params.get("contributor")
        if contributor and as_id(contributor) is None:
            errors["contributor"] = [_("Give a contributor id.")]
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
            raise ValidationError({"contributor": [_("No such contributor.")]}) from None
        contribution = api.record_contribution(actor=request.user, contributor=contributor, **data)
        return Response(ContributionSerializer(contribution).data, status=201)


class MayImport(BasePermission):
    message = gettext_lazy("Only program admins import contributions.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm("contributions.import_contributions"))


def _run_body(request, run) -> dict:
    body = api.csv_run_status(run)
    body["progress"] = request.build_absolute_uri(reverse("api-v1:contributions-import-run", args=[run.pk]))
    body["page"] = request.build_absolute_uri(f"{reverse('contributions:imports')}?run={run.pk}")
    return CsvImportRunSerializer(body).data


def _accepted(request, run) -> Response:
    """202 with the run, after sending its task (which runs here and now when no broker is set)."""
    tasks.import_csv.delay(run.pk)
    run.refresh_from_db()
    body = _run_body(request, run)
    return Response(body, status=202, headers={"Location": body["progress"]})


def _csv_run(pk):
    try:
        return api.get_csv_run(pk)
    except ObjectDoesNotExist:
        raise Http404(_("No such CSV import.")) from None


TOO_LARGE = OpenApiResponse(
    description="The file is over IMPORT_MAX_BYTES (20 MB unless configured): nothing is written."
)


class ContributionImport(APIView):
    """Program admins import contributions from a CSV file, in the background."""

    permission_classes = [IsAuthenticated, MayImport]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            202: CsvImportRunSerializer,
            400: OpenApiResponse(description="No file, or a file that cannot be read: nothing is written."),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Only program admins import."),
            413: TOO_LARGE,
        },
        description=(
            "CSV header `contributor,kind,date,title,url,quantity,major`; `contributor` is an e-mail or "
            "a GitHub login. The file is checked and stored, and the answer is 202 with the import run; "
            "a worker imports it (without a task broker, before the answer). `GET` the run's `progress` "
            "address until its `status` is `done` (or `failed`): then `created`, `skipped` and `errors` "
            "(`[{row, error}]`, the header is row 1) are the file's result. Good rows are kept, bad rows "
            "reported by row number, rows already imported are skipped."
        ),
    )
    def post(self, request):
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            run = api.queue_csv_import(request.user, upload, name=upload.name or "")
        except UploadTooLarge as error:
            return Response({"detail": error.message_text}, status=413)
        return _accepted(request, run)


class ContributionImportRun(APIView):
    """One CSV import: its progress while it runs, the file's result once it is done."""

    permission_classes = [IsAuthenticated, MayImport]

    @extend_schema(responses={200: CsvImportRunSerializer})
    def get(self, request, pk):
        return Response(_run_body(request, _csv_run(pk)))


class ResumeContributionImport(APIView):
    """Go on with a failed CSV import from the first row it had not committed."""

    permission_classes = [IsAuthenticated, MayImport]

    @extend_schema(
        request=None,
        responses={
            202: CsvImportRunSerializer,
            400: OpenApiResponse(description="The run is not failed."),
            409: OpenApiResponse(description="The run was resumed already."),
        },
        description="A new run (202) that resumes the failed one: rows it committed are not imported twice.",
    )
    def post(self, request, pk):
        try:
            run = api.resume_csv_import(request.user, pk)
        except ObjectDoesNotExist:
            raise Http404(_("No such CSV import.")) from None
        except api.AlreadyResumed as error:
            return Response({"detail": " ".join(error.messages)}, status=409)
        return _accepted(request, run)


class VerifyContribution(APIView):
    """Confirm a self-reported contribution (a member's own record, a nomination's evidence)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: ContributionSerializer,
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(
                description="Only program admins, and the screeners of a nomination the contribution "
                "lies behind, confirm it."
            ),
            404: OpenApiResponse(description="No such contribution."),
        },
        description="Self-reported → verified (audited); the scorecards count it in the verified part "
        "of its key results. Confirming a verified contribution changes nothing.",
    )
    def post(self, request, pk):
        return Response(
            ContributionSerializer(api.verify_contribution(actor=request.user, contribution_id=pk)).data
        )
