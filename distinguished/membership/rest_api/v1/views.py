"""REST API of memberships: terms (record, list, read, revoke, grant lifetime, import earlier terms
from CSV) and renewals (apply, list, read with the evaluation, decide). Rules live in membership.api."""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from distinguished.core.ids import as_id
from distinguished.core.rest import ADMIN, IsProgramAdmin
from distinguished.core.rest_errors import validation_payload
from distinguished.core.uploads import UploadTooLarge
from distinguished.people import api as people
from distinguished.program import api as program

from ... import api


class IsChairOrAdmin(BasePermission):
    message = gettext_lazy("Only the chair or a program admin may do this.")

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and (user.has_perm(ADMIN) or user.has_perm("distinguished.chair"))
        )


def _conflict(error: api.AlreadyDone) -> Response:
    """A second application or decision: 409 with the message that says what happened first."""
    return Response(validation_payload(error), status=409)


# --- serializers ---------------------------------------------------------------------------------


class MembershipTermInSerializer(serializers.Serializer):
    contributor = serializers.IntegerField()
    track = serializers.CharField()
    start = serializers.DateField()
    previous = serializers.IntegerField(
        required=False, allow_null=True, help_text="The term this one renews (it ends the day before)."
    )
    cycle = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The slug of the cycle that recognized the member (their cohort); "
        "a renewal keeps the cohort of the term it renews.",
    )


class MemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(allow_null=True, help_text="Empty unless listed publicly (or to staff).")


class RenewalWindowSerializer(serializers.Serializer):
    opens = serializers.DateField()
    closes = serializers.DateField()


class MembershipRenewalStateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField(help_text="pending, renewed or lapsed.")


class MembershipLifetimeSerializer(serializers.Serializer):
    eligible = serializers.BooleanField(help_text="Whether an admin may grant lifetime status now.")
    state = serializers.CharField(
        help_text="eligible, later (the milestone lies ahead), blocked (a renewal application is "
        "pending), unreachable (the chain ended short of it) or none (revoked, renewed or lifetime)."
    )
    milestone = serializers.DateField(help_text="The day the chained terms reach the sustained years.")
    message = serializers.CharField()


class MembershipTermSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contributor = serializers.SerializerMethodField()
    track = serializers.CharField(source="track.code")
    cycle = serializers.SerializerMethodField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    previous = serializers.IntegerField(source="previous_id", allow_null=True)
    status = serializers.SerializerMethodField()
    lifetime_milestone = serializers.SerializerMethodField()
    lifetime = serializers.SerializerMethodField()
    renewal_window = serializers.SerializerMethodField()
    renewal = serializers.SerializerMethodField()

    def _rules(self) -> api.Rules:
        if "rules" not in self.context:
            self.context["rules"] = api.membership_rules()
        return self.context["rules"]

    def _own(self, membership) -> bool:
        user = self.context.get("user")
        return bool(user is not None and api.is_member_of(user, membership))

    @extend_schema_field(MemberRefSerializer)
    def get_contributor(self, membership) -> dict:
        contributor = membership.contributor
        shown = contributor.listed_publicly or self.context.get("admin", False) or self._own(membership)
        return {"id": contributor.pk, "name": contributor.name if shown else None}

    def get_cycle(self, membership) -> str | None:
        return membership.cycle.slug if membership.cycle_id else None

    # A plain string in the schema: an enum here would collide with other `status` choice sets.
    @extend_schema_field(serializers.CharField(help_text=f"One of {', '.join(api.Status.ALL)}."))
    def get_status(self, membership) -> str:
        return api.status_of(membership, renewal_window_days=self._rules().renewal_window_days)

    def get_lifetime_milestone(self, membership) -> dt.date:
        milestones = self.context.get("milestones")
        if milestones is not None:
            return milestones[membership.pk]
        return api.lifetime_milestone(membership, years=self._rules().lifetime_after_years)

    @extend_schema_field(MembershipLifetimeSerializer)
    def get_lifetime(self, membership) -> dict:
        """Where the term stands on the way to lifetime status (the pages' "eligible" marker)."""
        rules = self._rules()
        outlook = api.lifetime_outlook(
            membership,
            self.get_lifetime_milestone(membership),
            years=rules.lifetime_after_years,
            renewal_window_days=rules.renewal_window_days,
        )
        return {
            "eligible": outlook.eligible,
            "state": outlook.state,
            "milestone": outlook.milestone,
            "message": outlook.message,
        }

    @extend_schema_field(RenewalWindowSerializer(allow_null=True))
    def get_renewal_window(self, membership):
        window = api.renewal_window(membership, self._rules().renewal_window_days)
        return {"opens": window[0], "closes": window[1]} if window else None

    @extend_schema_field(MembershipRenewalStateSerializer(allow_null=True))
    def get_renewal(self, membership):
        """The application to renew this term, for staff and the member only."""
        if not (self.context.get("staff") or self._own(membership)):
            return None
        try:
            renewal = membership.renewal
        except ObjectDoesNotExist:
            return None
        return {"id": renewal.pk, "state": renewal.state}


class RevokeReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class RenewalStatementSerializer(serializers.Serializer):
    statement = serializers.CharField(
        allow_blank=True, max_length=20_000, help_text="Markdown: what you contributed during the term."
    )


class RenewalDecisionSerializer(serializers.Serializer):
    renew = serializers.BooleanField(
        help_text="true renews (a new term chained to this one); false lets it lapse."
    )
    reason = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text="Required when the term lapses; the member reads it.",
    )


class MembershipTermRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class RenewalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    membership = serializers.IntegerField(source="membership_id")
    contributor = serializers.SerializerMethodField()
    track = serializers.CharField(source="membership.track.code")
    term = serializers.SerializerMethodField()
    statement = serializers.CharField()
    state = serializers.CharField(help_text="pending, renewed or lapsed.")
    applied = serializers.DateTimeField()
    decided = serializers.DateTimeField(allow_null=True)
    decided_by = serializers.SerializerMethodField()
    renew = serializers.BooleanField(allow_null=True)
    reason = serializers.CharField()
    new_term = serializers.SerializerMethodField()

    @extend_schema_field(MemberRefSerializer)
    def get_contributor(self, renewal) -> dict:
        contributor = renewal.membership.contributor
        return {"id": contributor.pk, "name": contributor.name}

    @extend_schema_field(MembershipTermRefSerializer)
    def get_term(self, renewal) -> dict:
        membership = renewal.membership
        return {"id": membership.pk, "start": membership.start, "end": membership.end}

    def get_decided_by(self, renewal) -> str | None:
        return renewal.decided_by.display_name if renewal.decided_by_id else None

    @extend_schema_field(MembershipTermRefSerializer(allow_null=True))
    def get_new_term(self, renewal):
        term = renewal.new_term
        return {"id": term.pk, "start": term.start, "end": term.end} if term else None


class RenewalEvaluationSerializer(serializers.Serializer):
    window = RenewalWindowSerializer(
        help_text="`opens` is the term's first day, `closes` the last day counted."
    )
    cycle = serializers.CharField(allow_null=True, help_text="The cycle whose targets apply.")
    met = serializers.IntegerField()
    total = serializers.IntegerField()
    met_key_results = serializers.ListField(child=serializers.CharField())
    qualifies = serializers.BooleanField(allow_null=True)
    scorecard = serializers.DictField(allow_null=True, help_text="The key-results scorecard over the term.")


class RenewalDetailSerializer(RenewalSerializer):
    evaluation = serializers.SerializerMethodField()

    @extend_schema_field(RenewalEvaluationSerializer)
    def get_evaluation(self, renewal):
        data = api.renewal_evaluation(renewal).as_dict()
        data["window"] = {"opens": data["window"]["start"], "closes": data["window"]["end"]}
        return data


class MembershipImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A UTF-8 CSV file with the columns `contributor,track,start` and optionally `renews` "
        "and `cycle`."
    )


class MembershipImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    memberships = serializers.ListField(child=serializers.IntegerField())


class MembershipImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row of the file; the header is row 1.")
    column = serializers.CharField()
    message = serializers.CharField()
    error = serializers.CharField(help_text="“row 4, start: 2025-02-30 is not a date”.")


class MembershipImportRefusedSerializer(serializers.Serializer):
    """Either the rows with problems (`detail` and `errors`) or, for a file that cannot be read or
    none at all, `file` and why."""

    detail = serializers.CharField(required=False)
    errors = MembershipImportErrorSerializer(many=True, required=False)
    file = serializers.ListField(child=serializers.CharField(), required=False)


# --- helpers -------------------------------------------------------------------------------------


def _membership(pk):
    try:
        return api.get_membership(pk)
    except ObjectDoesNotExist:
        raise Http404(_("No such membership.")) from None


def _renewal(request, pk):
    try:
        renewal = api.get_renewal(pk)
    except ObjectDoesNotExist:
        raise Http404(_("No such renewal.")) from None
    if not api.may_view(request.user, renewal):
        raise Http404(_("No such renewal."))
    return renewal


def _context(request, **extra) -> dict:
    user = request.user if request.user.is_authenticated else None
    admin = user is not None and people.is_program_admin(user)
    staff = user is not None and api.may_decide(user)
    return {"admin": admin, "staff": staff, "user": user, **extra}


def _data(request, membership) -> dict:
    return MembershipTermSerializer(membership, context=_context(request)).data


# --- terms ---------------------------------------------------------------------------------------

# The list's filters (its download takes them too).
LIST_PARAMETERS = [
    OpenApiParameter("track", str),
    OpenApiParameter("status", str, enum=list(api.Status.ALL)),
    OpenApiParameter("contributor", int),
]


def list_filters(request) -> dict:
    """The list's filters from the query string: a contributor id that is none is a 400, an unknown
    status is refused by `api.memberships_for`."""
    params = request.query_params
    contributor = params.get("contributor") or None
    if contributor is not None and as_id(contributor) is None:
        raise ValidationError({"contributor": [_("Give a contributor id.")]})
    return {
        "track": params.get("track", ""),
        "status": params.get("status", ""),
        "contributor": as_id(contributor) if contributor is not None else None,
    }


class Memberships(GenericAPIView):
    """Terms: program admins list every term and record earlier ones; a member lists their own."""

    serializer_class = MembershipTermSerializer
    queryset = api.Membership.objects.none()  # for the schema; the rows come from api.memberships

    def get_permissions(self):
        return [IsProgramAdmin()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(parameters=LIST_PARAMETERS, responses=MembershipTermSerializer(many=True))
    def get(self, request):
        rules = api.membership_rules()
        queryset = api.memberships_for(request.user, rules=rules, **list_filters(request))
        page = self.paginate_queryset(queryset)
        milestones = api.lifetime_milestones(page, years=rules.lifetime_after_years)
        context = _context(request, rules=rules, milestones=milestones)
        return self.get_paginated_response(MembershipTermSerializer(page, many=True, context=context).data)

    @extend_schema(request=MembershipTermInSerializer, responses={201: MembershipTermSerializer})
    def post(self, request):
        data = MembershipTermInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            contributor = people.get_contributor(fields["contributor"])
        except ObjectDoesNotExist:
            raise ValidationError({"contributor": [_("No such contributor.")]}) from None
        try:
            track = program.get_track(fields["track"])
        except ObjectDoesNotExist:
            raise ValidationError(
                {"track": [_("Unknown track “%(track)s”.") % {"track": fields["track"]}]}
            ) from None
        previous = None
        if fields.get("previous"):
            try:
                previous = api.get_membership(fields["previous"])
            except ObjectDoesNotExist:
                raise ValidationError({"previous": [_("No such membership.")]}) from None
        cycle = None
        if fields.get("cycle"):
            try:
                cycle = program.get_cycle(fields["cycle"])
            except ObjectDoesNotExist:
                raise ValidationError(
                    {"cycle": [_("No cycle has the slug “%(slug)s”.") % {"slug": fields["cycle"]}]}
                ) from None
        membership = api.record_term(
            actor=request.user,
            contributor=contributor,
            track=track,
            start=fields["start"],
            previous=previous,
            cycle=cycle,
        )
        return Response(_data(request, api.get_membership(membership.pk)), status=201)


class MembershipDetail(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=MembershipTermSerializer)
    def get(self, request, pk):
        return Response(_data(request, _membership(pk)))


class Revoke(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=RevokeReasonSerializer, responses=MembershipTermSerializer)
    def post(self, request, pk):
        membership = _membership(pk)
        data = RevokeReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = api.revoke(
            actor=request.user, membership=membership, reason=data.validated_data["reason"]
        )
        return Response(_data(request, membership))


class Lifetime(APIView):
    permission_classes = [IsProgramAdmin]

    @extend_schema(request=None, responses=MembershipTermSerializer)
    def post(self, request, pk):
        membership = api.grant_lifetime(actor=request.user, membership=_membership(pk))
        return Response(_data(request, membership))


class MembershipImport(APIView):
    """Program admins import earlier terms from a CSV file, all or nothing."""

    permission_classes = [IsProgramAdmin]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": MembershipImportUploadSerializer},
        responses={
            201: MembershipImportResultSerializer,
            400: OpenApiResponse(
                response=MembershipImportRefusedSerializer,
                description="Rows with problems (`{detail, errors: [{row, column, message, error}]}`), "
                "or a file that cannot be read (`{file: [...]}`): nothing is written.",
            ),
        },
        description=(
            "Columns `contributor` (id, e-mail, GitHub login or forum username), `track` (code), `start` "
            "(YYYY-MM-DD) and optionally `renews` (`yes`: renews the contributor's term on the track that "
            "ends the day before, possibly from an earlier row) and `cycle` (the cohort's cycle slug). "
            "Every row follows the rules of "
            "`POST /api/v1/memberships/`; the header is row 1. A file over IMPORT_MAX_BYTES (20 MB unless "
            "configured) is a 413."
        ),
    )
    def post(self, request):
        upload = MembershipImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            result = api.import_terms_csv(actor=request.user, file=upload.validated_data["file"])
        except UploadTooLarge as error:
            return Response({"detail": error.message_text}, status=413)
        except api.ImportRefused as refused:
            count = len(refused.rows)
            return Response(
                {
                    "detail": ngettext(
                        "Nothing was imported: the file has %(count)s problem.",
                        "Nothing was imported: the file has %(count)s problems.",
                        count,
                    )
                    % {"count": count},
                    "errors": refused.rows,
                },
                status=400,
            )
        return Response(MembershipImportResultSerializer(result).data, status=201)


# --- renewals ------------------------------------------------------------------------------------


class ApplyForRenewal(APIView):
    """The member applies to renew their term, inside the renewal window."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=RenewalStatementSerializer,
        responses={
            201: RenewalSerializer,
            400: OpenApiResponse(
                description="Outside the window (says when it opens or closed), no statement."
            ),
            403: OpenApiResponse(description="Not the member."),
            409: OpenApiResponse(description="This term has an application already."),
        },
    )
    def post(self, request, pk):
        membership = _membership(pk)
        if not api.is_member_of(request.user, membership):
            # Before the body is read: whoever may not apply hears so whatever they sent.
            raise PermissionDenied(_("Only the member applies to renew their own membership."))
        data = RenewalStatementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            renewal = api.apply_for_renewal(
                actor=request.user, membership=membership, statement=data.validated_data["statement"]
            )
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(RenewalSerializer(api.get_renewal(renewal.pk)).data, status=201)


class Renewals(GenericAPIView):
    """Applications to renew, pending first: for the chair and program admins."""

    permission_classes = [IsChairOrAdmin]
    serializer_class = RenewalSerializer
    queryset = api.Renewal.objects.none()  # for the schema; the rows come from api.renewals

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=["pending", "renewed", "lapsed"]),
            OpenApiParameter("track", str),
        ],
        responses=RenewalSerializer(many=True),
    )
    def get(self, request):
        queryset = api.renewals()
        state = request.query_params.get("state")
        if state:
            conditions = {
                "pending": {"renew__isnull": True},
                "renewed": {"renew": True},
                "lapsed": {"renew": False},
            }
            if state not in conditions:
                raise ValidationError({"state": [_("The states are pending, renewed and lapsed.")]})
            queryset = queryset.filter(**conditions[state])
        if request.query_params.get("track"):
            queryset = queryset.filter(membership__track__code=request.query_params["track"])
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(RenewalSerializer(page, many=True).data)


class RenewalDetail(APIView):
    """One application with the evaluation of the term: the chair, admins and the member."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RenewalDetailSerializer)
    def get(self, request, pk):
        return Response(RenewalDetailSerializer(_renewal(request, pk)).data)


class RenewalDecision(APIView):
    """The chair or an admin renews the term or lets it lapse (with a reason)."""

    permission_classes = [IsChairOrAdmin]

    @extend_schema(
        request=RenewalDecisionSerializer,
        responses={
            200: RenewalSerializer,
            400: OpenApiResponse(
                description="A lapse without a reason, or a term that can no longer be renewed."
            ),
            403: OpenApiResponse(description="Not the chair or an admin, or their own membership."),
            409: OpenApiResponse(description="Decided already."),
        },
    )
    def post(self, request, pk):
        try:
            renewal = api.get_renewal(pk)
        except ObjectDoesNotExist:
            raise Http404(_("No such renewal.")) from None
        data = RenewalDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            renewal = api.decide_renewal(
                actor=request.user,
                renewal=renewal,
                renew=data.validated_data["renew"],
                reason=data.validated_data["reason"],
            )
        except api.AlreadyDone as error:
            return _conflict(error)
        return Response(RenewalSerializer(api.get_renewal(renewal.pk)).data)
