"""REST API of the deliberation: the board, a page at a time (`/api/v1/cycles/{slug}/deliberation/`),
a panelist's vote (`/api/v1/nominations/{id}/votes/`) and the chair's decision
(`/api/v1/nominations/{id}/decision/`). Rules live in review.api."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from distinguished.nominations import api as nominations

from ... import api
from .panel import _cycle
from .serializers import (
    BoardSerializer,
    DecisionInSerializer,
    DecisionResultSerializer,
    VoteInSerializer,
    VoteSerializer,
)

# --- Deliberation ------------------------------------------------------------------------------

HIDDEN = gettext_lazy(
    "No such nomination, or you may not see it (a conflict of interest hides a nomination from you)."
)


def _deliberated(request, pk):
    """The nomination if the caller may see it (a seated panelist without a conflict sees every
    nomination in deliberation); a 404 otherwise, the same for an id that does not exist."""
    try:
        nomination = nominations.get_nomination(pk)
    except ObjectDoesNotExist:
        raise NotFound(HIDDEN) from None
    if not (
        request.user.has_perm("nominations.view_nomination", nomination)
        or api.sees_in_deliberation(request.user, nomination)
    ):
        raise NotFound(HIDDEN)
    return nomination


class Votes(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=VoteInSerializer,
        responses={
            201: VoteSerializer,
            200: OpenApiResponse(
                VoteSerializer, description="The panelist's earlier vote, changed or repeated."
            ),
            400: OpenApiResponse(
                description="`{vote|cycle|state: [why]}`: not a choice, not deliberation, decided."
            ),
            403: OpenApiResponse(description="No seat on the cycle's panel, or a conflict of interest."),
            404: OpenApiResponse(description="No such nomination, or the caller may not see it."),
        },
        description=(
            "A seated panelist without a conflict votes select, decline or defer on an eligible "
            "nomination or one in review during deliberation; voting again changes the vote until the "
            "chair decides (never after sign-off). "
            "Answers the nomination's tally and quorum: 201 for a first vote, 200 for a changed one."
        ),
    )
    def post(self, request, pk):
        nomination = _deliberated(request, pk)
        api.require_voter(request.user, nomination)
        data = VoteInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        first = api.vote_of(request.user, nomination) is None
        vote = api.cast_vote(actor=request.user, nomination=nomination, vote=data.validated_data["vote"])
        return Response(
            VoteSerializer(
                {
                    "nomination": nomination.pk,
                    "vote": vote.vote,
                    "tally": api.tally_of(nomination),
                    "quorum": api.quorum_of(nomination),
                }
            ).data,
            status=201 if first else 200,
        )


class Decision(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=DecisionInSerializer,
        responses={
            200: DecisionResultSerializer,
            400: OpenApiResponse(
                description="`{outcome|rationale|feedback|votes|cycle|state: [why]}`; `votes` says how many voted and how many are needed."
            ),
            403: OpenApiResponse(
                description="Not the chair of the cycle's panel, or a conflict of interest."
            ),
            404: OpenApiResponse(description="No such nomination, or the caller may not see it."),
        },
        description=(
            "The chair records selected, declined or deferred once the quorum has voted, during "
            "deliberation; the decision may change until the phase ends. `rationale` stays with the "
            "panel; `feedback` (required for declined and deferred) reaches the nominee at the "
            "announcement."
        ),
    )
    def post(self, request, pk):
        nomination = _deliberated(request, pk)
        api.require_deciding_chair(request.user, nomination)
        data = DecisionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = api.record_decision(actor=request.user, nomination=nomination, **data.validated_data)
        return Response(
            DecisionResultSerializer({"nomination": decided, "quorum": api.quorum_of(decided)}).data
        )


def _page_link(request, number: int | None) -> str | None:
    """The URL of the request with another `page` (none for the first); None when there is none."""
    if number is None:
        return None
    url = request.build_absolute_uri()
    return remove_query_param(url, "page") if number == 1 else replace_query_param(url, "page", number)


class Deliberation(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("track", str, description="A track code: that track's nominations only."),
            OpenApiParameter(
                "undecided", bool, description="1: only the nominations the chair has not decided yet."
            ),
            OpenApiParameter("page", int, description=f"A page number ({api.BOARD_PAGE_SIZE} a page)."),
        ],
        responses={
            200: BoardSerializer,
            400: OpenApiResponse(description="`{track|undecided|page: [why]}`: a refused parameter."),
            403: OpenApiResponse(description="Only the panel and program admins."),
            404: OpenApiResponse(description="No such cycle."),
        },
        description=(
            "The cycle's nominations in review or decided, ranked, a page at a time (the unreviewed "
            "after the ranked), each with its tally, quorum, the caller's vote and the decision "
            "(rationale included: the panel's eyes only). A nomination the caller has a conflict with "
            "is left out of every page and of `count`."
        ),
    )
    def get(self, request, slug):
        cycle = _cycle(slug)
        # Who may read it is said before the parameters are judged.
        if not request.user.has_perm("review.view_panel", cycle):
            raise PermissionDenied(_("Only the panel and program admins see the deliberation."))
        chosen = api.board_filters(cycle, request.query_params)
        board = api.board(cycle, viewer=request.user, page=request.query_params.get("page"), **chosen)
        page = board["page"]
        board["next"] = _page_link(request, page.next_page_number() if page.has_next() else None)
        board["previous"] = _page_link(request, page.previous_page_number() if page.has_previous() else None)
        return Response(BoardSerializer(board).data)
