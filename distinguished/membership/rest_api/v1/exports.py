"""The REST API's download of the list of terms: `GET /api/v1/memberships/export.csv` (or `.xlsx`)
with the list's filters, rows and rules (program admins every term, anyone else their own)."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated

from distinguished.core import exports
from distinguished.core.rest_exports import ExportView, download_responses

from ... import api
from .terms import LIST_PARAMETERS, list_filters


class MembershipsExport(ExportView):
    """`GET /api/v1/memberships/` as a file, unpaged, in the memberships page's words."""

    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=LIST_PARAMETERS, responses=download_responses("The terms"))
    def get(self, request, file_format):
        table = api.memberships_export(request.user, **list_filters(request))
        return exports.response(table, file_format, "memberships")
