"""The shape of GET /api/v1/program/stats/ (API.md's names, and more), for the answer and the schema."""

from rest_framework import serializers

from ...api import FUNNEL_LABELS


class StatsPeriodSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    as_of = serializers.DateField(
        help_text="The day members are counted on: `until`, or today if it is later."
    )
    cycle = serializers.CharField(allow_null=True, help_text="The cycle asked for, if any.")
    targets_cycle = serializers.CharField(allow_null=True, help_text="The cycle whose targets apply.")


class StatsRetentionSerializer(serializers.Serializer):
    ended = serializers.IntegerField(
        help_text="Terms whose last day fell in the period (not lifetime, not revoked)."
    )
    renewed = serializers.IntegerField(help_text="Of them, those a later term continues.")
    rate = serializers.FloatField(allow_null=True, help_text="renewed / ended in %; null when none ended.")


class StatsRetentionYearSerializer(StatsRetentionSerializer):
    year = serializers.IntegerField()


class StatsFunnelSerializer(serializers.Serializer):
    """Nominations of the cycle at each stage, as they stand now."""

    def get_fields(self):
        return {stage: serializers.IntegerField(help_text=label) for stage, label in FUNNEL_LABELS.items()}


class StatsReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
    nominations = serializers.IntegerField()


class StatsEndorsementsSerializer(serializers.Serializer):
    nominations = serializers.IntegerField(help_text="Submitted nominations.")
    median = serializers.FloatField(
        allow_null=True, help_text="Endorsements per submitted nomination (median)."
    )
    external = serializers.IntegerField(
        help_text="Nominations with an endorsement from outside the nominee's organization."
    )
    external_share = serializers.FloatField(allow_null=True, help_text="external / nominations in %.")


class StatsPanelSerializer(serializers.Serializer):
    seats = serializers.DictField(child=serializers.IntegerField(), help_text="Seats per panel group code.")
    assigned = serializers.IntegerField(help_text="Assignments not voided by a conflict.")
    submitted = serializers.IntegerField(help_text="Of them, reviews submitted.")
    completion = serializers.FloatField(allow_null=True, help_text="submitted / assigned in %.")
    nominations = serializers.IntegerField(help_text="Nominations assigned to reviewers.")
    reviewed = serializers.IntegerField(help_text="Nominations with a submitted review.")
    reviews_per_nomination = serializers.FloatField(allow_null=True)
    alpha = serializers.FloatField(allow_null=True, help_text="Krippendorff's alpha (ordinal) of the panel.")


class CycleStatsSerializer(serializers.Serializer):
    cycle = serializers.CharField(help_text="The cycle's slug.")
    name = serializers.CharField()
    announcement_date = serializers.DateField()
    phase = serializers.CharField()
    new_members = serializers.IntegerField(help_text="Contributors the cohort recognized.")
    funnel = StatsFunnelSerializer()
    ineligible_reasons = StatsReasonSerializer(
        many=True,
        help_text="The screeners' reasons, counted: for program admins only (empty for chairs and the approver).",
    )
    ineligible_reasons_shown = serializers.BooleanField(
        help_text="Whether the caller may read the screening reasons (program admins)."
    )
    endorsements = StatsEndorsementsSerializer()
    panel = StatsPanelSerializer()
    decision_days_median = serializers.FloatField(allow_null=True)


class StatsKeyResultShareSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    tier = serializers.CharField(allow_blank=True)
    target = serializers.FloatField()
    members = serializers.IntegerField(help_text="Members it applies to.")
    met = serializers.IntegerField(help_text="Of them, those who meet it over their term so far.")


class StatsTrackReadinessSerializer(serializers.Serializer):
    track = serializers.CharField()
    name = serializers.CharField()
    members = serializers.IntegerField(help_text="Active members with a term that ends.")
    ready = serializers.IntegerField(help_text="Of them, those who meet every requirement.")
    key_results = StatsKeyResultShareSerializer(many=True)


class StatsObjectiveSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    measure = serializers.CharField()
    unit = serializers.CharField()
    target = serializers.FloatField()
    actual = serializers.FloatField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    count = serializers.IntegerField(
        required=False, help_text="member_contributions: how many in the period."
    )
    years = serializers.FloatField(
        required=False, help_text="member_contributions: the period's length in years."
    )


class ProgramStatsSerializer(serializers.Serializer):
    period = StatsPeriodSerializer()
    active_members = serializers.IntegerField()
    active_by_track = serializers.DictField(child=serializers.IntegerField())
    active_by_tier = serializers.DictField(child=serializers.IntegerField())
    lifetime_members = serializers.IntegerField()
    track_names = serializers.DictField(child=serializers.CharField())
    retention = StatsRetentionSerializer()
    retention_by_year = StatsRetentionYearSerializer(many=True)
    cycles = CycleStatsSerializer(many=True)
    key_results = StatsTrackReadinessSerializer(many=True)
    objectives = StatsObjectiveSerializer(many=True)
