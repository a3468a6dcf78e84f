"""Serializers of the review panel API."""

from rest_framework import serializers

from ...enums import ConflictSource, Recommendation


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


class WaiverInSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    panelist = serializers.IntegerField()
    source = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)


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


class AssignInSerializer(serializers.Serializer):
    reviewers_per_nomination = serializers.IntegerField(required=False, default=3, min_value=1)


class ByHandInSerializer(serializers.Serializer):
    nomination = serializers.IntegerField()
    panelist = serializers.IntegerField()
