"""Nominations, their evidence, endorsements and endorsement requests."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import State


class Nomination(models.Model):
    cycle = models.ForeignKey("program.Cycle", on_delete=models.PROTECT, related_name="nominations")
    track = models.ForeignKey("program.Track", on_delete=models.PROTECT, related_name="nominations")
    nominee = models.ForeignKey("people.Contributor", on_delete=models.PROTECT, related_name="nominations")
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations_made"
    )
    self_nomination = models.BooleanField(default=False)
    statement = models.TextField(blank=True, help_text=_("Markdown."))
    # What the nominee adds ("the nominee must submit"), also Markdown.
    nominee_statement = models.TextField(blank=True)
    # None: not answered yet. A self-nomination consents by being made.
    nominee_consent = models.BooleanField(null=True)
    consent_answered = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    # True while the nomination counts; NULL once withdrawn. The unique constraint below then
    # allows one counting nomination per nominee, track and cycle on every database engine
    # (NULLs never collide), without the partial indexes MariaDB lacks.
    live = models.BooleanField(null=True, default=True)
    submitted = models.DateTimeField(null=True, blank=True)
    screened = models.DateTimeField(null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    screening_reason = models.TextField(blank=True)
    # The chair's decision in deliberation (selected, declined, deferred): the rationale stays with
    # the panel, the feedback reaches the nominee.
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_rationale = models.TextField(blank=True)
    decision_feedback = models.TextField(blank=True)
    # When the announcement told the nominator and the nominee the decision: from then on they read
    # the outcome and the feedback on the nomination (never the rationale).
    decision_announced = models.DateTimeField(null=True, blank=True)
    # The nominee's answer to "If selected, list me in the public directory" (when consenting; a
    # self-nominee when nominating). None: not answered yet, or made before the question existed.
    # The announcement makes it the member's listing preference.
    list_publicly = models.BooleanField(null=True, blank=True)
    # A deferred nomination is carried to the next cycle's screening as a new nomination.
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_to"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "track", "nominee", "live"],
                name="nomination_one_live_per_nominee",
                violation_error_message=_("This person is already nominated for this track in this cycle."),
            ),
        ]
        indexes = [models.Index(fields=["cycle", "state"])]

    def __str__(self) -> str:
        return f"{self.nominee} for {self.track} ({self.cycle})"


class Evidence(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=40)
    date = models.DateField()
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class Endorsement(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="endorsements")
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="endorsements"
    )
    relationship = models.CharField(max_length=200)
    statement = models.TextField()
    visible_to_nominee = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "endorser"],
                name="endorsement_once",
                violation_error_message=_("You have already endorsed this nomination."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.endorser} endorses {self.nomination}"


class EndorsementRequest(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="endorsement_requests")
    email = models.EmailField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(blank=True)
    # The account that opened the invitation's link: it may then read the nomination and endorse
    # it. One invitation, one account (a forwarded link cannot be claimed twice).
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.email} asked to endorse {self.nomination}"
