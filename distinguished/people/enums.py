"""Choices of the people app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContributorKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")


class SizeTier(models.TextChoices):
    """The seed's partner equity: larger partners are measured in absolute terms, smaller ones
    relative to their size."""

    LARGER = "larger", _("Larger partner")
    SMALLER = "smaller", _("Smaller partner")


class Role(models.TextChoices):
    ADMIN = "admin", _("Program admin")
    CHAIR = "chair", _("Panel chair")
    PANELIST = "panelist", _("Panelist")
    APPROVER = "approver", _("Approver (Axim)")
