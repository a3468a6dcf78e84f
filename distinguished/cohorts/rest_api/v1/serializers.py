"""Serializers of the approval and announcement API."""

from rest_framework import serializers


class ApprovalInSerializer(serializers.Serializer):
    approve = serializers.BooleanField(
        help_text="true: sign the list off; false: send it back to deliberation."
    )
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Required to send the list back."
    )


class AnnounceInSerializer(serializers.Serializer):
    early_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Required before the cycle's announcement date: why announce now. The "
        "announcement date then becomes today (audited with this reason).",
    )
    language = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The language the public text is written in (a code of the site's languages); the site's default if empty.",
    )


class AnnouncementLanguageSerializer(serializers.Serializer):
    language = serializers.CharField(help_text="A code of the site's languages.")


class SubmitInSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CohortPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FinalScoreSerializer(serializers.Serializer):
    normalized = serializers.FloatField()
    mean = serializers.FloatField()
    reviews = serializers.IntegerField()


class FinalNominationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    nominee = CohortPersonSerializer()
    state = serializers.CharField(help_text="selected, declined, deferred, approved or awarded.")
    outcome = serializers.CharField(help_text="The panel's decision: selected, declined or deferred.")
    rationale = serializers.CharField(help_text="Internal: the panel's reasons.")
    feedback = serializers.CharField(help_text="What the nominee reads.")
    decided = serializers.DateTimeField(allow_null=True)
    score = FinalScoreSerializer(allow_null=True, help_text="The ranking score; null when not reviewed.")


class FinalTrackSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    nominations = FinalNominationSerializer(many=True)


class UndecidedSerializer(serializers.Serializer):
    track = serializers.CharField()
    count = serializers.IntegerField()


class SignOffSerializer(serializers.Serializer):
    by = serializers.CharField()
    at = serializers.DateTimeField()
    note = serializers.CharField()


class AnnouncedSerializer(serializers.Serializer):
    by = serializers.CharField()
    date = serializers.DateField()


class FinalListSerializer(serializers.Serializer):
    cycle = serializers.CharField()
    phase = serializers.CharField()
    ready = serializers.BooleanField(help_text="Every eligible nomination is decided.")
    undecided = UndecidedSerializer(many=True)
    hidden = serializers.IntegerField(
        help_text="Decided nominations a conflict of interest hides from the caller (an admin or a co-chair handles them)."
    )
    signed_off = SignOffSerializer(allow_null=True)
    announced = AnnouncedSerializer(allow_null=True)
    tracks = FinalTrackSerializer(many=True)


class CohortMembershipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contributor = CohortPersonSerializer()
    track = serializers.CharField()
    cycle = serializers.CharField()
    nomination = serializers.IntegerField(allow_null=True, help_text="None for a recorded earlier cohort.")
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class AnnounceSerializer(serializers.Serializer):
    memberships = CohortMembershipSerializer(many=True)


class AnnouncementSerializer(serializers.Serializer):
    cycle = serializers.CharField()
    date = serializers.DateField(help_text="The day of the announcement; the memberships start on it.")
    language = serializers.CharField(help_text="The language the text is written in, chosen by the admins.")
    markdown = serializers.CharField()
    html = serializers.CharField(help_text="The Markdown rendered and sanitised.")
