"""Choices of the people app."""

from django.db import models


class ContributorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"


class SizeTier(models.TextChoices):
    """The seed's partner equity: larger partners are measured in absolute terms, smaller ones
    relative to their size."""

    LARGER = "larger", "Larger partner"
    SMALLER = "smaller", "Smaller partner"


class Role(models.TextChoices):
    ADMIN = "admin", "Program admin"
    CHAIR = "chair", "Panel chair"
    PANELIST = "panelist", "Panelist"
    APPROVER = "approver", "Approver (Axim)"
