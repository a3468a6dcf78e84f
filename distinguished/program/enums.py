"""Choices of the program app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The phases of a cycle, in order."""

    SETUP = "setup", _("Setup")
    NOMINATIONS_OPEN = "nominations_open", _("Nominations open")
    SCREENING = "screening", _("Screening")
    REVIEW = "review", _("Review")
    DELIBERATION = "deliberation", _("Deliberation")
    APPROVAL = "approval", _("Approval")
    ANNOUNCED = "announced", _("Announced")
    CLOSED = "closed", _("Closed")


class Subject(models.TextChoices):
    """Who a track recognizes."""

    PERSON = "person", _("Individuals")
    ORGANIZATION = "organization", _("Organizations")
    ANY = "any", _("Organizations or individuals")


class Aggregate(models.TextChoices):
    COUNT = "count", _("Count of contributions")
    SUM = "sum", _("Sum of quantities")
    MAX = "max", _("Best single quantity")
    RATE = "rate", _("Contributions per week")
    SHARE = "share", _("Share of the organization's employees")


class Period(models.TextChoices):
    YEAR = "year", _("per year")
    WEEK = "week", _("per week")
    NONE = "none", ""


class QuantityUnit(models.TextChoices):
    NONE = "none", _("No quantity")
    MONEY = "money", _("Money (USD)")
    PEOPLE = "people", _("People")
    PERCENT = "percent", _("Percentage")


class GroupLogic(models.TextChoices):
    ALL = "all", _("all of")
    ANY = "any", _("any of")


class TargetMeasure(models.TextChoices):
    """What a program target measures (the program's own objectives, not a member's key results)."""

    ACTIVE_MEMBERS = "active_members", _("Active members at the end of the period")
    RETENTION = "retention", _("Share of the terms ended in the period that were renewed (%)")
    MEMBER_CONTRIBUTIONS = "member_contributions", _("Contributions of given kinds made by members, a year")
