"""REST API of approval and announcement. The rules live in cohorts.api; these views translate."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin, ReadAnyoneWriteAdmin
from distinguished.program import api as program

from ... import api
from .serializers import (
    AnnounceInSerializer,
    AnnouncementLanguageSerializer,
    AnnouncementSerializer,
    AnnounceSerializer,
    ApprovalInSerializer,
    FinalListSerializer,
    SubmitInSerializer,
)

CONFLICT = OpenApiResponse(description="Done already: signed off, or announced, once per cycle.")


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(f"No cycle “{slug}”.") from None


def _conflict(error: api.AlreadyDone) -> Response:
    return Response({"detail": " ".join(error.messages)}, status=409)


def _final_list(cycle, viewer) -> dict:
    result = api.final_list(cycle, viewer=viewer)
    sign_off, announced = result["sign_off"], result["announcement"]
    return {
        "cycle": cycle.slug,
        "phase": cycle.phase,
        "ready": not result["undecided"],
        "undecided": [{"track": track, "count": count} for track, count in result["undecided"].items()],
        "hidden": result["hidden"],
        "signed_off": sign_off
        and {"by": str(sign_off.signed_by), "at": sign_off.signed, "note": sign_off.note},
        "announced": announced and {"by": str(announced.announced_by), "date": announced.date},
        "tracks": [
            {
                "code": group["track"].code,
                "name": group["track"].name,
                "nominations": [
                    {
                        "id": row["nomination"].pk,
                        "nominee": {
                            "id": row["nomination"].nominee_id,
                            "name": row["nomination"].nominee.name,
                        },
                        "state": row["nomination"].state,
                        "outcome": api.OUTCOME[row["nomination"].state],
                        "rationale": row["nomination"].decision_rationale,
                        "feedback": row["nomination"].decision_feedback,
                        "decided": row["nomination"].decided,
                        "score": row["score"]
                        and {
                            "normalized": row["score"].normalized,
                            "mean": row["score"].mean,
                            "reviews": row["score"].reviews,
                        },
                    }
                    for row in group["rows"]
                ],
            }
            for group in result["tracks"]
        ],
    }


class Approval(APIView):
    """The final list of a cycle and the approver's answer to it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=FinalListSerializer, summary="The final list (approver, chair, admins)")
    def get(self, request, slug):
        cycle = _cycle(slug)
        return Response(FinalListSerializer(_final_list(cycle, request.user)).data)

    @extend_schema(
        request=ApprovalInSerializer,
        responses={200: FinalListSerializer, 409: CONFLICT},
        summary="Sign off the final list, or send it back to deliberation with a note (approver)",
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        api.require_approver(request.user)
        data = ApprovalInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        step = api.sign_off_cycle if data.validated_data["approve"] else api.send_back
        try:
            step(actor=request.user, cycle=cycle, note=data.validated_data["note"])
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(FinalListSerializer(_final_list(cycle, request.user)).data)


class SubmitForApproval(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=SubmitInSerializer,
        responses={200: FinalListSerializer, 409: CONFLICT},
        summary="The decided list is ready: end deliberation and ask the approver (chair)",
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = SubmitInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            api.submit_for_approval(actor=request.user, cycle=cycle, note=data.validated_data["note"])
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(FinalListSerializer(_final_list(cycle, request.user)).data)


def _cohort(cycle, announced) -> dict:
    awards = {award.membership_id: award.nomination_id for award in announced.awards.all()}
    return {
        "memberships": [
            {
                "id": term.pk,
                "contributor": {"id": term.contributor_id, "name": term.contributor.name},
                "track": term.track.code,
                "cycle": cycle.slug,
                "nomination": awards.get(term.pk),  # none for a recorded term
                "start": term.start,
                "end": term.end,
            }
            for term in api.memberships_of(announced)
        ]
    }


class Announce(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(
        request=AnnounceInSerializer,
        responses={
            200: AnnounceSerializer,
            400: OpenApiResponse(
                description="`{early_reason: [why]}`: before the cycle's announcement date without a "
                "reason (the message names the date); `{state: [why]}`: the list is not signed off."
            ),
            409: CONFLICT,
        },
        summary="Announce a signed-off cohort: memberships, e-mails, carried nominations (admin; once)",
        description=(
            "The terms start today. Before the cycle's announcement date give `early_reason`: the "
            "announcement date then becomes today (audited with the reason), so the announcement, "
            "the terms and the credentials say the same day."
        ),
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = AnnounceInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            announced = api.announce_cycle(actor=request.user, cycle=cycle, **data.validated_data)
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(AnnounceSerializer(_cohort(cycle, announced)).data)


class AnnounceRecorded(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(
        request=None,
        responses={
            201: AnnounceSerializer,
            400: OpenApiResponse(
                description="`{cycle|memberships: [why]}`: before the announcement day, a cycle this "
                "system decided, or no recorded term."
            ),
            409: CONFLICT,
        },
        summary="Publish the announcement of an earlier cohort from its recorded terms (admin; once)",
        description=(
            "For a cohort selected before this system: the terms recorded with this cycle "
            "(`POST /api/v1/memberships/` or the CSV import) are published as its announcement, dated "
            "the cycle's announcement day. No membership is created and nobody is e-mailed; terms "
            "recorded for the cycle later join the announcement."
        ),
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        try:
            announced = api.announce_recorded_cohort(actor=request.user, cycle=cycle)
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(AnnounceSerializer(_cohort(cycle, announced)).data, status=201)


class AnnouncementText(APIView):
    """The public announcement; program admins choose the language it is written in."""

    permission_classes = [ReadAnyoneWriteAdmin]

    def _answer(self, slug, announced):
        text = api.announcement_text(announced)
        return Response(
            AnnouncementSerializer(
                {
                    "cycle": slug,
                    "date": announced.date,
                    "language": announced.language,
                    "markdown": text.markdown,
                    "html": text.html,
                }
            ).data
        )

    def _announced(self, slug):
        announced = api.announcement_of(_cycle(slug))
        if announced is None:
            raise Http404("This cycle is not announced yet.")
        return announced

    @extend_schema(responses=AnnouncementSerializer, summary="The public announcement as Markdown and HTML")
    def get(self, request, slug):
        return self._answer(slug, self._announced(slug))

    @extend_schema(
        request=AnnouncementLanguageSerializer,
        responses={200: AnnouncementSerializer, 400: OpenApiResponse(description="`{language: [why]}`")},
        summary="Write the announcement in another of the site's languages (admin; audited)",
    )
    def patch(self, request, slug):
        announced = self._announced(slug)
        data = AnnouncementLanguageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        api.choose_announcement_language(actor=request.user, announcement=announced, **data.validated_data)
        return self._answer(slug, announced)
