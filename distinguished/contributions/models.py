"""Contribution records: what a contributor did, when, with the evidence link."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Source(models.TextChoices):
    MANUAL = "manual", gettext_lazy("Recorded by hand")
    CSV = "csv", gettext_lazy("CSV import")
    GITHUB = "github", gettext_lazy("GitHub")
    FORUM = "forum", gettext_lazy("Discourse forum")
    SLACK = "slack", gettext_lazy("Slack")
    # A nomination's evidence, recorded for the nominee when the nomination is submitted.
    NOMINATION = "nomination", gettext_lazy("Nomination evidence")


class Contribution(models.Model):
    contributor = models.ForeignKey(
        "people.Contributor", on_delete=models.CASCADE, related_name="contributions"
    )
    # A contribution-kind code of the program definition (pull_request, talk, funding, ...).
    kind = models.CharField(max_length=40)
    date = models.DateField()
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    # Money (USD), people or a percentage, for the kinds that carry one.
    quantity = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    major = models.BooleanField(default=False)
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.MANUAL)
    # The record's identity at its source, so that a re-import skips what it already has.
    external_id = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["contributor", "kind", "date"]),
            models.Index(fields=["date"]),
        ]
        constraints = [
            # Empty external ids are stored as NULL-free "" only for manual records, which are
            # never deduplicated; imports always carry an id.
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="contribution_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class ImportFile(models.Model):
    """An uploaded CSV file, kept until its import is done so that a worker can read it and a failed
    run can be resumed.

    It lives in the database, not under MEDIA_ROOT: web processes and Celery workers may run on
    different machines, and the database is the one thing they all share (a FileField would need a
    volume mounted on each). The file is stored with the run in one transaction, so no run points at
    a file that is not there. It is zlib-compressed and cut into chunks of at most CHUNK_BYTES, each
    its own row, so that no single value nears a server's packet limit (MariaDB's
    max_allowed_packet is 16 MB by default)."""

    CHUNK_BYTES = 1024 * 1024

    name = models.CharField(max_length=200, blank=True)
    # The size of the file as uploaded (before compression).
    size = models.PositiveBigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name or f"upload #{self.pk}"


class ImportFileChunk(models.Model):
    file = models.ForeignKey(ImportFile, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["file", "index"]
        constraints = [
            models.UniqueConstraint(fields=["file", "index"], name="import_file_chunk_unique_index"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}/{self.index}"


class ImportRun(models.Model):
    """One run of an importer (a CSV file, GitHub pull requests, forum answers): its progress, which
    a page polls, its outcome, and a cursor from which a later run resumes after a failure."""

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    source = models.CharField(max_length=16, choices=Source.choices)
    # What was asked: {"org": "openedx", "since": "2024-01-01"} or {"url": "https://…", "since": null}.
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The failed run whose cursor this one started from.
    resumed_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)
    # Units of work (one per known login or username): done, of how many, and how many of the
    # done ones a resumed run found already done.
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    processed_before = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    # Set while the run waits for the source's rate limit to reset.
    waiting_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # The latest problems (newest last, at most 50), for the status page.
    messages = models.JSONField(default=list, blank=True)
    # Where a resumed run starts: {"next": "<the first login or username not done yet>"}, or for a
    # CSV file {"row": <the first row not committed yet>}.
    cursor = models.JSONField(default=dict, blank=True)
    # A CSV import's file, while the run may still need it (queued, running, failed and not resumed).
    file = models.ForeignKey(ImportFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A CSV import's refused rows, [{"row": 5, "error": "…"}] in file order (the first 1,000).
    row_errors = models.JSONField(default=list, blank=True)
    # What a source reports beyond the counts: a Slack import's people it could not match and why
    # messages did not count ({"unmatched": [...], "not_counted": {...}}).
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["source", "status"])]

    def __str__(self) -> str:
        # "CSV import #4", "GitHub import #5" in English whatever the request's language: the audit
        # trail keeps it (its object_repr). Pages show `label`.
        with translation.override("en"):
            return f"{self.get_source_display().removesuffix(' import')} import #{self.pk}"

    @property
    def label(self) -> str:
        """The run's name in the reader's language ("CSV import #4")."""
        if self.source == Source.CSV:
            return _("CSV import #%(id)s") % {"id": self.pk}
        return _("%(source)s import #%(id)s") % {"source": self.get_source_display(), "id": self.pk}
