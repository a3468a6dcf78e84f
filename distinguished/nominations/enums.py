"""States and choices of nominations, and every named group of states (each named once, here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")
    IN_REVIEW = "in_review", _("In review")
    SELECTED = "selected", _("Selected")
    DECLINED = "declined", _("Declined")
    DEFERRED = "deferred", _("Deferred")
    APPROVED = "approved", _("Approved")
    AWARDED = "awarded", _("Awarded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The states in which the nominator and the nominee may still change, endorse or withdraw a
# nomination (before screening).
OPEN_STATES = (State.DRAFT, State.SUBMITTED)
# The states a screening decision may start from (a decision may be corrected during screening).
SCREENABLE_STATES = (State.SUBMITTED, State.ELIGIBLE, State.INELIGIBLE)
# From screening on: what the panel reviews, ranks and decides.
REVIEW_STATES = (
    State.ELIGIBLE,
    State.IN_REVIEW,
    State.SELECTED,
    State.DECLINED,
    State.DEFERRED,
    State.APPROVED,
    State.AWARDED,
)
# From deliberation on, the whole panel discusses every eligible nomination: in review, decided,
# or eligible without reviewers (it must be decided too before the list is signed off).
DELIBERATED_STATES = REVIEW_STATES
# Eligible nominations the chair has not decided yet (the deliberation board's open rows).
UNDECIDED_STATES = (State.ELIGIBLE, State.IN_REVIEW)
# The chair's three outcomes in deliberation.
DECISION_STATES = (State.SELECTED, State.DECLINED, State.DEFERRED)
# The panel's decision, and what becomes of a selection: the nominations on a cycle's final list.
DECIDED_STATES = (State.SELECTED, State.DECLINED, State.DEFERRED, State.APPROVED, State.AWARDED)

# The panel's outcome behind each decided state: a selection stays a selection once approved
# and awarded.
OUTCOME_OF = {
    State.SELECTED: "selected",
    State.APPROVED: "selected",
    State.AWARDED: "selected",
    State.DECLINED: "declined",
    State.DEFERRED: "deferred",
}

STATEMENT_MAX = 20_000
ENDORSEMENT_MAX = 5_000
EVIDENCE_MAX = 50
REQUESTS_MAX = 10
