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
