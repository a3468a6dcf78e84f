"""REST API of the credentials: a membership's signed credential, and the verifier. The rules and
the checks live in credentials.api; these views only translate."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.parsers import read_body

from ... import api


class RawParser(BaseParser):
    """The body as it came (JSON, or a baked SVG or PNG badge): `api.read_submission` reads it, so that a
    body that is not JSON gets the verifier's own explanation rather than a parser error. It is
    bounded like every body (413), and `api.read_submission` applies the API's nesting limit."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return read_body(stream, parser_context)


class JSONLDRenderer(JSONRenderer):
    """A credential is JSON-LD: a verifier may ask for it as such."""

    media_type = "application/ld+json"


class VerificationSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    status = serializers.ChoiceField(
        choices=["valid", "expired", "revoked", "tampered", "invalid", "not_yet_valid"],
        help_text="not_yet_valid: genuine and unchanged, but its term starts later (an early renewal).",
    )
    summary = serializers.CharField(help_text="The answer in one sentence.")
    errors = serializers.ListField(
        child=serializers.CharField(), help_text="Why it is not valid; empty if it is."
    )
    credential = inline_serializer(
        "VerifiedCredentialSummary",
        {
            "id": serializers.CharField(),
            "name": serializers.CharField(),
            "issuer": serializers.CharField(),
            "achievement": serializers.CharField(),
            "subject": serializers.CharField(),
            "valid_from": serializers.CharField(),
            "valid_until": serializers.CharField(),
        },
    )


class MembershipCredential(APIView):
    """The membership's newest signed Open Badges 3.0 credential (the lifetime one after a grant)."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer, JSONLDRenderer]

    @extend_schema(
        operation_id="memberships_credential",
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT, description="The signed OpenBadgeCredential (JSON-LD)."
            ),
            404: OpenApiResponse(description="No such membership, or it has no credential."),
            503: OpenApiResponse(
                description='Not signed yet: `{"detail", "status"}`, status "signing" while its task signs it '
                '(seconds; Retry-After says when to ask again) or "waiting_for_key" while no issuer key '
                "is configured."
            ),
        },
    )
    def get(self, request, pk):
        try:
            credential = api.membership_credential(pk)
        except ObjectDoesNotExist as error:
            return Response({"detail": str(error)}, status=404)
        state = api.signing_state(credential)
        if state == "signing":
            detail = _("This credential is being signed: ask again in a few seconds.")
            return Response({"detail": detail, "status": state}, status=503, headers={"Retry-After": "2"})
        if state == "waiting_for_key":
            detail = _("This credential is waiting to be signed: the issuer key is not configured yet.")
            return Response({"detail": detail, "status": state}, status=503)
        return Response(credential.document)


class VerifyCredential(APIView):
    """Anyone checks a credential: the JSON as the body (or `{"credential": …}`), a baked SVG or PNG
    badge as the body (Content-Type image/svg+xml or image/png), or a form with a `credential` text or
    a `file` (JSON, SVG or PNG). 200 with the answer for anything that is a signed credential, valid or
    not; 400 for what is not one."""

    permission_classes = [AllowAny]
    # Anyone may ask, and nothing is changed: no session, so no CSRF token is needed.
    authentication_classes = []
    parser_classes = [MultiPartParser, FormParser, RawParser]

    @extend_schema(
        operation_id="credentials_verify",
        request={
            "application/json": OpenApiTypes.OBJECT,
            "image/svg+xml": OpenApiTypes.STR,
            "image/png": OpenApiTypes.BINARY,
            "multipart/form-data": inline_serializer(
                "VerifyUpload",
                {
                    "credential": serializers.CharField(required=False),
                    "file": serializers.FileField(required=False),
                },
            ),
        },
        responses={
            200: VerificationSerializer,
            400: OpenApiResponse(
                description="Not a signed credential, or a badge with none (or two) baked in, or a damaged image."
            ),
        },
    )
    def post(self, request):
        data = request.data
        content_type, filename = request.content_type, ""
        if isinstance(data, bytes):
            raw = data
        else:
            upload = request.FILES.get("file")
            if upload is not None:
                raw = api.read_upload(upload)
                content_type, filename = upload.content_type or "", upload.name or ""
            else:
                raw, content_type = data.get("credential", ""), ""
        document = api.read_submission(raw, content_type=content_type, filename=filename)
        return Response(api.verify(document).as_dict())
