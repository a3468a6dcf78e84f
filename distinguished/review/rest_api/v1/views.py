"""REST API of the review panel: seats, conflicts, assignments, reviews, deliberation (votes and
decisions). Rules live in review.api."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin
from distinguished.nominations import api as nominations
from distinguished.people import api as people
from distinguished.program import api as program

from ... import api
from .serializers import (
    AssignInSerializer,
    AssignmentSerializer,
    AssignmentsQuerySerializer,
    BoardSerializer,
    ByHandInSerializer,
    ConflictCreatedSerializer,
    ConflictInSerializer,
    ConflictRepeatSerializer,
    ConflictSerializer,
    DecisionInSerializer,
    DecisionResultSerializer,
    PanelSerializer,
    ReviewInSerializer,
    ReviewSerializer,
    SeatInSerializer,
    SeatSerializer,
    VoidedAssignmentSerializer,
    VoteInSerializer,
    VoteSerializer,
    WaiverInSerializer,
    WaiverWithdrawInSerializer,
    WaiverWithdrawnSerializer,
)


def _cycle(slug):
    try:
        return program.get_cycle(slug)
    except ObjectDoesNotExist:
        raise Http404(_("No cycle “%(slug)s”.") % {"slug": slug}) from None


def _user(user_id, field="user"):
    try:
        return get_user_model().objects.get(pk=user_id)
    except ObjectDoesNotExist:
        raise ValidationError({field: [_("No such account.")]}) from None


def _is_panel(user, cycle) -> bool:
    return people.is_program_admin(user) or people.is_chair(user) or api.seat_of(user, cycle) is not None


def _is_chair(user) -> bool:
    return people.is_program_admin(user) or people.is_chair(user)


class Seats(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=SeatInSerializer, responses={201: SeatSerializer})
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = SeatInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        seat = api.seat_panelist(actor=request.user, cycle=cycle, user=_user(fields.pop("user")), **fields)
        return Response(SeatSerializer(seat).data, status=201)


class SeatDetail(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(responses={204: None})
    def delete(self, request, slug, seat_id):
        try:
            seat = api.get_seat(_cycle(slug), seat_id)
        except ObjectDoesNotExist:
            raise Http404(_("No such seat.")) from None
        api.unseat(actor=request.user, seat=seat)
        return Response(status=204)


class Panel(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PanelSerializer)
    def get(self, request, slug):
        cycle = _cycle(slug)
        if not _is_panel(request.user, cycle):
            raise PermissionDenied(_("Only the panel and program admins see the panel."))
        return Response(PanelSerializer(api.panel_status(cycle)).data)


class Conflicts(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=ConflictSerializer(many=True),
        description=(
            "Every conflict of the cycle's panel, declared and detected, for the chair and program admins; "
            "none about a nomination the caller is conflicted with (an admin or a co-chair handles it)."
        ),
    )
    def get(self, request, slug):
        cycle = _cycle(slug)
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair and program admins see every conflict."))
        return Response(
            ConflictSerializer(api.conflicts_seen_by(cycle, request.user)["rows"], many=True).data
        )

    @extend_schema(
        request=ConflictInSerializer,
        responses={
            201: ConflictCreatedSerializer,
            409: OpenApiResponse(
                ConflictRepeatSerializer, description="Declared already: `conflict` names it."
            ),
        },
        description=(
            "A seated panelist declares a conflict with a nomination or a contributor (the chair may "
            "name another panelist). An assignment it covers is voided at once: its review stops counting."
        ),
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = ConflictInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        nomination = contributor = None
        if fields.get("nomination"):
            try:
                nomination = nominations.get_nomination(fields["nomination"])
            except ObjectDoesNotExist:
                raise NotFound() from None
        if fields.get("contributor"):
            try:
                contributor = people.get_contributor(fields["contributor"])
            except ObjectDoesNotExist:
                raise ValidationError({"contributor": [_("No such contributor.")]}) from None
        panelist = _user(fields["panelist"], "panelist") if fields.get("panelist") else None
        try:
            conflict = api.declare_conflict(
                actor=request.user,
                cycle=cycle,
                reason=fields["reason"],
                nomination=nomination,
                contributor=contributor,
                panelist=panelist,
            )
        except api.ConflictExists as repeat:
            return Response({"detail": repeat.message, "conflict": repeat.existing.pk}, status=409)
        return Response(ConflictCreatedSerializer(conflict).data, status=201)


class Waivers(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=WaiverInSerializer, responses={201: WaiverInSerializer})
    def post(self, request, slug):
        _cycle(slug)
        # Who may act is said before any id is looked up: the answer is the same for every id.
        if not request.user.has_perm("review.run_panel"):
            raise PermissionDenied(_("Only the chair waives a conflict."))
        data = WaiverInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            nomination = nominations.get_nomination(fields["nomination"])
        except ObjectDoesNotExist:
            raise NotFound() from None
        api.waive_conflict(
            actor=request.user,
            nomination=nomination,
            panelist=_user(fields["panelist"], "panelist"),
            source=fields["source"],
            reason=fields["reason"],
        )
        return Response(data.validated_data, status=201)


class WithdrawWaiver(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=WaiverWithdrawInSerializer,
        responses={
            200: WaiverWithdrawnSerializer,
            403: OpenApiResponse(description="Not the chair or a program admin."),
            404: OpenApiResponse(
                description="No such waiver in this cycle, or a conflict hides its nomination."
            ),
        },
        description=(
            "The chair takes a waiver back: the detected conflict counts again, and an assignment of that "
            "panelist to that nomination is voided at once (audited, the chairs e-mailed)."
        ),
    )
    def post(self, request, slug, waiver_id):
        cycle = _cycle(slug)
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair or a program admin withdraws a waiver."))
        waiver = api.get_waiver(cycle, waiver_id, viewer=request.user)
        data = WaiverWithdrawInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        voided = api.withdraw_waiver(actor=request.user, waiver=waiver, reason=data.validated_data["reason"])
        return Response(
            WaiverWithdrawnSerializer({"waiver": waiver_id, "voided": [a.pk for a in voided]}).data
        )


class VoidedAssignments(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: VoidedAssignmentSerializer(many=True),
            403: OpenApiResponse(description="Not the chair."),
        },
        description=(
            "The cycle's assignments voided by a conflict that arose after assignment, oldest first, each with "
            "its replacement; none about a nomination the caller is conflicted with."
        ),
    )
    def get(self, request, slug):
        cycle = _cycle(slug)
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair and program admins see voided assignments."))
        return Response(
            VoidedAssignmentSerializer(api.voided_assignments(cycle, viewer=request.user), many=True).data
        )


class Reassign(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            201: AssignmentSerializer,
            400: OpenApiResponse(
                description="`{assignment|nomination|panelist: [why]}`: not voided, reassigned already, decided, nobody free."
            ),
            403: OpenApiResponse(description="Not the chair or a program admin."),
            404: OpenApiResponse(description="No such assignment, or a conflict hides its nomination."),
        },
        description=(
            "One click for the chair: a voided assignment's nomination gets another reviewer — seated, free "
            "of a conflict, from a stakeholder group its reviewers do not cover yet, the least loaded — who "
            "is e-mailed. Answers the new assignment."
        ),
    )
    def post(self, request, assignment_id):
        if not _is_chair(request.user):
            raise PermissionDenied(_("Only the chair or a program admin reassigns a review."))
        assignment = api.voided_assignment(assignment_id, viewer=request.user)
        replacement = api.reassign(actor=request.user, assignment=assignment)
        return Response(AssignmentSerializer(api.get_assignment(replacement.pk)).data, status=201)


class Assign(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AssignInSerializer,
        responses={
            200: OpenApiResponse(
                description="{assignments, added, removed, per_reviewer: {user id: load}, gap}"
            ),
            400: OpenApiResponse(
                description="{detail, reasons:[...]} when no assignment satisfies the rules"
            ),
        },
    )
    def post(self, request, slug):
        cycle = _cycle(slug)
        data = AssignInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = api.assign_reviewers(
                actor=request.user,
                cycle=cycle,
                reviewers_per_nomination=data.validated_data["reviewers_per_nomination"],
            )
        except api.NoAssignment as error:
            return Response(
                {"detail": _("No assignment satisfies the rules."), "reasons": error.reasons}, status=400
            )
        return Response(result)


class AssignByHand(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ByHandInSerializer, responses={201: AssignmentSerializer})
    def post(self, request, slug):
        if not request.user.has_perm("review.run_panel"):
            raise PermissionDenied(_("Only the chair or a program admin assigns reviewers."))
        cycle = _cycle(slug)
        data = ByHandInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            nomination = nominations.get_nomination(data.validated_data["nomination"])
        except ObjectDoesNotExist:
            raise NotFound() from None
        if nomination.cycle_id != cycle.pk:  # in this cycle's address, another's is unknown
            raise NotFound(_("No such nomination in this cycle."))
        assignment = api.assign_by_hand(
            actor=request.user,
            nomination=nomination,
            panelist=_user(data.validated_data["panelist"], "panelist"),
        )
        return Response(AssignmentSerializer(api.get_assignment(assignment.pk)).data, status=201)


@extend_schema(
    parameters=[
        OpenApiParameter("cycle", str, description="A cycle's slug: that cycle's assignments only."),
        OpenApiParameter(
            "status",
            str,
            enum=list(api.REVIEW_STATUSES),
            description="todo: the reviews not submitted yet (drafts included); submitted: the others.",
        ),
    ],
    responses={
        200: AssignmentSerializer(many=True),
        400: OpenApiResponse(description="`{cycle|status: [why]}`: a refused parameter."),
    },
)
class MyAssignments(generics.ListAPIView):
    """The signed-in panelist's assignments with their reviews, 50 a page, by nomination."""

    serializer_class = AssignmentSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return api.no_assignments()
        data = AssignmentsQuerySerializer(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        slug, cycle = data.validated_data["cycle"], None
        if slug:
            try:
                cycle = program.get_cycle(slug)
            except ObjectDoesNotExist:
                raise ValidationError({"cycle": [_("No cycle “%(slug)s”.") % {"slug": slug}]}) from None
        return api.assignments_of(self.request.user, cycle, status=data.validated_data["status"])

    def list(self, request, *args, **kwargs):
        # A page of ids first, then those rows whole: a deep page sorts narrow rows.
        ids = self.paginate_queryset(self.get_queryset().values_list("pk", flat=True))
        rows = api.assignments_in(request.user, ids)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class WriteReview(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReviewInSerializer,
        responses={
            200: ReviewSerializer,
            404: OpenApiResponse(
                description="No such assignment of the caller's, or it was voided by a conflict."
            ),
            409: OpenApiResponse(description="The review was saved elsewhere meanwhile (a stale `version`)."),
        },
    )
    def post(self, request, assignment_id):
        try:
            assignment = api.get_assignment(assignment_id)
        except ObjectDoesNotExist:
            raise Http404(_("No such assignment.")) from None
        if assignment.panelist_id != request.user.pk:
            raise Http404(_("No such assignment."))
        data = ReviewInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = api.save_review(actor=request.user, assignment=assignment, **data.validated_data)
        return Response(ReviewSerializer(review).data)


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
