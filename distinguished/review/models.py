"""The review panel of a cycle: seats, declared conflicts and waivers, assignments, reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ConflictSource, Recommendation, VoteChoice


class PanelSeat(models.Model):
    cycle = models.ForeignKey("program.Cycle", on_delete=models.CASCADE, related_name="panel_seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats")
    group = models.ForeignKey("program.PanelGroup", on_delete=models.PROTECT, related_name="seats")
    chair = models.BooleanField(default=False)
    # Track codes the panelist prefers to review.
    tracks = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "user"],
                name="seat_once_per_cycle",
                violation_error_message=_("Already seated."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.group}, {self.cycle})"


class Conflict(models.Model):
    """A declared or chair-added conflict with a nomination or with a contributor (covering all of
    their nominations, or an organization's). Detected conflicts are computed, not stored."""

    cycle = models.ForeignKey("program.Cycle", on_delete=models.CASCADE, related_name="conflicts")
    panelist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(
        "nominations.Nomination", null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    contributor = models.ForeignKey(
        "people.Contributor", null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    source = models.CharField(max_length=16, choices=ConflictSource.choices)
    reason = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nomination__isnull=False) | models.Q(contributor__isnull=False),
                name="conflict_names_a_target",
            ),
            # One row per pair, whoever declared it; NULLs are distinct on every engine, so a
            # contributor-wide row (no nomination) never collides here, nor a nomination's row below.
            models.UniqueConstraint(fields=["panelist", "nomination"], name="conflict_once_per_nomination"),
            models.UniqueConstraint(
                fields=["cycle", "panelist", "contributor"], name="conflict_once_per_contributor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panelist} ✕ {self.nomination or self.contributor}"


class ConflictWaiver(models.Model):
    """A detected conflict the chair judged harmless, with the reason; audited."""

    nomination = models.ForeignKey("nominations.Nomination", on_delete=models.CASCADE, related_name="waivers")
    panelist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=16, choices=ConflictSource.choices)
    reason = models.TextField()
    waived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "panelist", "source"], name="waiver_once"),
        ]

    def __str__(self) -> str:
        return f"{self.panelist} may review {self.nomination} ({self.source} waived)"


class Assignment(models.Model):
    cycle = models.ForeignKey("program.Cycle", on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="assignments"
    )
    panelist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    by_hand = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)
    # A conflict that arose after assignment voids it: its review stops counting but stays here.
    voided = models.DateTimeField(null=True, blank=True)
    void_source = models.CharField(max_length=16, choices=ConflictSource.choices, blank=True)
    void_reason = models.TextField(blank=True, help_text=_("What voided it, without a declared reason."))
    # Voided because the chair withdrew the waiver of its (`void_source`) conflict.
    void_waiver_withdrawn = models.BooleanField(default=False)
    # The reviewer the chair assigned in its place (review.api.reassign).
    replacement = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["nomination_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "panelist"], name="assignment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.panelist} reviews {self.nomination}{' (voided)' if self.voided else ''}"

    def void_cause(self) -> str:
        """What voided it, in the active language (`void_reason` keeps the English of the moment,
        for the audit trail); never a declared reason. Reads the panelist and the nominee."""
        if not self.voided:
            return ""
        if self.void_waiver_withdrawn:
            return _WAIVER_WITHDRAWN % {"conflict": ConflictSource(self.void_source).label.lower()}
        if self.void_source in _VOID_CAUSES:
            return _VOID_CAUSES[self.void_source] % {
                "panelist": self.panelist,
                "nominee": self.nomination.nominee,
            }
        return self.void_reason


# Each a whole sentence, so a translation may reorder it.
_VOID_CAUSES = {
    ConflictSource.DECLARED: _("%(panelist)s declared a conflict of interest."),
    ConflictSource.CHAIR: _("A conflict of interest was added for %(panelist)s."),
    ConflictSource.NOMINEE: _("%(panelist)s is the nominee."),
    ConflictSource.NOMINATOR: _("%(panelist)s nominated %(nominee)s."),
    ConflictSource.ENDORSER: _("%(panelist)s endorsed the nomination."),
    ConflictSource.ORGANIZATION: _("%(panelist)s and %(nominee)s now share an organization."),
}
_WAIVER_WITHDRAWN = _("The waiver of a conflict (%(conflict)s) was withdrawn.")


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="review")
    # {key area code: 1..5}
    scores = models.JSONField(default=dict)
    recommendation = models.CharField(max_length=16, choices=Recommendation.choices, blank=True)
    comment = models.TextField(blank=True, help_text=_("For the panel."))
    feedback = models.TextField(blank=True, help_text=_("For the nominee (optional)."))
    submitted = models.DateTimeField(null=True, blank=True)
    # Incremented on every save; a save that read an older version lost a race (409).
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The stamp of a cycle's counted reviews (`standings._stamps`, read by every page of the
            # ranking, the board and the final list) from the index alone on PostgreSQL: 45 → 24 ms
            # at 30,000 reviews. SQLite keeps it without the included columns, MariaDB whole.
            models.Index(
                fields=["assignment"],
                include=["id", "updated"],
                condition=models.Q(submitted__isnull=False),
                name="review_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"Review by {self.assignment.panelist} of {self.assignment.nomination}"


class Vote(models.Model):
    """A seated panelist's vote on a nomination in deliberation; one per panelist, changeable
    until the chair decides."""

    nomination = models.ForeignKey("nominations.Nomination", on_delete=models.CASCADE, related_name="votes")
    panelist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(max_length=8, choices=VoteChoice.choices)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nomination_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["nomination", "panelist"], name="vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.panelist} votes {self.vote} on {self.nomination_id}"


class CycleStandings(models.Model):
    """What the ranking of a cycle rests on, kept with the standings computed from it
    (review/standings.py): the panel's agreement, the conflicted (panelist, nomination) pairs that
    hide rows from a viewer, and the stamp of the data they were computed from. Stale when `stale`
    is set or the stamp of the data differs: the next read recomputes them."""

    cycle = models.OneToOneField("program.Cycle", on_delete=models.CASCADE, related_name="+")
    # What the counted reviews were, and what the conflicts rest on (seats, declared conflicts,
    # waivers, the reviewable nominations and their endorsements), when they were computed.
    stamp = models.CharField(max_length=400, blank=True)
    conflicts_stamp = models.CharField(max_length=400, blank=True)
    stale = models.BooleanField(default=True)
    alpha = models.FloatField(null=True, blank=True)
    # {panelist id: [nomination ids]}: every conflict not waived, when the standings were computed.
    conflicted = models.JSONField(default=dict, blank=True)
    computed = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Standings of {self.cycle_id}"


class Standing(models.Model):
    """One reviewed nomination's place in its cycle's ranking: review.aggregation's numbers for it,
    and its rank by normalised score (1 = best) among the cycle's reviewable nominations."""

    cycle = models.ForeignKey("program.Cycle", on_delete=models.CASCADE, related_name="+")
    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="standing"
    )
    rank = models.PositiveIntegerField()
    reviews = models.PositiveIntegerField()
    normalized = models.FloatField()
    mean = models.FloatField()
    median = models.FloatField()
    sd = models.FloatField()
    range = models.FloatField()
    mean_z = models.FloatField()
    disagreement = models.BooleanField(default=False)
    # The nomination's track and its nominee's name (lower-cased), copied so that sorting by them
    # walks an index of this table (a deep page does not join every earlier row); a nominee's new
    # name is copied by `standings.nominee_renamed`.
    track = models.ForeignKey("program.Track", null=True, on_delete=models.PROTECT, related_name="+")
    nominee_sort = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["cycle_id", "rank"]
        indexes = [
            models.Index(fields=["cycle", "rank"], name="standing_by_rank"),
            models.Index(fields=["cycle", "track", "rank"], name="standing_by_track"),
            models.Index(fields=["cycle", "nominee_sort", "rank"], name="standing_by_nominee"),
            models.Index(fields=["cycle", "-mean", "rank"], name="standing_by_mean"),
            models.Index(fields=["cycle", "-range", "rank"], name="standing_by_range"),
            models.Index(
                fields=["cycle", "-disagreement", "-range", "-sd", "rank"], name="standing_by_discuss"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.rank} {self.nomination_id}"
