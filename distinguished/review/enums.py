"""Choices of the review panel."""

from django.db import models


class ConflictSource(models.TextChoices):
    DECLARED = "declared", "Declared by the panelist"
    CHAIR = "chair", "Added by the chair"
    NOMINEE = "nominee", "The panelist is the nominee"
    NOMINATOR = "nominator", "The panelist is the nominator"
    ENDORSER = "endorser", "The panelist endorsed the nomination"
    ORGANIZATION = "organization", "The panelist shares an organization with the nominee"


DETECTED = (
    ConflictSource.NOMINEE,
    ConflictSource.NOMINATOR,
    ConflictSource.ENDORSER,
    ConflictSource.ORGANIZATION,
)
# The detected conflicts the chair may judge harmless: never the panelist's own nomination.
WAIVABLE = (ConflictSource.NOMINATOR, ConflictSource.ENDORSER, ConflictSource.ORGANIZATION)


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", "Strong yes"
    YES = "yes", "Yes"
    NO = "no", "No"
    STRONG_NO = "strong_no", "Strong no"


class VoteChoice(models.TextChoices):
    SELECT = "select", "Select"
    DECLINE = "decline", "Decline"
    DEFER = "defer", "Defer"


class Outcome(models.TextChoices):
    """The chair's decision on a nomination (the nomination's state afterwards)."""

    SELECTED = "selected", "Selected"
    DECLINED = "declined", "Declined"
    DEFERRED = "deferred", "Deferred"


class ReviewStatus(models.TextChoices):
    """Where an assigned review stands, as the chair follows it (reviewer_table.py)."""

    NOT_STARTED = "not_started", "Not started"
    DRAFT = "draft", "Draft saved"
    SUBMITTED = "submitted", "Submitted"
