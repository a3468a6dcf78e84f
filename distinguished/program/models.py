"""The program as data (tracks, key areas, key results, panel groups) and its cycles."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .colours import TRACK_COLOUR
from .enums import Aggregate, GroupLogic, Period, Phase, QuantityUnit, Subject, TargetMeasure
from .timeline import TIMELINE, default_closing, phase_on


class Program(models.Model):
    """One recognition program, loaded from a definition file."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    # The whole validated definition, for the texts the tables below do not carry.
    definition = models.JSONField()
    source = models.CharField(max_length=500, blank=True)
    term_years = models.PositiveSmallIntegerField()
    lifetime_after_years = models.PositiveSmallIntegerField()
    loaded = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class ContributionKind(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="contribution_kinds")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    quantity = models.CharField(max_length=16, choices=QuantityUnit.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="kind_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class Track(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tracks")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    subject = models.CharField(max_length=16, choices=Subject.choices)
    recognizes = models.TextField()
    criteria = models.TextField()
    # The badge's colour (#rrggbb), from the definition: white text on it stays readable.
    colour = models.CharField(max_length=7, default=TRACK_COLOUR)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="track_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class KeyArea(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="key_areas")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["track", "code"], name="keyarea_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class KeyResultGroup(models.Model):
    """Key results combined with all-of / any-of logic, optionally for one partner tier."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="key_result_groups")
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    logic = models.CharField(max_length=8, choices=GroupLogic.choices)
    tier = models.CharField(max_length=16, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["track", "code"], name="krgroup_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class KeyResult(models.Model):
    """One measurable key result of a track; its "X" is the cycle's target."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="key_results")
    group = models.ForeignKey(
        KeyResultGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="key_results"
    )
    code = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    seed = models.TextField(blank=True, help_text=_("The wording of the program description."))
    kinds = models.JSONField(default=list)
    major_only = models.BooleanField(default=False)
    aggregate = models.CharField(max_length=8, choices=Aggregate.choices)
    unit = models.CharField(max_length=40)
    period = models.CharField(max_length=8, choices=Period.choices)
    tier = models.CharField(max_length=16, blank=True)
    includes_affiliates = models.BooleanField(
        default=False,
        help_text=_("An organization's value counts its affiliated people's contributions too."),
    )
    default_target = models.DecimalField(max_digits=14, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["track", "code"], name="keyresult_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.track.code}.{self.code}"

    @property
    def qualified_code(self) -> str:
        return f"{self.track.code}.{self.code}"

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"


class PanelGroup(models.Model):
    """A stakeholder group of the review panel and its seat range."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="panel_groups")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    min_seats = models.PositiveSmallIntegerField()
    max_seats = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="panelgroup_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class Cycle(models.Model):
    """One round of nominations, review and recognition, with its timeline and targets."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cycles")
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    nominations_open = models.DateField()
    nominations_close = models.DateField()
    screening_due = models.DateField()
    review_due = models.DateField()
    deliberation_due = models.DateField()
    approval_due = models.DateField()
    announcement_date = models.DateField()
    announcement_event = models.CharField(max_length=200, blank=True)
    closes_on = models.DateField()
    # Eligibility rules of this cycle; they start at the program definition's values.
    min_endorsements = models.PositiveSmallIntegerField(default=2)
    min_external_endorsements = models.PositiveSmallIntegerField(
        default=1, help_text=_("Endorsements from outside the nominee's organization.")
    )
    sustained_months = models.PositiveSmallIntegerField(
        default=12, help_text=_("Evidence and contributions must span at least this many months.")
    )
    # Set by an admin to hold the cycle in a phase regardless of its dates; audited.
    phase_override = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    # When the approver signed the final list off (the cohorts app sets it): from then on the
    # panel's votes and decisions are closed for good, whatever the phase says.
    list_signed_off = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-nominations_open", "-id"]
        constraints = [
            # Nominators choose among open cycles by name (program.api checks it ignoring case).
            models.UniqueConstraint(fields=["name"], name="cycle_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.closes_on is None and self.announcement_date is not None:
            self.closes_on = default_closing(self.announcement_date)
        super().save(*args, **kwargs)

    def dates(self) -> dict[str, dt.date]:
        return {field: getattr(self, field) for field, _ in TIMELINE}

    def phase_by_dates(self, day: dt.date | None = None) -> Phase:
        return phase_on(self.dates(), day or timezone.localdate())

    @property
    def phase(self) -> Phase:
        if self.phase_override:
            return Phase(self.phase_override)
        return self.phase_by_dates()

    def get_phase_display(self) -> str:
        return self.phase.label


class CycleTarget(models.Model):
    """The "X" of one key result in one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="targets")
    key_result = models.ForeignKey(KeyResult, on_delete=models.CASCADE, related_name="cycle_targets")
    target = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key_result"], name="cycletarget_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle.slug} {self.key_result}: {self.target}"


class ProgramTarget(models.Model):
    """One of the program's own targets (at least N active members, a retention rate, member-led
    initiatives a year), with its default; each cycle holds its own value (`CycleProgramTarget`)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="program_targets")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    measure = models.CharField(max_length=24, choices=TargetMeasure.choices)
    # member_contributions: the contribution kinds counted.
    kinds = models.JSONField(default=list, blank=True)
    unit = models.CharField(max_length=40)
    default_target = models.DecimalField(max_digits=14, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="programtarget_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def qualified_code(self) -> str:
        return f"program.{self.code}"

    @property
    def is_percentage(self) -> bool:
        return self.measure == TargetMeasure.RETENTION


class CycleProgramTarget(models.Model):
    """The value of one program target in one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="program_targets")
    program_target = models.ForeignKey(ProgramTarget, on_delete=models.CASCADE, related_name="cycle_targets")
    target = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "program_target"], name="cycleprogramtarget_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle.slug} {self.program_target.qualified_code}: {self.target}"
