"""What the nominations API answers: a nomination (a row of the list, or the whole of it as the
caller may read it, see `viewer.py`), its evidence, endorsements and invitations, the eligibility
checks and the announced decision (outcome, feedback, when decided; never the rationale). Hidden
values are `null`."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ... import api
from ...models import Endorsement, EndorsementRequest, Evidence, Nomination
from .viewer import Viewer


def page_link(nomination: Nomination) -> str:
    return reverse("nominations:nomination", args=[nomination.pk])


# --- Shapes shared by several answers ----------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    """A user as others see them: an id and a name."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


class EndorserSerializer(PersonSerializer):
    contributor = serializers.IntegerField(source="contributor_id", read_only=True, allow_null=True)


class NomineeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "kind", "date", "title", "url", "created"]
        read_only_fields = fields


class EndorsementSerializer(serializers.ModelSerializer):
    """`statement` is null when the caller may not read it."""

    endorser = EndorserSerializer(read_only=True)
    statement = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Endorsement
        fields = ["id", "endorser", "relationship", "statement", "visible_to_nominee", "created"]
        read_only_fields = fields

    def to_representation(self, endorsement):
        data = super().to_representation(endorsement)
        viewer = self.context.get("viewer")
        if viewer is None or not viewer.reads_statement_of(endorsement):
            data["statement"] = None
        return data


class EndorsementRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = EndorsementRequest
        fields = ["id", "email", "message", "created"]
        read_only_fields = fields


class EndorsementRequestsSerializer(serializers.Serializer):
    requests = EndorsementRequestSerializer(many=True)


class CheckSerializer(serializers.Serializer):
    rule = serializers.CharField()
    label = serializers.CharField()
    passed = serializers.BooleanField()
    detail = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    checks = CheckSerializer(many=True)
    eligible = serializers.BooleanField()


class NominationDecisionSerializer(serializers.Serializer):
    """The panel's decision as the nominee and the nominator read it after the announcement."""

    outcome = serializers.ChoiceField(choices=["selected", "declined", "deferred"])
    feedback = serializers.CharField(allow_blank=True, help_text="The panel's feedback for the nominee.")
    decided = serializers.DateTimeField(allow_null=True, help_text="When the panel decided.")


# --- Nominations out -----------------------------------------------------------------------------


class NominationSummarySerializer(serializers.ModelSerializer):
    """A row of the list: no statements, no endorsements."""

    link = serializers.SerializerMethodField()
    cycle = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    track = serializers.SlugRelatedField(slug_field="code", read_only=True)
    nominee = NomineeSerializer(read_only=True)
    nominator = PersonSerializer(read_only=True)
    evidence_count = serializers.SerializerMethodField()
    endorsement_count = serializers.SerializerMethodField()

    class Meta:
        model = Nomination
        fields = [
            "id",
            "link",
            "cycle",
            "track",
            "nominee",
            "nominator",
            "self_nomination",
            "nominee_consent",
            "state",
            "submitted",
            "created",
            "updated",
            "evidence_count",
            "endorsement_count",
        ]
        read_only_fields = fields

    def get_link(self, nomination) -> str:
        return page_link(nomination)

    def to_representation(self, nomination):
        data = super().to_representation(nomination)
        request = self.context.get("request")
        if request is not None and "viewer" not in self.context:
            # A list row: a decision not announced yet reads as in review to its parties.
            data["state"] = api.seen_state(request.user, nomination)
        return data

    # len() of the prefetched rows: a list costs the same queries at any length.
    def get_evidence_count(self, nomination) -> int:
        return len(nomination.evidence.all())

    def get_endorsement_count(self, nomination) -> int:
        return len(nomination.endorsements.all())


class NominationSerializer(NominationSummarySerializer):
    """One nomination as the caller (context `viewer`) may read it."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    endorsements = serializers.SerializerMethodField()
    endorsement_requests = serializers.SerializerMethodField()
    screening_reason = serializers.CharField(read_only=True, allow_null=True)
    screened = serializers.DateTimeField(read_only=True, allow_null=True)
    screened_by = PersonSerializer(read_only=True, allow_null=True)
    eligibility = serializers.SerializerMethodField()
    list_publicly = serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text="The nominee's answer to “If selected, list me in the public directory” (the "
        "nominee and admins; null for others and while unanswered).",
    )
    decision = serializers.SerializerMethodField()

    class Meta(NominationSummarySerializer.Meta):
        fields = [
            *NominationSummarySerializer.Meta.fields,
            "consent_answered",
            "statement",
            "nominee_statement",
            "evidence",
            "endorsements",
            "endorsement_requests",
            "screening_reason",
            "screened",
            "screened_by",
            "eligibility",
            "list_publicly",
            "decision",
        ]
        read_only_fields = fields

    @property
    def viewer(self) -> Viewer:
        return self.context["viewer"]

    @extend_schema_field(EndorsementSerializer(many=True))
    def get_endorsements(self, nomination):
        return EndorsementSerializer(
            nomination.endorsements.all(), many=True, context={"viewer": self.viewer}
        ).data

    @extend_schema_field(EndorsementRequestSerializer(many=True, allow_null=True))
    def get_endorsement_requests(self, nomination):
        """Whom the nominator and the nominee asked to endorse; null for everybody else."""
        if not self.viewer.party:
            return None
        return EndorsementRequestSerializer(nomination.endorsement_requests.all(), many=True).data

    @extend_schema_field(EligibilitySerializer(allow_null=True))
    def get_eligibility(self, nomination):
        """The automatic checks: for the chair and program admins only."""
        if not self.viewer.screener:
            return None
        return api.eligibility_of(nomination)

    @extend_schema_field(NominationDecisionSerializer(allow_null=True))
    def get_decision(self, nomination):
        """The outcome and the feedback, for the nominator and the nominee once the cohort is
        announced; null before, and for everybody else. Never the rationale."""
        decision = self.viewer.decision
        if decision is None:
            return None
        return NominationDecisionSerializer(decision).data

    def to_representation(self, nomination):
        data = super().to_representation(nomination)
        data["state"] = self.viewer.state or nomination.state
        if not self.viewer.listing:
            data["list_publicly"] = None
        if not (self.viewer.screener or self.viewer.party):
            data["screening_reason"] = None
        if not self.viewer.screener:
            data["screened"] = data["screened_by"] = None
        return data
