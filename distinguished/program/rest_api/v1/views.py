"""REST API of the program app: the program definition, cycles, targets, phase override."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin, ReadAnyoneWriteAdmin

from ... import api
from .serializers import (
    CycleSerializer,
    CycleUpdateSerializer,
    PhaseSerializer,
    ProgramSerializer,
    SavedCycleSerializer,
)


class ProgramView(APIView):
    """The program: tracks with key areas and key results, panel groups, contribution kinds, terms."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ProgramSerializer)
    def get(self, request):
        program = api.get_program()
        if program is None:
            raise Http404("No program is loaded.")
        return Response(ProgramSerializer(program).data)


def _cycle_or_404(slug):
    try:
        return api.get_cycle(slug)
    except api.CycleNotFound:
        raise Http404(f"No cycle “{slug}”.") from None


def _cycle_data(cycle) -> dict:
    return CycleSerializer(
        cycle, context={"targets": api.targets_of(cycle), "program_targets": api.program_targets_of(cycle)}
    ).data


def _saved_cycle_data(cycle) -> dict:
    """The cycle as saved, with `warnings`: one sentence per cycle whose nomination window
    overlaps this one's (allowed; the nomination form then asks which cycle)."""
    return {**_cycle_data(cycle), "warnings": api.overlap_warnings(cycle)}


@extend_schema_view(
    post=extend_schema(
        request=CycleSerializer,
        responses={201: SavedCycleSerializer},
        description=(
            "Create a cycle. Two cycles never share a slug or a name (400 on `slug` or `name`). A "
            "nomination window that overlaps another cycle's is allowed: the answer's `warnings` "
            "names each such cycle."
        ),
    )
)
class CycleList(generics.ListCreateAPIView):
    """Every cycle (anyone); create one (program admins)."""

    serializer_class = CycleSerializer
    permission_classes = [ReadAnyoneWriteAdmin]

    def get_queryset(self):
        return api.cycles_with_targets()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cycle = api.create_cycle(actor=request.user, **serializer.validated_data)
        return Response(_saved_cycle_data(cycle), status=201)


class CycleDetail(APIView):
    """One cycle with its phase and its key-result targets; admins edit its name and dates."""

    permission_classes = [ReadAnyoneWriteAdmin]

    @extend_schema(responses=CycleSerializer)
    def get(self, request, slug):
        return Response(_cycle_data(_cycle_or_404(slug)))

    @extend_schema(
        request=CycleUpdateSerializer,
        responses={200: SavedCycleSerializer},
        description="Change a cycle; `warnings` names each cycle whose nomination window overlaps its own.",
    )
    def patch(self, request, slug):
        cycle = _cycle_or_404(slug)
        serializer = CycleUpdateSerializer(cycle, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        api.update_cycle(actor=request.user, cycle=cycle, **serializer.validated_data)
        return Response(_saved_cycle_data(cycle))


class CycleTargets(APIView):
    """PATCH `{"<track>.<key_result>": number}` to set key-result targets, `{"program.<target>": number}`
    for the program's own targets (active members, retention %, initiatives a year); all or nothing."""

    permission_classes = [ReadAnyoneWriteAdmin]

    @extend_schema(
        request={"application/json": {"type": "object", "additionalProperties": {"type": "number"}}},
        responses={200: OpenApiResponse(description="every target of the cycle")},
    )
    def patch(self, request, slug):
        cycle = _cycle_or_404(slug)
        api.set_targets(actor=request.user, cycle=cycle, targets=request.data)
        return Response({code: float(value) for code, value in api.all_targets(cycle).items()})

    @extend_schema(responses={200: OpenApiResponse(description="every target of the cycle")})
    def get(self, request, slug):
        cycle = _cycle_or_404(slug)
        return Response({code: float(value) for code, value in api.all_targets(cycle).items()})


class CyclePhase(APIView):
    """Override the phase (`{"phase": "review", "reason": "…"}`), or `"phase": "auto"` to follow
    the dates again. Audited."""

    permission_classes = [IsProgramAdmin]

    @extend_schema(request=PhaseSerializer, responses=CycleSerializer)
    def post(self, request, slug):
        cycle = _cycle_or_404(slug)
        serializer = PhaseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        api.override_phase(actor=request.user, cycle=cycle, **serializer.validated_data)
        return Response(_cycle_data(cycle))
