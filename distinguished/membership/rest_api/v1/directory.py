"""`GET /api/v1/directory/`: the public directory as JSON (anyone). The same rows, filters and
statuses as the `/directory/` page; the rules are in `membership.directory` (through `api`)."""

from django.core.paginator import InvalidPage
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ... import api
from ...models import Membership

PUBLIC_STATUSES = [code for code in api.STATUS_FILTERS]

FILTERS = [
    OpenApiParameter("track", str, description="A track code: engineer, advocate, innovator, partner."),
    OpenApiParameter("cycle", str, description="A cycle slug: the cohort that first recognized the member."),
    OpenApiParameter(
        "status",
        str,
        enum=PUBLIC_STATUSES,
        description=(
            "`current` (the default: active, expiring and lifetime memberships), one status, or `all` "
            "(every status but revoked; revoked memberships are never public)."
        ),
    ),
    OpenApiParameter("country", str, description="A two-letter ISO country code, e.g. FR."),
    OpenApiParameter(
        "q", str, description="Words to find in the name, the organization or the GitHub login."
    ),
    OpenApiParameter(
        "after",
        int,
        description="Set by the `next` link: the membership that ends the page before (the next page is "
        "read from there, however deep).",
    ),
    OpenApiParameter(
        "before", int, description="Set by the `previous` link: the membership that starts the page after."
    ),
]


class DirectoryPagination(PageNumberPagination):
    """Pages by number, and Next/Previous links that also name the membership at the edge of the page,
    so that the next page is read from there (`membership.keyset`). A bad neighbour is a 404 like a bad
    page number."""

    django_paginator_class = api.KeysetPaginator

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(
                number, after=request.query_params.get("after"), before=request.query_params.get("before")
            )
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=number, message=str(exc))) from exc
        return list(self.page)

    def get_next_link(self):
        link = super().get_next_link()
        rows = self.page.object_list
        return remove_query_param(replace_query_param(link, "after", rows[-1].pk), "before") if link else None

    def get_previous_link(self):
        link = super().get_previous_link()
        if not link:
            return None
        rows = self.page.object_list
        link = replace_query_param(link, self.page_query_param, self.page.previous_page_number())
        return remove_query_param(replace_query_param(link, "before", rows[0].pk), "after")


class DirectoryContributorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    country = serializers.CharField(allow_blank=True, help_text="Two-letter ISO code, or empty.")
    organization = serializers.CharField(allow_null=True, help_text="The organization's name.")
    profile = serializers.URLField(help_text="The public profile page.")


class DirectoryEntrySerializer(serializers.Serializer):
    membership = serializers.IntegerField(source="pk")
    contributor = serializers.SerializerMethodField()
    track = serializers.CharField(source="track.code")
    cycle = serializers.SerializerMethodField(
        help_text="The cohort: the slug of the cycle that first recognized the member on this track; null for an earlier term recorded without a cycle."
    )
    start = serializers.DateField(help_text="The first day of this term.")
    end = serializers.DateField(allow_null=True, help_text="Empty for lifetime status.")
    since = serializers.DateField(
        help_text="When the member first joined the track: the first day of the oldest term this one "
        "continues (a renewal, a lifetime grant); equal to start for a first term."
    )
    status = serializers.ChoiceField(choices=list(api.STATUS_LABELS), help_text="Never `revoked` here.")

    @extend_schema_field(DirectoryContributorSerializer)
    def get_contributor(self, membership) -> dict:
        contributor = membership.contributor
        organization = contributor.organization
        return {
            "id": contributor.pk,
            "name": contributor.name,
            "kind": contributor.kind,
            "country": contributor.country.code or "",
            "organization": organization.name if organization else None,
            "profile": f"{self.context['profile_prefix']}{contributor.pk}/",
        }

    def get_cycle(self, membership) -> str | None:
        cycle = self.context["cycles"].get(membership.cohort_cycle_id)
        return cycle.slug if cycle else None


class Directory(generics.ListAPIView):
    """The public directory: one item per membership of a contributor who agreed to be listed,
    ordered by name, then track. Anyone may read it. An unknown filter value is a 400 naming the field."""

    serializer_class = DirectoryEntrySerializer
    permission_classes = [AllowAny]
    filter_backends = []
    pagination_class = DirectoryPagination

    @extend_schema(
        parameters=FILTERS,
        responses={
            200: DirectoryEntrySerializer(many=True),
            400: OpenApiResponse(description="An unknown filter value: the field and why."),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        # The same filters on the same data give the same page: cached (see membership.directory),
        # as JSON bytes when JSON is asked for (rendering 50 items is most of a cached request).
        # The key holds the host, which the absolute links (profile, next, previous) are built from.
        key = ("api-directory", request.get_host(), request.is_secure(), api.query_key(request.GET))
        stamp = api.data_stamp()

        def page():
            return super(Directory, self).list(request, *args, **kwargs).data

        if type(request.accepted_renderer) is JSONRenderer:
            content = api.cached((*key, "json"), stamp, lambda: JSONRenderer().render(page()))
            return HttpResponse(content, content_type="application/json")
        return Response(api.cached(key, stamp, page))

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Membership.objects.none()
        self.options = api.directory_options()
        filters = api.clean_directory_filters(self.request.query_params, self.options)
        return api.directory_entries(filters, renewal_window_days=self.options.renewal_window_days)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return api.as_of(page, renewal_window_days=self.options.renewal_window_days)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        options = getattr(self, "options", None)
        context["cycles"] = options.cycle_by_id() if options else {}
        # One reverse() for the page instead of one per item: ".../directory/0/" without "0/".
        context["profile_prefix"] = self.request.build_absolute_uri(reverse("membership:profile", args=[0]))[
            :-2
        ]
        return context
