"""REST API: the language the signed-in person reads the site and their e-mails in."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api


class LanguageSerializer(serializers.Serializer):
    language = serializers.CharField(
        allow_blank=True,
        help_text="The code of the language chosen (one of `offered`); empty: the browser's.",
    )
    offered = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text="{code: the language's name in itself}"
    )


class MyLanguage(APIView):
    """The signed-in person's language: the pages they read once signed in and the e-mails sent to
    them are in it."""

    permission_classes = [IsAuthenticated]

    def _answer(self, user):
        return Response({"language": api.language_of(user), "offered": api.offered_languages()})

    @extend_schema(responses={200: LanguageSerializer})
    def get(self, request):
        return self._answer(request.user)

    @extend_schema(
        request=LanguageSerializer,
        responses={
            200: LanguageSerializer,
            400: OpenApiResponse(description="Not a language the site is offered in."),
        },
    )
    def put(self, request):
        serializer = LanguageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api.choose_language(request.user, serializer.validated_data["language"])
        return self._answer(request.user)
