"""Who may see and do what with a nomination, as named predicates (django-rules).

`api.py`, the pages, the REST API and the templates all ask these rules by their permission
names (`user.has_perm("nominations.<rule>", nomination)`, `{% has_perm %}`); none re-derives a
rule from a state string. `api.py` also checks the state with a message naming it, so a refusal
says why; the rules here decide what a page offers and what a caller may see.

What a nomination's parties may see: a draft (and a nomination withdrawn before it was ever
submitted) is seen only by its nominator, its nominee, the people the nominator or nominee invited
to endorse it (who opened their invitation link), and program admins. From submission on the
panel sees it as its role allows; a conflict of interest hides it from every panel role. Endorsing
never grants the right to see a nomination: it needs it.
"""

import rules

from distinguished.people.api import is_approver, is_chair, is_panelist, is_program_admin
from distinguished.program.api import Phase

from .conflicts import assigned_to, hidden_from
from .enums import DECIDED_STATES, DELIBERATED_STATES, OPEN_STATES, State
from .models import Nomination

DELIBERATION_PHASES = (Phase.DELIBERATION, Phase.APPROVAL, Phase.ANNOUNCED, Phase.CLOSED)

__all__ = ["DELIBERATED_STATES", "DELIBERATION_PHASES"]


def in_deliberation(nomination) -> bool:
    """Whether the whole panel discusses the nomination: its cycle is in deliberation or later and
    it is in review or decided."""
    return nomination.state in DELIBERATED_STATES and nomination.cycle.phase in DELIBERATION_PHASES


# --- Who the caller is to the nomination ---------------------------------------------------------


@rules.predicate
def is_nominator(user, nomination) -> bool:
    return user.is_authenticated and nomination is not None and nomination.nominator_id == user.pk


@rules.predicate
def is_nominee(user, nomination) -> bool:
    return (
        user.is_authenticated
        and nomination is not None
        and user.contributor_id is not None
        and nomination.nominee_id == user.contributor_id
    )


@rules.predicate
def is_invited_endorser(user, nomination) -> bool:
    """The caller opened an endorsement invitation of this nomination with their account."""
    if not user.is_authenticated or nomination is None:
        return False
    return any(request.accepted_by_id == user.pk for request in nomination.endorsement_requests.all())


@rules.predicate
def has_endorsed(user, nomination) -> bool:
    if not user.is_authenticated or nomination is None:
        return False
    return any(endorsement.endorser_id == user.pk for endorsement in nomination.endorsements.all())


@rules.predicate
def is_conflicted(user, nomination) -> bool:
    """A conflict of interest hides the nomination from the user's panel role."""
    return nomination is not None and nomination.pk in hidden_from(user)


@rules.predicate
def is_assigned(user, nomination) -> bool:
    return nomination is not None and nomination.pk in assigned_to(user)


# --- Where the nomination stands ----------------------------------------------------------------


@rules.predicate
def is_open(user, nomination) -> bool:
    """Draft or submitted: its parties may still change, endorse or withdraw it."""
    return nomination is not None and nomination.state in OPEN_STATES


@rules.predicate
def is_draft(user, nomination) -> bool:
    return nomination is not None and nomination.state == State.DRAFT


@rules.predicate
def was_submitted(user, nomination) -> bool:
    """Submitted once (a nomination withdrawn as a draft never was: the panel never sees it)."""
    if nomination is None or nomination.state == State.DRAFT:
        return False
    return not (nomination.state == State.WITHDRAWN and nomination.submitted is None)


@rules.predicate
def window_is_open(user, nomination) -> bool:
    """Today falls inside the cycle's nomination window (`api.window_error` says why not)."""
    return nomination is not None and nomination.cycle.phase == Phase.NOMINATIONS_OPEN


@rules.predicate
def is_deliberated(user, nomination) -> bool:
    return nomination is not None and in_deliberation(nomination)


@rules.predicate
def is_on_final_list(user, nomination) -> bool:
    return nomination is not None and nomination.state in DECIDED_STATES


@rules.predicate
def decision_is_announced(user, nomination) -> bool:
    """The announcement told the nominee and the nominator the panel's decision."""
    return (
        nomination is not None
        and nomination.state in DECIDED_STATES
        and nomination.decision_announced is not None
    )


# --- The rules, in the program's words ----------------------------------------------------------

is_party = is_nominator | is_nominee
# The chair and admins screen every submitted nomination they have no conflict with.
is_screener = (is_program_admin | (is_chair & was_submitted)) & ~is_conflicted
# Admins read every nomination they have no conflict with; the chair every submitted one; a
# panelist those assigned to them, and from deliberation on every one in review or decided; the
# approver those on the final list they sign off — never a conflicted one.
is_panel = (
    is_program_admin
    | (is_chair & was_submitted)
    | (is_panelist & (is_assigned | is_deliberated))
    | (is_approver & is_on_final_list)
) & ~is_conflicted
# The roles alone, for questions about no nomination in particular (menus, role checks).
has_panel_role = is_program_admin | is_chair | is_panelist
has_screening_role = is_program_admin | is_chair

can_see_nomination = is_party | is_invited_endorser | is_panel
may_edit = is_party & is_open & window_is_open
may_submit = is_nominator & is_draft
can_be_withdrawn = is_party & is_open
may_request_endorsements = is_party & is_open
# Endorsing needs the right to see the nomination; the nominator and the nominee never endorse.
may_endorse = can_see_nomination & ~is_party & ~has_endorsed & is_open
# The nominee and the nominator read the outcome and the feedback once the cohort is announced.
may_read_decision = is_party & decision_is_announced
# The nominee's answer to "list me in the public directory": theirs, and the admins' who announce.
may_read_listing_answer = is_nominee | is_program_admin

rules.add_perm("nominations.view_nomination", can_see_nomination)
rules.add_perm("nominations.edit_nomination", is_party)
rules.add_perm("nominations.may_edit", may_edit)
rules.add_perm("nominations.withdraw_nomination", is_party)
rules.add_perm("nominations.can_be_withdrawn", can_be_withdrawn)
rules.add_perm("nominations.submit_nomination", is_nominator)
rules.add_perm("nominations.may_submit", may_submit)
rules.add_perm("nominations.request_endorsements", is_party)
rules.add_perm("nominations.may_request_endorsements", may_request_endorsements)
rules.add_perm("nominations.may_endorse", may_endorse)
rules.add_perm("nominations.read_decision", may_read_decision)
rules.add_perm("nominations.read_listing_answer", may_read_listing_answer)
rules.add_perm("nominations.screen_nomination", is_screener)
rules.add_perm("nominations.screen_nominations", has_screening_role)
rules.add_perm("nominations.view_endorsement_statements", is_panel)
# Reading a nomination through a panel role only (not as its nominator, nominee or endorser).
rules.add_perm("nominations.panel_view_nomination", is_panel)
rules.add_perm("nominations.view_eligibility", is_screener)
# The same readers as the panel view: the scorecard goes where the panel's reading goes.
rules.add_perm("nominations.view_scorecard", is_panel)
# Holding a panel role at all (a question about no nomination in particular).
rules.add_perm("nominations.panel_member", has_panel_role)


@rules.predicate
def screens_a_nomination_of(user, contributor_ids) -> bool:
    """The user screens a submitted nomination of one of these contributors: a screener confirms
    the self-reported contributions behind it (contributions asks this by name). One query."""
    if not contributor_ids or not has_screening_role(user):
        return False
    nominations = Nomination.objects.filter(nominee_id__in=list(contributor_ids)).exclude(state=State.DRAFT)
    return any(is_screener(user, nomination) for nomination in nominations)


rules.add_perm("nominations.screen_contributions_of", screens_a_nomination_of)
