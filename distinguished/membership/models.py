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


class Renewal(models.Model):
    """A member's application to renew a term, and the chair's or an admin's decision on it."""

    membership = models.OneToOneField(Membership, on_delete=models.PROTECT, related_name="renewal")
    statement = models.TextField(max_length=20_000, help_text="Markdown.")
    applicant = models.ForeignKey(
        "people.User", null=True, on_delete=models.SET_NULL, related_name="renewals_applied"
    )
    applied = models.DateTimeField(auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewals_decided"
    )
    # None until decided: True renews (a new term), False lets the term lapse.
    renew = models.BooleanField(null=True, blank=True)
    reason = models.TextField(blank=True)
    new_term = models.OneToOneField(
        Membership, null=True, blank=True, on_delete=models.PROTECT, related_name="granted_by"
    )

    class Meta:
        ordering = ["-applied", "-id"]

    def __str__(self) -> str:
        return f"Renewal of {self.membership}"

    @property
    def state(self) -> str:
        """pending, renewed or lapsed."""
        if self.renew is None:
            return "pending"
        return "renewed" if self.renew else "lapsed"


class Reminder(models.Model):
    """A reminder e-mail sent before a term ends: one per term and number of days, so the nightly
    job never sends it twice."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    days = models.PositiveSmallIntegerField(help_text="The reminder sent this many days before the end.")
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["membership", "-days"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "days"], name="reminder_once_per_term_and_days"),
        ]

    def __str__(self) -> str:
        return f"{self.days}-day reminder of {self.membership}"
