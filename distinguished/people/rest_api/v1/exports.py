"""The REST API's download of the contributors list: `GET /api/v1/contributors/export.csv` (or
`.xlsx`) with the list's filters, rows and rules (program admins every contributor, anyone else their
own profile; private fields only where `people.view_contributor_private` shows them)."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated

from distinguished.core import exports
from distinguished.core.rest_exports import ExportView, download_responses

from ... import api
from .views import LIST_FILTERS


class ContributorsExport(ExportView, GenericAPIView):
    """`GET /api/v1/contributors/` as a file, unpaged, in the People page's words."""

    permission_classes = [IsAuthenticated]
    filterset_fields = LIST_FILTERS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return api.contributors().none()
        return api.visible_contributors(self.request.user)

    @extend_schema(responses=download_responses("The contributors"))
    def get(self, request, file_format):
        # The list's FilterSet: a value it refuses is a 400 naming the filter, before any row is read.
        chosen = self.filter_queryset(self.get_queryset())
        return exports.response(api.contributors_export(request.user, chosen), file_format, "people")
