"""Memberships: a contributor recognized on a track for a term."""

from django.db import models
from django.utils.translation import gettext_lazy as _

STATUSES = [
    ("active", _("Active")),
    ("expiring", _("Renewal window open")),
    ("expired", _("Term ended")),
    ("renewed", _("Renewed")),
    ("lifetime", _("Lifetime")),
    ("revoked", _("Revoked")),
]


# The terms the public directory may show: listed by their contributor, not revoked.
LISTED = models.Q(listed=True, revoked_on__isnull=True)


class Membership(models.Model):
    contributor = models.ForeignKey(
        "people.Contributor", on_delete=models.PROTECT, related_name="memberships"
    )
    track = models.ForeignKey("program.Track", on_delete=models.PROTECT, related_name="memberships")
    cycle = models.ForeignKey(
        "program.Cycle", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text=_("Empty for lifetime status."))
    # The term this one renews.
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewed_by"
    )
    lifetime = models.BooleanField(default=False)
    revoked_on = models.DateField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # Stored, so that lists filter and count by them with an index (`membership.standing` keeps them
    # true): the status (renewed, lifetime and revoked set by the events that make them; active,
    # expiring and expired by the dates, moved on by the nightly lifecycle job), and the cohort and
    # first day of the term's renewal chain (copied from the term it renews).
    status = models.CharField(max_length=10, choices=STATUSES, default="active", editable=False)
    since = models.DateField(null=True, editable=False, help_text=_("The first day of the renewal chain."))
    cohort_cycle = models.ForeignKey(
        "program.Cycle",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The cycle that first recognized the member on this track."),
    )
    # The contributor's directory listing, copied so that the directory reads this table alone
    # (`membership.listing` keeps the copy true): their consent to be listed, name and country.
    listed = models.BooleanField(default=False, editable=False)
    sort_name = models.CharField(max_length=200, blank=True, editable=False)
    country = models.CharField(max_length=2, blank=True, editable=False)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["contributor", "track", "start"]),
            # The admins' list and its download: newest first, a page walks the index in order.
            models.Index(fields=["-start", "-id"], name="membership_newest"),
            models.Index(fields=["status", "end"], name="membership_status_end"),
            models.Index(fields=["track", "status", "end"], name="membership_track_status_end"),
            models.Index(fields=["cohort_cycle", "status"], name="membership_cohort_status"),
            # The directory (listed terms only; MariaDB has no partial index and goes without): its
            # order, and every filter but the search, so that counting a filter reads only the index.
            models.Index(
                fields=["sort_name", "contributor", "id"],
                name="membership_listed_order",
                condition=LISTED,
                # PostgreSQL: a numbered page counts off its rows from the index alone.
                include=["status", "end", "track", "start"],
            ),
            models.Index(
                fields=["status", "end", "track", "cohort_cycle", "country"],
                name="membership_listed_filters",
                condition=LISTED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} — {self.track} ({self.start}–{self.end or 'lifetime'})"


class Renewal(models.Model):
    """A member's application to renew a term, and the chair's or an admin's decision on it."""

    membership = models.OneToOneField(Membership, on_delete=models.PROTECT, related_name="renewal")
    statement = models.TextField(max_length=20_000, help_text=_("Markdown."))
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
    days = models.PositiveSmallIntegerField(help_text=_("The reminder sent this many days before the end."))
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["membership", "-days"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "days"], name="reminder_once_per_term_and_days"),
        ]

    def __str__(self) -> str:
        return f"{self.days}-day reminder of {self.membership}"
