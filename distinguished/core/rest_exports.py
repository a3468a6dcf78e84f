"""The REST API's side of a list's download (core.exports): `GET /api/v1/<list>/export.csv` and
`…/export.xlsx` answer with the file in the path's format, whatever the Accept header or a
`?format=` query parameter say (REST framework's content negotiation would refuse them, or read
`format` as its own), and with the API's JSON for an error. In the schema each path is its own
operation (`v1_memberships_export_csv`) with the one content type it answers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from .exports import CONTENT_TYPES
from .schema import AutoSchema

__all__ = ["ExportView", "download_responses"]

MEDIA_TYPES = {file_format: content_type.split(";")[0] for file_format, content_type in CONTENT_TYPES.items()}


class FormatInPath(BaseContentNegotiation):
    """The file's format is the path's; an error is JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DownloadSchema(AutoSchema):
    """The operation of `….csv` documents the CSV only, that of `….xlsx` the workbook only."""

    def get_operation_id(self):
        return super().get_operation_id().removesuffix("_retrieve").replace(".", "_")

    def get_filter_backends(self):
        # A download is a list, unpaged: the filters of a GenericAPIView's FilterSet are its parameters.
        return getattr(self.view, "filter_backends", [])

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None:
            answered = MEDIA_TYPES.get(self.path.rsplit(".", 1)[-1])
            content = operation["responses"].get("200", {}).get("content", {})
            for media_type in [media_type for media_type in content if media_type != answered]:
                del content[media_type]
        return operation


class ExportView(APIView):
    """A list's download, routed at `….csv` and `….xlsx` with the `file_format` keyword:
    `get(request, file_format)` answers with `core.exports.response(…)`."""

    content_negotiation_class = FormatInPath
    renderer_classes = [JSONRenderer]
    schema = DownloadSchema()


def download_responses(what: str, errors: dict | None = None) -> dict:
    """The schema's responses of a download of `what` ("The terms"): the file, and the view's own
    error answers ({400: OpenApiResponse(…)}); core.schema adds the others."""
    return {
        **{
            (200, media_type): OpenApiResponse(
                OpenApiTypes.BINARY,
                description=f"{what}: every row, unpaged (a CSV file is UTF-8 with a byte-order mark).",
            )
            for media_type in MEDIA_TYPES.values()
        },
        **(errors or {}),
    }
