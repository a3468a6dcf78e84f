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


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="A UTF-8 CSV file with the header `contributor,kind,date,title,url,quantity,major`."
    )


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row number in the file; the header is row 1.")
    error = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Rows already imported (or repeated in the file).")
    errors = ImportRowErrorSerializer(many=True, help_text="The refused rows (the first 1,000).")
    errors_total = serializers.IntegerField(help_text="How many rows were refused in all.")
    run = serializers.IntegerField(help_text="The import run recorded for this upload.")
