"""Serializers of the program API (the shapes of API.md)."""

from rest_framework import serializers

from ...models import ContributionKind, Cycle, KeyArea, KeyResult, PanelGroup, Program, Track
from ...timeline import TIMELINE


class KeyAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyArea
        fields = ["code", "label", "description"]


class KeyResultSerializer(serializers.ModelSerializer):
    target = serializers.DecimalField(
        source="default_target", max_digits=14, decimal_places=2, coerce_to_string=False
    )
    group = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="The group it counts in; null when none.",
    )
    major = serializers.BooleanField(source="major_only")

    class Meta:
        model = KeyResult
        fields = [
            "code",
            "label",
            "unit",
            "period",
            "target",
            "aggregate",
            "kinds",
            "major",
            "tier",
            "group",
            "seed",
        ]


class TrackSerializer(serializers.ModelSerializer):
    key_areas = KeyAreaSerializer(many=True)
    key_results = KeyResultSerializer(many=True)
    key_result_groups = serializers.SerializerMethodField()

    class Meta:
        model = Track
        fields = [
            "code",
            "name",
            "subject",
            "recognizes",
            "criteria",
            "colour",
            "key_areas",
            "key_results",
            "key_result_groups",
        ]

    def get_key_result_groups(self, track) -> list[dict]:
        return [
            {
                "code": group.code,
                "label": group.label,
                "logic": group.logic,
                "tier": group.tier or None,
                "key_results": [kr.code for kr in group.key_results.all()],
            }
            for group in track.key_result_groups.all()
        ]


class PanelGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = PanelGroup
        fields = ["code", "name", "min_seats", "max_seats", "description"]


class ContributionKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContributionKind
        fields = ["code", "label", "quantity", "description"]


class ProgramSerializer(serializers.ModelSerializer):
    tracks = TrackSerializer(many=True)
    panel_groups = PanelGroupSerializer(many=True)
    contribution_kinds = ContributionKindSerializer(many=True)
    partner_tiers = serializers.SerializerMethodField()
    selection = serializers.SerializerMethodField()
    membership = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "name",
            "version",
            "tracks",
            "panel_groups",
            "contribution_kinds",
            "partner_tiers",
            "term_years",
            "lifetime_after_years",
            "membership",
            "selection",
        ]

    def get_partner_tiers(self, program) -> list[dict]:
        return program.definition["partner_tiers"]

    def get_selection(self, program) -> dict:
        return program.definition["selection"]

    def get_membership(self, program) -> dict:
        return program.definition["membership"]


class CycleSerializer(serializers.ModelSerializer):
    # A plain string: program.api says which slugs are good (lower-case letters, digits and
    # hyphens). DRF's SlugField would first answer that underscores and capitals are fine.
    slug = serializers.CharField(max_length=40)
    phase = serializers.CharField(read_only=True)
    phase_overridden = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()
    closes_on = serializers.DateField(required=False)

    class Meta:
        model = Cycle
        fields = [
            "slug",
            "name",
            *(field for field, _ in TIMELINE),
            "announcement_event",
            "min_endorsements",
            "min_external_endorsements",
            "sustained_months",
            "phase",
            "phase_overridden",
            "targets",
        ]
        # Uniqueness and date order are rules of program.api, checked with the other rules.
        validators = []
        extra_kwargs = {
            "name": {"validators": []},
            "announcement_event": {"required": False},
            "min_endorsements": {"required": False},
            "min_external_endorsements": {"required": False},
            "sustained_months": {"required": False},
        }

    def get_phase_overridden(self, cycle) -> bool:
        return bool(cycle.phase_override)

    def get_targets(self, cycle) -> dict[str, float]:
        """Every "X" of the cycle: `<track>.<key_result>` and the program's own `program.<target>`."""
        targets = self.context.get("targets")
        if targets is None:
            targets = cycle.targets.all()  # prefetched by program.api.cycles_with_targets
        program_targets = self.context.get("program_targets")
        if program_targets is None:
            program_targets = cycle.program_targets.all()  # prefetched likewise
        return {t.key_result.qualified_code: float(t.target) for t in targets} | {
            t.program_target.qualified_code: float(t.target) for t in program_targets
        }


class SavedCycleSerializer(CycleSerializer):
    """A cycle just created or changed, with what the admin should know about it."""

    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="One sentence per cycle whose nomination window overlaps this one's; empty when none does.",
    )

    class Meta(CycleSerializer.Meta):
        fields = [*CycleSerializer.Meta.fields, "warnings"]


class CycleUpdateSerializer(CycleSerializer):
    slug = serializers.CharField(read_only=True)

    class Meta(CycleSerializer.Meta):
        read_only_fields = ["slug"]


class PhaseSerializer(serializers.Serializer):
    phase = serializers.CharField(allow_null=True, allow_blank=True)
    reason = serializers.CharField(allow_blank=True, required=False, default="")
