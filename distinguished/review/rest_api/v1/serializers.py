"""Serializers of the review panel API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...enums import ConflictSource, Outcome, Recommendation, VoteChoice


class SeatInSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    group = serializers.CharField()
    chair = serializers.BooleanField(required=False, default=False)
    tracks = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class SeatSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField(source="user.display_name")
    group = serializers.CharField(source="group.code")
    chair = serializers.BooleanField()
    tracks = serializers.ListField(child=serializers.CharField())


class PanelSerializer(serializers.Serializer):
    seats = SeatSerializer(many=True)
    valid = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class ConflictInSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(required=False, allow_null=True)
    contributor = serializers.IntegerField(required=False, allow_null=True)
    panelist = serializers.IntegerField(
        required=False, allow_null=True, help_text="The chair names another panelist."
    )
    reason = serializers.CharField(allow_blank=True)


class ConflictSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    panelist = serializers.IntegerField(source="panelist.pk")
    nomination = serializers.IntegerField(source="nomination.pk")
    source = serializers.ChoiceField(choices=ConflictSource.choices)
    reason = serializers.CharField()
    waived = serializers.BooleanField()
    waivable = serializers.BooleanField(help_text="Whether the chair may waive it (never the nominee's own).")
    waiver = serializers.IntegerField(
        source="waiver_id",
        allow_null=True,
        help_text="The waiver's id, to withdraw it; null when not waived.",
    )


class ConflictCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    panelist = serializers.IntegerField(source="panelist_id")
    nomination = serializers.IntegerField(source="nomination_id", allow_null=True)
    contributor = serializers.IntegerField(source="contributor_id", allow_null=True)
    source = serializers.ChoiceField(choices=ConflictSource.choices)
    reason = serializers.CharField()
    voided = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The assignments this conflict voided (their reviews stop counting).",
    )


class ConflictRepeatSerializer(serializers.Serializer):
    detail = serializers.CharField()
    conflict = serializers.IntegerField(help_text="The id of the conflict declared already.")


class WaiverInSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    panelist = serializers.IntegerField()
    source = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)


class WaiverWithdrawInSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Kept in the audit trail."
    )


class WaiverWithdrawnSerializer(serializers.Serializer):
    waiver = serializers.IntegerField()
    voided = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="The assignments voided now that the conflict counts again.",
    )


class VoidedAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    panelist = serializers.IntegerField(source="panelist_id")
    panelist_name = serializers.CharField(source="panelist.display_name")
    nomination = serializers.IntegerField(source="nomination_id")
    nominee = serializers.CharField(source="nomination.nominee.name")
    voided = serializers.DateTimeField()
    source = serializers.ChoiceField(choices=ConflictSource.choices, source="void_source")
    reason = serializers.CharField(
        source="void_cause", help_text="What voided it, in the caller's language (never a declared reason)."
    )
    replacement = serializers.IntegerField(
        source="replacement_id", allow_null=True, help_text="The assignment made in its place, if any."
    )


class ReviewInSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.JSONField())
    recommendation = serializers.CharField(required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    feedback = serializers.CharField(required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(required=False, default=True)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReviewSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.IntegerField())
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, allow_blank=True)
    comment = serializers.CharField(allow_blank=True)
    feedback = serializers.CharField(allow_blank=True)
    submitted = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()


class AssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cycle = serializers.CharField(source="cycle.slug")
    nomination = serializers.IntegerField(source="nomination_id")
    nominee = serializers.CharField(source="nomination.nominee.name")
    track = serializers.CharField(source="nomination.track.code")
    review = serializers.SerializerMethodField()

    def get_review(self, assignment) -> dict | None:
        review = getattr(assignment, "review", None)
        return ReviewSerializer(review).data if review else None


class AssignmentsQuerySerializer(serializers.Serializer):
    cycle = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(
        choices=["", "todo", "submitted"], required=False, allow_blank=True, default=""
    )


class AssignInSerializer(serializers.Serializer):
    reviewers_per_nomination = serializers.IntegerField(required=False, default=3, min_value=1)


class ByHandInSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    panelist = serializers.IntegerField()


# --- Deliberation ---------------------------------------------------------------------------------


class VoteInSerializer(serializers.Serializer):
    # A plain string: review.api names the choices in its 400.
    vote = serializers.CharField(help_text="select, decline or defer.")


class TallySerializer(serializers.Serializer):
    select = serializers.IntegerField()
    decline = serializers.IntegerField()
    defer = serializers.IntegerField()


class QuorumSerializer(serializers.Serializer):
    needed = serializers.IntegerField(help_text="Votes a decision needs.")
    voted = serializers.IntegerField(help_text="Votes cast by seated panelists without a conflict.")
    eligible = serializers.IntegerField(help_text="Seated panelists without a conflict.")
    met = serializers.BooleanField()


class VoteSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    vote = serializers.ChoiceField(choices=VoteChoice.choices)
    tally = TallySerializer()
    quorum = QuorumSerializer()


class DecisionInSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="selected, declined or deferred.")
    rationale = serializers.CharField(
        allow_blank=True, help_text="For the panel; the nominee never reads it."
    )
    feedback = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For the nominee, read at the announcement; required for declined and deferred.",
    )


class DecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices, source="state")
    decided = serializers.DateTimeField()
    decided_by = serializers.IntegerField(source="decided_by_id", allow_null=True)
    rationale = serializers.CharField(source="decision_rationale")
    feedback = serializers.CharField(source="decision_feedback")


class DecisionResultSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="nomination.pk")
    state = serializers.CharField(source="nomination.state")
    decision = DecisionSerializer(source="nomination")
    quorum = QuorumSerializer()


class BoardRowSerializer(serializers.Serializer):
    nomination = serializers.IntegerField(source="nomination.pk")
    nominee = serializers.CharField(source="nomination.nominee.name")
    track = serializers.CharField(source="nomination.track.code")
    state = serializers.CharField(source="nomination.state")
    rank = serializers.IntegerField(allow_null=True, help_text="Place in the ranking; null when unreviewed.")
    normalized = serializers.FloatField(source="score.normalized", allow_null=True, default=None)
    mean = serializers.FloatField(source="score.mean", allow_null=True, default=None)
    reviews = serializers.IntegerField(source="score.reviews", default=0)
    key_results_met = serializers.IntegerField(source="scorecard.met", allow_null=True, default=None)
    key_results_verified_met = serializers.IntegerField(
        source="scorecard.verified_met",
        allow_null=True,
        default=None,
        help_text="Requirements met on verified contributions alone (the rest rests on self-report).",
    )
    key_results_total = serializers.IntegerField(source="scorecard.total", allow_null=True, default=None)
    endorsements = serializers.SerializerMethodField()
    tally = TallySerializer()
    quorum = QuorumSerializer()
    my_vote = serializers.ChoiceField(choices=VoteChoice.choices, allow_null=True)
    decision = serializers.SerializerMethodField()

    def get_endorsements(self, row) -> int:
        return len(row["endorsements"])

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, row) -> dict | None:
        if not row["decided"]:
            return None
        return DecisionSerializer(row["nomination"]).data


class BoardSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        source="page.paginator.count", help_text="Nominations on every page, with the filters given."
    )
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page; null on the first.")
    track = serializers.CharField(help_text="The track shown; empty for every track.")
    undecided = serializers.BooleanField(help_text="Whether only the undecided nominations are shown.")
    cycle = serializers.CharField(source="cycle.slug")
    phase = serializers.CharField(source="cycle.phase")
    voting = serializers.BooleanField(
        help_text="Whether votes and decisions are open (the deliberation phase)."
    )
    quorum = serializers.DecimalField(max_digits=4, decimal_places=3, coerce_to_string=False)
    agreement = serializers.FloatField(allow_null=True, help_text="Krippendorff's alpha of the reviews.")
    nominations = BoardRowSerializer(
        many=True, source="rows", help_text="A page of them, in rank order (the unreviewed last)."
    )
