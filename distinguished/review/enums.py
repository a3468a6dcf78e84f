"""Choices of the review panel."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the panelist")
    CHAIR = "chair", _("Added by the chair")
    NOMINEE = "nominee", _("The panelist is the nominee")
    NOMINATOR = "nominator", _("The panelist is the nominator")
    ENDORSER = "endorser", _("The panelist endorsed the nomination")
    ORGANIZATION = "organization", _("The panelist shares an organization with the nominee")


DETECTED = (
    ConflictSource.NOMINEE,
    ConflictSource.NOMINATOR,
    ConflictSource.ENDORSER,
    ConflictSource.ORGANIZATION,
)
# The detected conflicts the chair may judge harmless: never the panelist's own nomination.
WAIVABLE = (ConflictSource.NOMINATOR, ConflictSource.ENDORSER, ConflictSource.ORGANIZATION)


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", pgettext_lazy("recommendation", "Strong yes")
    YES = "yes", pgettext_lazy("recommendation", "Yes")
    NO = "no", pgettext_lazy("recommendation", "No")
    STRONG_NO = "strong_no", pgettext_lazy("recommendation", "Strong no")


class VoteChoice(models.TextChoices):
    SELECT = "select", pgettext_lazy("vote", "Select")
    DECLINE = "decline", pgettext_lazy("vote", "Decline")
    DEFER = "defer", pgettext_lazy("vote", "Defer")


class Outcome(models.TextChoices):
    """The chair's decision on a nomination (the nomination's state afterwards)."""

    SELECTED = "selected", pgettext_lazy("decision", "Selected")
    DECLINED = "declined", pgettext_lazy("decision", "Declined")
    DEFERRED = "deferred", pgettext_lazy("decision", "Deferred")


class ReviewStatus(models.TextChoices):
    """Where an assigned review stands, as the chair follows it (reviewer_table.py)."""

    NOT_STARTED = "not_started", pgettext_lazy("review status", "Not started")
    DRAFT = "draft", pgettext_lazy("review status", "Draft saved")
    SUBMITTED = "submitted", pgettext_lazy("review status", "Submitted")
