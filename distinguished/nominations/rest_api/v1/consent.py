"""The nominee's consent in the API: signed in, or with the token of the e-mailed link."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api
from .access import BAD_INPUT, FORBIDDEN, NOT_FOUND, detail, nomination_or_404
from .input_serializers import ConsentSerializer
from .output_serializers import NominationSerializer


class Consent(APIView):
    """The nominee accepts or declines a peer nomination: signed in, or with the token of the
    e-mailed link (then no sign-in is needed). Declining withdraws the nomination."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=ConsentSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not request.user.is_authenticated and not serializer.validated_data["token"]:
            raise NotAuthenticated(_("Sign in, or give the token of the link e-mailed to the nominee."))
        nomination = nomination_or_404(pk)
        api.answer_consent(actor=request.user, nomination=nomination, **serializer.validated_data)
        # Only the nominee gets here (signed in, or holding the link sent to the nominee).
        return Response(detail(request, pk, as_nominee=True))
