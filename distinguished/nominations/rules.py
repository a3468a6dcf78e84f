"""Who may see and do what with a nomination, as named predicates (django-rules)."""

import rules

from distinguished.people.api import is_approver, is_chair, is_panelist, is_program_admin
from distinguished.program.api import Phase

from .conflicts import assigned_to, hidden_from
from .enums import DECIDED_STATES, State

# From deliberation on, the whole panel discusses every eligible nomination: in review, decided,
# or eligible without reviewers (it must be decided too before the list is signed off).
DELIBERATION_PHASES = (Phase.DELIBERATION, Phase.APPROVAL, Phase.ANNOUNCED, Phase.CLOSED)
DELIBERATED_STATES = (
    State.ELIGIBLE,
    State.IN_REVIEW,
    State.SELECTED,
    State.DECLINED,
    State.DEFERRED,
    State.APPROVED,
    State.AWARDED,
)


def in_deliberation(nomination) -> bool:
    """Whether the whole panel discusses the nomination: its cycle is in deliberation or later and
    it is in review or decided."""
    return nomination.state in DELIBERATED_STATES and nomination.cycle.phase in DELIBERATION_PHASES


@rules.predicate
def is_nominator(user, nomination) -> bool:
    return user.is_authenticated and nomination.nominator_id == user.pk


@rules.predicate
def is_nominee(user, nomination) -> bool:
    return (
        user.is_authenticated
        and user.contributor_id is not None
        and nomination.nominee_id == user.contributor_id
    )


@rules.predicate
def is_endorser(user, nomination) -> bool:
    if not user.is_authenticated:
        return False
    return any(endorsement.endorser_id == user.pk for endorsement in nomination.endorsements.all())


@rules.predicate
def is_conflicted(user, nomination) -> bool:
    """A conflict of interest hides the nomination from the user's panel role."""
    return nomination is not None and nomination.pk in hidden_from(user)


@rules.predicate
def is_assigned(user, nomination) -> bool:
    return nomination is not None and nomination.pk in assigned_to(user)


@rules.predicate
def is_deliberated(user, nomination) -> bool:
    return nomination is not None and in_deliberation(nomination)


@rules.predicate
def is_on_final_list(user, nomination) -> bool:
    return nomination is not None and nomination.state in DECIDED_STATES


is_screener = (is_program_admin | is_chair) & ~is_conflicted
# The chair and admins read every nomination they have no conflict with; a panelist those
# assigned to them, and from deliberation on every one in review or decided; the approver those on
# the final list they sign off — never a conflicted one.
is_panel = (
    (is_program_admin | is_chair)
    | (is_panelist & (is_assigned | is_deliberated))
    | (is_approver & is_on_final_list)
) & ~is_conflicted
# The role alone, for questions about no nomination in particular (menus, role checks).
has_panel_role = is_program_admin | is_chair | is_panelist


# The chair and admins read every scorecard; a panelist those of the nominations they review, and
# from deliberation on those the panel discusses.
reads_scorecard = (
    (is_program_admin | is_chair)
    | (is_panelist & (is_assigned | is_deliberated))
    | (is_approver & is_on_final_list)
) & ~is_conflicted

rules.add_perm("nominations.view_nomination", is_panel | is_nominator | is_nominee | is_endorser)
rules.add_perm("nominations.edit_nomination", is_nominator | is_nominee)
rules.add_perm("nominations.withdraw_nomination", is_nominator | is_nominee)
rules.add_perm("nominations.submit_nomination", is_nominator)
rules.add_perm("nominations.screen_nomination", is_screener)
rules.add_perm("nominations.view_endorsement_statements", is_panel)
# Reading a nomination through a panel role only (not as its nominator, nominee or endorser).
rules.add_perm("nominations.panel_view_nomination", is_panel)
rules.add_perm("nominations.view_eligibility", is_screener)
rules.add_perm("nominations.view_scorecard", reads_scorecard)
# Holding a panel role at all (a question about no nomination in particular).
rules.add_perm("nominations.panel_member", has_panel_role)
