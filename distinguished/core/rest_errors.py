"""One error format for the REST API: 400 `{"field": ["message"]}` or `{"detail": "message"}`.

Business rules raise Django's ValidationError and PermissionDenied from the apps' `api.py`;
this handler turns them into DRF responses so the views only translate.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, IntegrityError):
        # A unique constraint lost a race with a concurrent request.
        return Response(
            {"detail": "A concurrent change won; reload and try again."},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)
