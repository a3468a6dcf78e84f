"""REST API of the CSV import of earlier terms: `POST /api/v1/memberships/import/` (program admins,
all or nothing). The rules are in `membership.csv_import` (through `api`)."""

from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin
from distinguished.core.uploads import UploadTooLarge

from ... import api


class MembershipImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A UTF-8 CSV file with the columns `contributor,track,start` and optionally `renews` "
        "and `cycle`."
    )


class MembershipImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    memberships = serializers.ListField(child=serializers.IntegerField())


class MembershipImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row of the file; the header is row 1.")
    column = serializers.CharField()
    message = serializers.CharField()
    error = serializers.CharField(help_text="“row 4, start: 2025-02-30 is not a date”.")


class MembershipImportRefusedSerializer(serializers.Serializer):
    """Either the rows with problems (`detail` and `errors`) or, for a file that cannot be read or
    none at all, `file` and why."""

    detail = serializers.CharField(required=False)
    errors = MembershipImportErrorSerializer(many=True, required=False)
    file = serializers.ListField(child=serializers.CharField(), required=False)


class MembershipImport(APIView):
    """Program admins import earlier terms from a CSV file, all or nothing."""

    permission_classes = [IsProgramAdmin]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": MembershipImportUploadSerializer},
        responses={
            201: MembershipImportResultSerializer,
            400: OpenApiResponse(
                response=MembershipImportRefusedSerializer,
                description="Rows with problems (`{detail, errors: [{row, column, message, error}]}`), "
                "or a file that cannot be read (`{file: [...]}`): nothing is written.",
            ),
        },
        description=(
            "Columns `contributor` (id, e-mail, GitHub login or forum username), `track` (code), `start` "
            "(YYYY-MM-DD) and optionally `renews` (`yes`: renews the contributor's term on the track that "
            "ends the day before, possibly from an earlier row) and `cycle` (the cohort's cycle slug). "
            "Every row follows the rules of "
            "`POST /api/v1/memberships/`; the header is row 1. A file over IMPORT_MAX_BYTES (20 MB unless "
            "configured) is a 413."
        ),
    )
    def post(self, request):
        upload = MembershipImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            result = api.import_terms_csv(actor=request.user, file=upload.validated_data["file"])
        except UploadTooLarge as error:
            return Response({"detail": error.message_text}, status=413)
        except api.ImportRefused as refused:
            count = len(refused.rows)
            return Response(
                {
                    "detail": ngettext(
                        "Nothing was imported: the file has %(count)s problem.",
                        "Nothing was imported: the file has %(count)s problems.",
                        count,
                    )
                    % {"count": count},
                    "errors": refused.rows,
                },
                status=400,
            )
        return Response(MembershipImportResultSerializer(result).data, status=201)
