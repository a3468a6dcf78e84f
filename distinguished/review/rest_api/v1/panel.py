"""REST API of the review panel and its seats: program admins seat and unseat panelists
(`/api/v1/cycles/{slug}/panel/seats/`), the panel reads whether every stakeholder group is within
its seat range (`/api/v1/cycles/{slug}/panel/`). Also the look-ups the panel's other REST views share
(the cycle of the address, an account named in the body, who runs the panel). Rules live in
review.api."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin
from distinguished.people import api as people
from distinguished.program import api as program

from ... import api
from .serializers import PanelSerializer, SeatInSerializer, SeatSerializer


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
