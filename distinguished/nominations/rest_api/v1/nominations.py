"""Nominations in the API: the list the caller may read, nominating someone (a known contributor,
oneself, or someone new), and one nomination read and changed."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import api
from ...filters import NominationFilter
from ...models import Nomination
from .access import BAD_INPUT, FORBIDDEN, NOT_FOUND, detail, shown, visible
from .input_serializers import NominationCreateSerializer, NominationUpdateSerializer
from .output_serializers import NominationSerializer, NominationSummarySerializer


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
        fields = {
            "actor": request.user,
            "cycle": data["cycle"] or api.cycle_to_nominate_in(None),
            "track": data["track"],
            "statement": data["statement"],
            "evidence": data["evidence"],
            "list_publicly": data["list_publicly"],
        }
        if data.get("nominee_new") is not None:
            # Someone new, recorded with the nomination in one transaction.
            nomination = api.nominate_someone_new(new_nominee=data["nominee_new"], **fields)
        else:
            nomination = api.nominate(nominee=data["nominee"], **fields)
        # nominate holds the nomination, its cycle, track and parties: only the evidence is read back.
        return Response(shown(request, api.as_created(nomination)), status=status.HTTP_201_CREATED)


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
        visible(request, pk)
        return Response(detail(request, pk))

    @extend_schema(
        request=NominationUpdateSerializer,
        responses={200: NominationSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def patch(self, request, pk):
        nomination = visible(request, pk)
        serializer = NominationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Names this endpoint does not know go on to api.py, which answers "Unknown field.".
        unknown = {name: None for name in request.data if name not in serializer.fields}
        api.update_nomination(
            actor=request.user, nomination=nomination, **serializer.validated_data, **unknown
        )
        return Response(detail(request, pk))
