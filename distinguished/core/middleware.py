"""Request checks every page and endpoint shares."""

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext_lazy

from .parsers import max_request_bytes, too_large_message

NUL_MESSAGE = gettext_lazy("The address has a NUL character (%00) in its query; remove it.")


class RefuseNulInQuery:
    """A NUL character in the query string is a 400 before any view reads it: PostgreSQL cannot
    compare text holding one, so a filter such as `?q=a%00b` would otherwise fail there with a 500.
    (Form fields and JSON bodies already refuse NUL through Django's and DRF's field validators.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            raise BadRequest(str(NUL_MESSAGE))
        return self.get_response(request)


class RefuseOversizedRequest:
    """A request that says it is over `max_request_bytes()` is refused before anything reads it
    (Django bounds form bodies, not file uploads, which it spools to disk). It raises Django's own
    RequestDataTooBig, so the 413 comes from the one 400 handler: JSON under /api/, a page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.isdigit() and int(declared) > max_request_bytes():
            raise RequestDataTooBig(too_large_message())
        return self.get_response(request)
