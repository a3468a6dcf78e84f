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


class CsvImportRunSerializer(serializers.Serializer):
    """A CSV import run: its progress while it runs, the file's result once it is done."""

    id = serializers.IntegerField()
    run = serializers.IntegerField(
        help_text="The same id (the import answered `run` before it ran in the background)."
    )
    file = serializers.CharField(help_text="The uploaded file's name.")
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    total = serializers.IntegerField(help_text="Rows in the file (blank lines aside).")
    processed = serializers.IntegerField(help_text="Rows checked and committed so far.")
    percent = serializers.FloatField()
    created = serializers.IntegerField()
    skipped = serializers.IntegerField(help_text="Rows already imported (or repeated in the file).")
    errors = ImportRowErrorSerializer(many=True, help_text="The refused rows so far (the first 1,000).")
    errors_total = serializers.IntegerField(help_text="How many rows were refused in all.")
    last_error = serializers.CharField(help_text="Why the run failed, or the latest refused row.")
    resumed_from = serializers.IntegerField(allow_null=True, help_text="The failed run this one resumes.")
    resumable = serializers.BooleanField(
        help_text="Failed, and `POST …/resume/` can go on from its last batch."
    )
    queued = serializers.DateTimeField()
    started = serializers.DateTimeField(allow_null=True)
    finished = serializers.DateTimeField(allow_null=True)
    updated = serializers.DateTimeField(help_text="The worker's latest progress (its heartbeat).")
    progress = serializers.URLField(help_text="`GET` it for the run's progress and outcome.")
    page = serializers.URLField(help_text="The imports page, showing this run's live progress.")
