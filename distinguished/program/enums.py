"""Choices of the program app."""

from django.db import models


class Phase(models.TextChoices):
    """The phases of a cycle, in order."""

    SETUP = "setup", "Setup"
    NOMINATIONS_OPEN = "nominations_open", "Nominations open"
    SCREENING = "screening", "Screening"
    REVIEW = "review", "Review"
    DELIBERATION = "deliberation", "Deliberation"
    APPROVAL = "approval", "Approval"
    ANNOUNCED = "announced", "Announced"
    CLOSED = "closed", "Closed"


class Subject(models.TextChoices):
    """Who a track recognizes."""

    PERSON = "person", "Individuals"
    ORGANIZATION = "organization", "Organizations"
    ANY = "any", "Organizations or individuals"


class Aggregate(models.TextChoices):
    COUNT = "count", "Count of contributions"
    SUM = "sum", "Sum of quantities"
    MAX = "max", "Best single quantity"
    RATE = "rate", "Contributions per week"
    SHARE = "share", "Share of the organization's employees"


class Period(models.TextChoices):
    YEAR = "year", "per year"
    WEEK = "week", "per week"
    NONE = "none", ""


class QuantityUnit(models.TextChoices):
    NONE = "none", "No quantity"
    MONEY = "money", "Money (USD)"
    PEOPLE = "people", "People"
    PERCENT = "percent", "Percentage"


class GroupLogic(models.TextChoices):
    ALL = "all", "all of"
    ANY = "any", "any of"


class TargetMeasure(models.TextChoices):
    """What a program target measures (the program's own objectives, not a member's key results)."""

    ACTIVE_MEMBERS = "active_members", "Active members at the end of the period"
    RETENTION = "retention", "Share of the terms ended in the period that were renewed (%)"
    MEMBER_CONTRIBUTIONS = "member_contributions", "Contributions of given kinds made by members, a year"
