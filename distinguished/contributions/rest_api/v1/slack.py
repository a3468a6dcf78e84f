"""REST API of Slack imports: upload an export (202 with the run), follow its progress, resume it.
The rules live in contributions.api (slack_runs.py)."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.uploads import UploadTooLarge

from ... import api, tasks
from .views import MayImport


class SlackUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The .zip of a Slack workspace export: users.json, channels.json, a folder per channel."
    )
    workspace_url = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The workspace the links to each answer go to (default: SLACK_WORKSPACE_URL).",
    )


class UnmatchedSerializer(serializers.Serializer):
    slack_id = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField(help_text="The e-mail Slack has for them, when the export holds it.")
    answers = serializers.IntegerField()


class NotCountedSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=["bot", "system", "not_a_reply", "own_thread", "edited", "deleted", "question_not_in_export"]
    )
    label = serializers.CharField()
    messages = serializers.IntegerField()


class SlackRunSerializer(serializers.Serializer):
    """A Slack import run: its progress while it runs, the export's result once it is done."""

    id = serializers.IntegerField()
    file = serializers.CharField(help_text="The uploaded file's name.")
    workspace_url = serializers.CharField()
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    total = serializers.IntegerField(help_text="Day files of public channels in the export.")
    processed = serializers.IntegerField(help_text="Day files read and committed so far.")
    percent = serializers.FloatField()
    answers = serializers.IntegerField(help_text="Threaded replies to someone else's question found so far.")
    created = serializers.IntegerField(help_text="Answers recorded as contributions.")
    skipped = serializers.IntegerField(help_text="Answers recorded already (an earlier import).")
    unmatched = UnmatchedSerializer(
        many=True, help_text="Who answered but matches no contributor (the 200 with most answers)."
    )
    unmatched_people = serializers.IntegerField()
    unmatched_answers = serializers.IntegerField()
    not_counted = NotCountedSerializer(many=True, help_text="The other messages, by why they do not count.")
    last_error = serializers.CharField(help_text="Why the run failed.")
    resumed_from = serializers.IntegerField(allow_null=True)
    resumable = serializers.BooleanField(
        help_text="Failed, and `POST …/resume/` goes on from its last batch."
    )
    queued = serializers.DateTimeField()
    started = serializers.DateTimeField(allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    updated = serializers.DateTimeField(help_text="The worker's latest progress (its heartbeat).")
    progress = serializers.URLField(help_text="`GET` it for the run's progress and outcome.")
    page = serializers.URLField(help_text="The imports page, showing this run's live progress.")


def _body(request, run) -> dict:
    body = api.slack_run_status(run)
    body["progress"] = request.build_absolute_uri(
        reverse("api-v1:contributions-import-slack-run", args=[run.pk])
    )
    body["page"] = request.build_absolute_uri(f"{reverse('contributions:imports')}?run={run.pk}")
    return SlackRunSerializer(body).data


def _accepted(request, run) -> Response:
    """202 with the run, after sending its task (which runs here and now when no broker is set)."""
    tasks.import_slack.delay(run.pk)
    run.refresh_from_db()
    body = _body(request, run)
    return Response(body, status=202, headers={"Location": body["progress"]})


def _slack_run(pk):
    try:
        return api.get_slack_run(pk)
    except ObjectDoesNotExist:
        raise Http404(_("No such Slack import.")) from None


class SlackImport(APIView):
    """Program admins import the answers given on Slack from a workspace export, in the background."""

    permission_classes = [IsAuthenticated, MayImport]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": SlackUploadSerializer},
        responses={
            202: SlackRunSerializer,
            400: OpenApiResponse(
                description="No file, or not a Slack export (not a zip, no users.json or channels.json, bad "
                'JSON, a name outside the archive, a zip bomb): `{"file": [why]}`, nothing is written.'
            ),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Only program admins import."),
            413: OpenApiResponse(description="The file is over IMPORT_MAX_BYTES: nothing is written."),
        },
        description=(
            "Every threaded reply to someone else's question, by a person matched to a contributor (the "
            "Slack member ID on their profile, else their e-mail), becomes a verified `forum_answer` linked "
            "to its message; bots, system messages, replies in one's own thread and second copies of an "
            "edited message do not count. The export is checked and stored and the answer is 202 with the "
            "run; `GET` its `progress` until `status` is `done`. Importing the same export again adds "
            "nothing; who could not be matched is listed in `unmatched`."
        ),
    )
    def post(self, request):
        serializer = SlackUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            run = api.queue_slack_import(
                request.user,
                upload,
                name=upload.name or "",
                workspace_url=serializer.validated_data.get("workspace_url"),
            )
        except UploadTooLarge as error:
            return Response({"detail": error.message_text}, status=413)
        return _accepted(request, run)


class SlackImportRun(APIView):
    """One Slack import: its progress while it runs, the export's result once it is done."""

    permission_classes = [IsAuthenticated, MayImport]

    @extend_schema(
        responses={200: SlackRunSerializer, 404: OpenApiResponse(description="No such Slack import.")}
    )
    def get(self, request, pk):
        return Response(_body(request, _slack_run(pk)))


class ResumeSlackImport(APIView):
    """Go on with a failed Slack import from the first day file it had not committed."""

    permission_classes = [IsAuthenticated, MayImport]

    @extend_schema(
        request=None,
        responses={
            202: SlackRunSerializer,
            400: OpenApiResponse(description="The run is not failed."),
            404: OpenApiResponse(description="No such Slack import."),
            409: OpenApiResponse(description="The run was resumed already."),
        },
        description="A new run (202) that resumes the failed one: answers it committed are not recorded twice.",
    )
    def post(self, request, pk):
        try:
            run = api.resume_slack_import(request.user, pk)
        except ObjectDoesNotExist:
            raise Http404(_("No such Slack import.")) from None
        except api.AlreadyResumed as error:
            return Response({"detail": " ".join(error.messages)}, status=409)
        return _accepted(request, run)
