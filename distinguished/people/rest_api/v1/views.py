"""REST API of the people app: tokens, accounts and contributor profiles."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, NotAuthenticated, PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.rest import IsProgramAdmin

from ... import api
from .serializers import (
    ContributorSerializer,
    PublicContributorSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSerializer,
)

# The list's filters (its download takes them too).
LIST_FILTERS = ["kind", "size_tier", "country"]


class TokenView(APIView):
    """Exchange a username and password for an API token (`Authorization: Token <token>`)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            401: OpenApiResponse(description="That username and password do not match an active account."),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request, **serializer.validated_data)
        if user is None:
            raise AuthenticationFailed(_("That username and password do not match an active account."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    def get_authenticate_header(self, request):
        return 'Token realm="api"'


class UserCreate(generics.CreateAPIView):
    """Create an account with its roles (program admins)."""

    serializer_class = UserSerializer
    permission_classes = [IsProgramAdmin]

    def perform_create(self, serializer):
        serializer.instance = api.create_user(actor=self.request.user, **serializer.validated_data)


class VisibleContributors:
    """The contributors the caller may list (admins every one, anyone else their own profile),
    narrowed by the list's filters: the list's and its download's rows."""

    permission_classes = [IsAuthenticated]
    filterset_fields = LIST_FILTERS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return api.contributors().none()
        return api.visible_contributors(self.request.user)


class ContributorCreate(VisibleContributors, generics.ListCreateAPIView):
    """List contributors (program admins) or create one (admins; a member their own profile)."""

    serializer_class = ContributorSerializer

    def perform_create(self, serializer):
        serializer.instance = api.create_contributor(actor=self.request.user, **serializer.validated_data)


class ContributorDetail(generics.RetrieveUpdateAPIView):
    """A contributor: public fields for anyone, every field for admins and the person themself."""

    permission_classes = [AllowAny]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return api.contributors()

    def get_serializer_class(self):
        contributor = getattr(self, "_contributor", None)
        if contributor is not None and self.request.user.has_perm(
            "people.view_contributor_private", contributor
        ):
            return ContributorSerializer
        if self.request.method == "PATCH":
            return ContributorSerializer
        return PublicContributorSerializer

    def get_object(self):
        self._contributor = super().get_object()
        return self._contributor

    def partial_update(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            raise NotAuthenticated(_("Sign in to edit a profile."))
        contributor = self.get_object()
        # Who may edit is decided before the input is read: someone else's profile is a 403
        # whatever the body says. people.api checks the same rule again when it saves.
        if not request.user.has_perm("people.edit_contributor", contributor):
            raise PermissionDenied(_("You may only edit your own profile."))
        serializer = ContributorSerializer(contributor, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        api.update_contributor(actor=request.user, contributor=contributor, **serializer.validated_data)
        return Response(ContributorSerializer(contributor).data)
