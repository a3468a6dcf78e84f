"""States and choices of nominations."""

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ELIGIBLE = "eligible", "Eligible"
    INELIGIBLE = "ineligible", "Ineligible"
    IN_REVIEW = "in_review", "In review"
    SELECTED = "selected", "Selected"
    DECLINED = "declined", "Declined"
    DEFERRED = "deferred", "Deferred"
    APPROVED = "approved", "Approved"
    AWARDED = "awarded", "Awarded"
    WITHDRAWN = "withdrawn", "Withdrawn"


# The panel's decision, and what becomes of a selection: the nominations on a cycle's final list.
DECIDED_STATES = (State.SELECTED, State.DECLINED, State.DEFERRED, State.APPROVED, State.AWARDED)
# The states in which the nominator and the nominee may still change or withdraw a nomination.
OPEN_STATES = (State.DRAFT, State.SUBMITTED)
# The states a screening decision may start from (a decision may be corrected during screening).
SCREENABLE_STATES = (State.SUBMITTED, State.ELIGIBLE, State.INELIGIBLE)

STATEMENT_MAX = 20_000
ENDORSEMENT_MAX = 5_000
EVIDENCE_MAX = 50
REQUESTS_MAX = 10
