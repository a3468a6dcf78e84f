"""REST API of the nominations app: nominate, consent, endorse, submit, withdraw, screen.

The views translate HTTP to `nominations.api` calls and back; every rule (who may act, in which
phase and state, what input is good) is decided there and reaches the caller through
`core.rest_errors`: 400 names the field or the current state, 403 says who may act.

A nomination the caller may not see is a 404, as if it did not exist, whatever the caller meant to
do with it. An invited endorser first opens their invitation (`invitation/` with the e-mailed
link's token, or `token` in the endorsement itself); the nominee may answer with the e-mailed token
without signing in.
"""

from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.people import api as people

from ... import api
from ...filters import NominationFilter
from ...models import Nomination
from .serializers import (
    ConsentSerializer,
    EligibilitySerializer,
    EndorsementInputSerializer,
    EndorsementRequestInputSerializer,
    EndorsementRequestsSerializer,
    EndorsementSerializer,
    EvidenceInputSerializer,
    EvidenceSerializer,
    InvitationSerializer,
    NominationCreateSerializer,
    NominationSerializer,
    NominationSummarySerializer,
    NominationUpdateSerializer,
    ScreeningSerializer,
    Viewer,
    WithdrawSerializer,
)

BAD_INPUT = OpenApiResponse(description="Bad input or a broken rule: the field (or `state`) and why.")
FORBIDDEN = OpenApiResponse(description="The caller may not do this.")
NOT_FOUND = OpenApiResponse(description="No such nomination, or the caller may not see it.")


def _nomination(pk) -> Nomination:
    try:
        return api.get_nomination(pk)
    except Nomination.DoesNotExist:
        raise NotFound() from None


def _visible(request, pk) -> Nomination:
    """The nomination if the caller may see it; a 404 otherwise, so ids reveal nothing."""
    try:
        return api.visible_nomination(request.user, pk)
    except Nomination.DoesNotExist:
        raise NotFound() from None


def _detail(request, pk, *, as_nominee: bool = False) -> dict:
    """The nomination, fetched again after a change, as the caller may read it."""
    return _shown(request, _nomination(pk), as_nominee=as_nominee)


def _shown(request, nomination: Nomination, *, as_nominee: bool = False) -> dict:
    """`nomination` (read with `api.get_nomination`'s related rows) as the caller may read it."""
    viewer = Viewer.of(request.user, nomination, as_nominee=as_nominee)
    return NominationSerializer(nomination, context={"viewer": viewer}).data


def _require(request, perm: str, message: str) -> None:
    """A role check made before the nomination is looked up: the answer is the same for any id."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(message)


def _panel_visible(request, pk, perm: str) -> Nomination:
    """The nomination, unless a conflict of interest hides it from the caller: then a 404."""
    nomination = _nomination(pk)
    if not request.user.has_perm(perm, nomination):
        raise NotFound("No such nomination.")
    return nomination


def _register_nominee(actor, fields: dict):
    """people.api's messages, under the request's `nominee_new.<field>`."""
    try:
        return people.register_nominee(actor=actor, **fields)
    except ValidationError as error:
        raise ValidationError(
            {
                "nominee_new" if field == "__all__" else f"nominee_new.{field}": messages
                for field, messages in error.message_dict.items()
            }
        ) from None


class NominationList(generics.ListAPIView):
    """The nominations the caller may list (a member: theirs as nominator or nominee, and those they
    endorsed; the panel: all); nominate someone (any member)."""

    serializer_class = NominationSummarySerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NominationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Nomination.objects.none()
        return api.nominations_for(self.request.user)

    @extend_schema(
        request=NominationCreateSerializer,
        responses={201: NominationSerializer, 400: BAD_INPUT},
        description=(
            "Start a draft nomination. `nominee` is a contributor id (your own for a self-nomination), "
            "or give `nominee_new: {kind, name, email}` to record someone new in the same step. A "
            "peer nomination e-mails the nominee a link to consent. A live nomination of the same "
            "nominee for the track in the cycle is a 400 whose `existing` links to it; a current "
            "member of the track is a 400 on `nominee` saying how to renew. A self-nomination "
            "answers `list_publicly` (required)."
        ),
    )
    def post(self, request):
        serializer = NominationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        # No cycle named: the only one open for nominations, else a 400 naming the open ones.
        cycle = data["cycle"] or api.cycle_to_nominate_in(None)
        # Someone new: one transaction, so that a refused nomination leaves no newly registered
        # contributor behind. A known nominee needs only nominate's own transaction.
        with transaction.atomic() if data.get("nominee_new") is not None else nullcontext():
            nominee = data.get("nominee") or _register_nominee(request.user, data["nominee_new"])
            nomination = api.nominate(
                actor=request.user,
                cycle=cycle,
                track=data["track"],
                nominee=nominee,
                statement=data["statement"],
                evidence=data["evidence"],
                list_publicly=data["list_publicly"],
            )
        # nominate holds the nomination, its cycle, track and parties: only the evidence is read back.
        return Response(_shown(request, api.as_created(nomination)), status=status.HTTP_201_CREATED)


class NominationDetail(APIView):
    """One nomination as the caller may read it; the nominator changes the statement and the
    nominee their addition while nominations are open."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: NominationSerializer, 404: NOT_FOUND},
        description=(
            "After the announcement the nominator and the nominee read `decision: {outcome, "
            "feedback, decided}` (never the rationale); before it, and for everybody else, it is null."
        ),
    )
    def get(self, request, pk):
        _visible(request, pk)
        return Response(_detail(request, pk))

    @extend_schema(
        request=NominationUpdateSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request, pk):
        nomination = _visible(request, pk)
        serializer = NominationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Names this endpoint does not know go on to api.py, which answers "Unknown field.".
        unknown = {name: None for name in request.data if name not in serializer.fields}
        api.update_nomination(
            actor=request.user, nomination=nomination, **serializer.validated_data, **unknown
        )
        return Response(_detail(request, pk))


class EvidenceList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=EvidenceInputSerializer,
        responses={201: EvidenceSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="Add a piece of evidence (nominator or nominee, while nominations are open).",
    )
    def post(self, request, pk):
        nomination = _visible(request, pk)
        serializer = EvidenceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = api.add_evidence(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(EvidenceSerializer(item).data, status=status.HTTP_201_CREATED)


class EvidenceDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND})
    def delete(self, request, pk, evidence_id):
        nomination = _visible(request, pk)
        api.remove_evidence(actor=request.user, nomination=nomination, evidence_id=evidence_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


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
        nomination = _nomination(pk)
        api.answer_consent(actor=request.user, nomination=nomination, **serializer.validated_data)
        # Only the nominee gets here (signed in, or holding the link sent to the nominee).
        return Response(_detail(request, pk, as_nominee=True))


class EndorsementRequests(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=EndorsementRequestInputSerializer,
        responses={201: EndorsementRequestsSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="The nominator or the nominee asks people by e-mail to endorse.",
    )
    def post(self, request, pk):
        nomination = _visible(request, pk)
        serializer = EndorsementRequestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        requests = api.request_endorsements(
            actor=request.user, nomination=nomination, **serializer.validated_data
        )
        return Response(
            EndorsementRequestsSerializer({"requests": requests}).data, status=status.HTTP_201_CREATED
        )


class Endorsements(generics.GenericAPIView):
    """GET: the endorsements as the caller may read them. POST: endorse (a signed-in member who is
    neither the nominee nor the nominator, once)."""

    permission_classes = [IsAuthenticated]
    serializer_class = EndorsementSerializer
    queryset = Nomination.objects.none()  # what `pk` names, for the schema; never read

    @extend_schema(responses={200: EndorsementSerializer(many=True), 404: NOT_FOUND})
    def get(self, request, pk):
        nomination = _visible(request, pk)
        viewer = Viewer.of(request.user, nomination)
        page = self.paginate_queryset(list(nomination.endorsements.all()))
        data = EndorsementSerializer(page, many=True, context={"viewer": viewer}).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=EndorsementInputSerializer,
        responses={201: EndorsementSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        nomination = _nomination(pk)
        token = request.data.get("token") if isinstance(request.data, dict) else None
        # Opening the invitation and endorsing stand or fall together; whoever may not see the
        # nomination learns nothing from the body's errors (a 404 before the body is read).
        with transaction.atomic():
            if isinstance(token, str) and token:
                api.accept_invitation(actor=request.user, nomination=nomination, token=token)
            nomination = _visible(request, pk)
            serializer = EndorsementInputSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            fields = dict(serializer.validated_data)
            fields.pop("token", "")
            endorsement = api.endorse(actor=request.user, nomination=nomination, **fields)
        viewer = Viewer.of(request.user, nomination)
        return Response(
            EndorsementSerializer(endorsement, context={"viewer": viewer}).data,
            status=status.HTTP_201_CREATED,
        )


class Invitation(APIView):
    """The invited endorser opens their e-mailed invitation with their account: from then on they
    read the nomination and may endorse it. One invitation, one account."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=InvitationSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def post(self, request, pk):
        serializer = InvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        nomination = _nomination(pk)
        api.accept_invitation(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(_detail(request, pk))


class Submit(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="draft → submitted (the nominator). A 400 names every unmet rule.",
    )
    def post(self, request, pk):
        nomination = _visible(request, pk)
        # Moved in place (the state, when submitted) under the row lock; its related rows, read
        # with it, are unchanged by the submission: the answer needs no second read.
        nomination = api.submit_nomination(actor=request.user, nomination=nomination)
        return Response(_shown(request, nomination))


class Withdraw(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=WithdrawSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description="draft | submitted → withdrawn (the nominator or the nominee), before screening.",
    )
    def post(self, request, pk):
        nomination = _visible(request, pk)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api.withdraw(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(_detail(request, pk))


class Eligibility(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: EligibilitySerializer, 403: FORBIDDEN, 404: NOT_FOUND},
        description="The automatic eligibility checks (the panel chair and program admins).",
    )
    def get(self, request, pk):
        _require(
            request,
            "nominations.screen_nominations",
            "Only the panel chair or a program admin reads the eligibility checks.",
        )
        return Response(
            EligibilitySerializer(
                api.eligibility_of(_panel_visible(request, pk, "nominations.view_eligibility"))
            ).data
        )


class Scorecard(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={
            200: OpenApiResponse(
                description=(
                    "{key_results:[{code,label,unit,period,value,verified_value,target,met,verified_met,"
                    "contributions:[{id,kind,date,title,url,quantity,major,contributor,source,verified}]}], "
                    "groups:[{code,label,logic,met,verified_met,key_results}], met, verified_met, total, "
                    "qualifies, window}: `verified_value` is the part of the value that verified contributions "
                    "make (imports, admins' records, contributions a screener confirmed); the rest rests on "
                    "self-report. `met`/`total` count requirements: an any-of group is one."
                )
            ),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
        description="The nominee's key results for the track over the cycle's window (the panel).",
    )
    def get(self, request, pk):
        _require(request, "nominations.panel_member", _("Only the review panel reads scorecards."))
        return Response(api.scorecard_of(_panel_visible(request, pk, "nominations.view_scorecard")).as_dict())


class Screening(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ScreeningSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
        description=(
            "Decide eligible or ineligible (the panel chair or a program admin, in the screening "
            "phase). Ineligible needs a reason, which the nominee reads."
        ),
    )
    def post(self, request, pk):
        _require(
            request,
            "nominations.screen_nominations",
            "Only the panel chair or a program admin screens nominations.",
        )
        nomination = _visible(request, pk)
        serializer = ScreeningSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api.screen(actor=request.user, nomination=nomination, **serializer.validated_data)
        return Response(_detail(request, pk))
