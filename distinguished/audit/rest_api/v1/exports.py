"""The REST API's download of the audit trail: `GET /api/v1/audit/export.csv` (or `.xlsx`), program
admins, with the list's filters, in the audit page's words."""

from drf_spectacular.utils import OpenApiParameter, extend_schema

from distinguished.core import exports
from distinguished.core.rest import IsProgramAdmin
from distinguished.core.rest_exports import ExportView, download_responses

from ... import api
from .views import list_filters


class AuditExport(ExportView):
    """`GET /api/v1/audit/` as a file, unpaged; a state reads as the audit page names it."""

    permission_classes = [IsProgramAdmin]

    @extend_schema(
        parameters=[
            OpenApiParameter("object_type", str, description="e.g. nominations.nomination"),
            OpenApiParameter("object_id", str),
            OpenApiParameter("verb", str, description="e.g. cycle.phase_overridden"),
        ],
        responses=download_responses("The audit trail, newest first"),
    )
    def get(self, request, file_format):
        return exports.response(
            api.events_export(request.user, **list_filters(request)), file_format, "audit-trail"
        )
