"""One error format for the REST API: 400 `{"field": ["message"]}` or `{"detail": "message"}`, and
`{"detail": "message"}` for every other error (401, 403, 404, 409, 413), also where Django answers
before DRF (web/views.py's error handlers call `json_error` for paths under /api/).

Business rules raise Django's ValidationError and PermissionDenied from the apps' `api.py`;
this handler turns them into DRF responses so the views only translate.
"""

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .parsers import too_large_message

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def refused_request(exception: SuspiciousOperation) -> tuple[int, str]:
    """The status and the reason for a request Django refused as suspicious: too large is 413 with
    the limits; anything else (too many fields, a bad Host) a 400 that keeps Django's wording in the log."""
    if isinstance(exception, RequestDataTooBig):
        return status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, too_large_message()
    return status.HTTP_400_BAD_REQUEST, _("This request cannot be answered as it is.")


def json_error(status_code: int, detail: str) -> JsonResponse:
    """The API's error body for answers made outside DRF (Django's error handlers, middleware)."""
    return JsonResponse({"detail": detail}, status=status_code)


def validation_payload(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        payload = {}
        for field, messages in error.message_dict.items():
            payload["detail" if field == "__all__" else field] = messages
        if list(payload) == ["detail"]:
            payload["detail"] = " ".join(payload["detail"])
        return payload
    return {"detail": " ".join(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response(validation_payload(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ObjectDoesNotExist):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, SuspiciousOperation):
        # Django refused the body while DRF read it (request.POST, request.body).
        status_code, detail = refused_request(exc)
        return Response({"detail": detail}, status=status_code)
    if isinstance(exc, IntegrityError):
        # A unique constraint lost a race with a concurrent request.
        return Response(
            {"detail": _("A concurrent change won; reload and try again.")},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
