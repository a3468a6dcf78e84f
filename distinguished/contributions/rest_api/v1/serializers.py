"""Serializers of the contributions API."""

from rest_framework import serializers

from ...models import Contribution


class ContributionSerializer(serializers.ModelSerializer):
    contributor = serializers.IntegerField(source="contributor_id")
    quantity = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, coerce_to_string=False
    )
    url = serializers.CharField(required=False, allow_blank=True, max_length=500)
    kind = serializers.CharField(max_length=40)
    date = serializers.CharField()

    class Meta:
        model = Contribution
        fields = [
            "id",
            "contributor",
            "kind",
            "date",
            "title",
            "url",
            "quantity",
            "major",
            "source",
            "verified",
            "created",
        ]
        read_only_fields = ["id", "source", "verified", "created"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["date"] = instance.date.isoformat()
        return data
