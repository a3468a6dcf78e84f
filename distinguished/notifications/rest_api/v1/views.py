"""REST API: the program's messages, and the texts program admins write for them per language."""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin

from ... import api


class PlaceholderSerializer(serializers.Serializer):
    name = serializers.CharField()
    help = serializers.CharField()


class MessageSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    sent = serializers.CharField(help_text="To whom and when it is sent.")
    placeholders = PlaceholderSerializer(many=True)
    rewritten = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="{language: the version an admin wrote that is sent now, or null for the program's text}",
    )
    not_sent = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="{language: a newest version that is not valid any more (the program's text is sent instead)}",
    )


class TextSerializer(serializers.Serializer):
    subject = serializers.CharField(allow_blank=True, trim_whitespace=False)
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class CurrentTextSerializer(TextSerializer):
    message = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True, allow_null=True, help_text="null: the program's text")
    problems = serializers.DictField(
        read_only=True, help_text="What is wrong with the newest version, which is then not sent (by field)"
    )
    default = TextSerializer(read_only=True, help_text="The program's text in this language.")


class EmailSerializer(serializers.Serializer):
    subject = serializers.CharField()
    text = serializers.CharField(help_text="The plain-text part.")
    html = serializers.CharField(help_text="The HTML part, rendered from the Markdown and sanitized.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    subject = serializers.CharField()
    body = serializers.CharField()
    is_default = serializers.BooleanField(help_text="A reset: the program's text applies again.")
    written_at = serializers.DateTimeField()
    written_by = serializers.CharField(source="written_by.username", default=None)


def _found(name: str, language: str):
    try:
        message = api.message(name)
    except LookupError:
        raise Http404(_("No such message.")) from None
    if language not in dict(settings.LANGUAGES):
        raise Http404(_("No such language."))
    return message


class MessageList(APIView):
    """Every message the program sends, its placeholders, and in which languages it is rewritten."""

    permission_classes = [IsProgramAdmin]

    @extend_schema(responses={200: MessageSerializer(many=True)})
    def get(self, request):
        newest = api.newest_of_all()
        answer = []
        for message in api.declared():
            rewritten, not_sent = {}, {}
            for code, _name in settings.LANGUAGES:
                text = newest.get((message.name, code))
                if api.written_problems(message.name, text):
                    not_sent[code] = text.version
                written = text is not None and not text.is_default and code not in not_sent
                rewritten[code] = text.version if written else None
            answer.append(
                {
                    "name": message.name,
                    "title": str(message.title),
                    "sent": str(message.sent),
                    "placeholders": [{"name": p.name, "help": str(p.help)} for p in message.placeholders],
                    "rewritten": rewritten,
                    "not_sent": not_sent,
                }
            )
        return Response(answer)


class MessageText(APIView):
    """A message's subject and body in one language: read them, or write a new version (400 names
    each problem, an unknown placeholder by its name, and saves nothing)."""

    permission_classes = [IsProgramAdmin]

    def _answer(self, name: str, language: str) -> Response:
        latest = api.newest(name, language)
        subject, body = api.text_in(name, language)
        with translation.override(language):
            default_subject, default_body = api.default_text(name)
        return Response(
            {
                "message": name,
                "language": language,
                "subject": subject,
                "body": body,
                "version": latest.version if latest is not None and not latest.is_default else None,
                "problems": api.written_problems(name, latest),
                "default": {"subject": default_subject, "body": default_body},
            }
        )

    @extend_schema(responses={200: CurrentTextSerializer})
    def get(self, request, name: str, language: str):
        _found(name, language)
        return self._answer(name, language)

    @extend_schema(
        request=TextSerializer,
        responses={200: CurrentTextSerializer, 400: OpenApiResponse(description="What is wrong, by field.")},
    )
    def put(self, request, name: str, language: str):
        _found(name, language)
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api.save_text(actor=request.user, name=name, language=language, **serializer.validated_data)
        return self._answer(name, language)


class MessagePreview(APIView):
    """The e-mail a subject and body give for the sample nomination, in the language: nothing is saved."""

    permission_classes = [IsProgramAdmin]

    @extend_schema(
        request=TextSerializer,
        responses={200: EmailSerializer, 400: OpenApiResponse(description="What is wrong, by field.")},
    )
    def post(self, request, name: str, language: str):
        _found(name, language)
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with translation.override(language):
            email, problems = api.preview(name, **serializer.validated_data)
        if problems:
            return Response(problems, status=400)
        return Response(email)


class MessageReset(APIView):
    """Send the program's text again in this language (a version that says so)."""

    permission_classes = [IsProgramAdmin]

    @extend_schema(request=None, responses={200: CurrentTextSerializer})
    def post(self, request, name: str, language: str):
        _found(name, language)
        api.reset_text(actor=request.user, name=name, language=language)
        return MessageText()._answer(name, language)


class MessageVersions(APIView):
    """Every version of a message's text in one language, newest first."""

    permission_classes = [IsProgramAdmin]

    @extend_schema(responses={200: VersionSerializer(many=True)})
    def get(self, request, name: str, language: str):
        _found(name, language)
        return Response(VersionSerializer(api.versions(name, language), many=True).data)
