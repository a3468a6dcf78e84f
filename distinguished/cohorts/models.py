"""A cycle's sign-off by the approver, its announcement, and the award of each membership.

One row each per cycle (one-to-one), so the database itself refuses a second sign-off or a second
announcement, and one award per nomination, so a membership is never created twice.
"""

from django.conf import settings
from django.db import models


class SignOff(models.Model):
    """The approver's sign-off of a cycle's final list; from it on the list is locked."""

    cycle = models.OneToOneField("program.Cycle", on_delete=models.PROTECT, related_name="sign_off")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed = models.DateTimeField()
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.cycle} signed off by {self.signed_by}"


def default_language() -> str:
    return settings.LANGUAGE_CODE


class Announcement(models.Model):
    """A cohort announced: its memberships start on `date`, the day of the announcement. A
    `recorded` announcement publishes an earlier cohort, selected before this system, from the
    terms an admin recorded for it; `date` is then the cycle's announcement day."""

    cycle = models.OneToOneField("program.Cycle", on_delete=models.PROTECT, related_name="announcement")
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    announced = models.DateTimeField()
    date = models.DateField()
    recorded = models.BooleanField(default=False)
    # Why an admin announced before the cycle's announcement date (the date then became this
    # announcement's day); empty for an announcement on or after its day.
    early_reason = models.TextField(blank=True)
    # The language its public text is written in (its page, JSON and feed entry), chosen by the
    # admin who announces it and changeable after; the page around it follows the reader's.
    language = models.CharField(max_length=10, default=default_language)

    class Meta:
        ordering = ["-announced", "-id"]

    def __str__(self) -> str:
        return f"{self.cycle} announced on {self.date}"


class Award(models.Model):
    """The membership an announcement created for one approved nomination. (A recorded
    announcement has none: it names its cycle's recorded terms when it is read.)"""

    announcement = models.ForeignKey(Announcement, on_delete=models.PROTECT, related_name="awards")
    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="award"
    )
    membership = models.OneToOneField("membership.Membership", on_delete=models.PROTECT, related_name="award")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.nomination} → membership {self.membership_id}"
