"""Memberships: a contributor recognized on a track for a term."""

from django.db import models


class Membership(models.Model):
    contributor = models.ForeignKey(
        "people.Contributor", on_delete=models.PROTECT, related_name="memberships"
    )
    track = models.ForeignKey("program.Track", on_delete=models.PROTECT, related_name="memberships")
    cycle = models.ForeignKey(
        "program.Cycle", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Empty for lifetime status.")
    # The term this one renews.
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewed_by"
    )
    lifetime = models.BooleanField(default=False)
    revoked_on = models.DateField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["contributor", "track", "start"])]

    def __str__(self) -> str:
        return f"{self.contributor} — {self.track} ({self.start}–{self.end or 'lifetime'})"
