"""The REST API's download of the contributors list: `GET /api/v1/contributors/export.csv` (or
`.xlsx`) with the list's filters, rows and rules (program admins every contributor, anyone else their
own profile; private fields only where `people.view_contributor_private` shows them)."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView

from distinguished.core import exports
from distinguished.core.rest_exports import ExportView, download_responses

from ... import api
from .views import VisibleContributors


class ContributorsExport(VisibleContributors, ExportView, GenericAPIView):
    """`GET /api/v1/contributors/` as a file, unpaged, in the People page's words."""

    @extend_schema(responses=download_responses("The contributors"))
    def get(self, request, file_format):
        # The list's FilterSet: a value it refuses is a 400 naming the filter, before any row is read.
        chosen = self.filter_queryset(self.get_queryset())
        return exports.response(api.contributors_export(request.user, chosen), file_format, "people")
