"""Contribution records: what a contributor did, when, with the evidence link."""

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    MANUAL = "manual", "Recorded by hand"
    CSV = "csv", "CSV import"
    GITHUB = "github", "GitHub"
    FORUM = "forum", "Discourse forum"


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
