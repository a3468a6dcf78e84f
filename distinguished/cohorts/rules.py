"""Who may do what with a cycle's final list and its announcement, as named predicates
(django-rules) on (user, cycle). `api.py` asks them before it acts, the final-list page asks the
same ones to decide which step it offers, and none re-derives them from the phase or a role."""

import rules
from django.utils import timezone

from distinguished.nominations import api as nominations
from distinguished.people.api import is_approver, is_chair, is_program_admin
from distinguished.program.api import Phase

from .models import Announcement


@rules.predicate
def is_in_deliberation(user, cycle) -> bool:
    return cycle is not None and cycle.phase == Phase.DELIBERATION


@rules.predicate
def is_in_approval(user, cycle) -> bool:
    return cycle is not None and cycle.phase == Phase.APPROVAL


@rules.predicate
def list_is_signed_off(user, cycle) -> bool:
    """The approver signed the final list off: it is locked for good."""
    return cycle is not None and cycle.list_signed_off is not None


@rules.predicate
def is_announced(user, cycle) -> bool:
    return cycle is not None and Announcement.objects.filter(cycle=cycle).exists()


@rules.predicate
def announcement_day_has_come(user, cycle) -> bool:
    return cycle is not None and cycle.announcement_date <= timezone.localdate()


@rules.predicate
def was_reviewed_here(user, cycle) -> bool:
    """Nominations of the cycle reached screening in this system (it is not an earlier cohort
    selected before it, whose terms are recorded by hand)."""
    return cycle is not None and nominations.nominations_for_review(cycle).exists()


can_see_final_list = is_approver | is_program_admin | is_chair
may_submit_final_list = (is_chair | is_program_admin) & is_in_deliberation & ~list_is_signed_off
may_sign_off = is_approver & is_in_approval & ~list_is_signed_off
may_send_back = is_approver & is_in_approval & ~list_is_signed_off
may_announce = is_program_admin & list_is_signed_off & ~is_announced
# An earlier cohort, selected before this system: nothing reviewed here, terms recorded by hand.
may_publish_recorded_announcement = (
    is_program_admin & announcement_day_has_come & ~list_is_signed_off & ~is_announced & ~was_reviewed_here
)

rules.add_perm("cohorts.view_final_list", can_see_final_list)
rules.add_perm("cohorts.submit_final_list", may_submit_final_list)
rules.add_perm("cohorts.sign_off", may_sign_off)
rules.add_perm("cohorts.send_back", may_send_back)
rules.add_perm("cohorts.announce", may_announce)
rules.add_perm("cohorts.publish_recorded_announcement", may_publish_recorded_announcement)
# The roles behind those steps, for a refusal that must not depend on the cycle's state (the
# approver is told "not now" with the reason, everyone else "not yours").
rules.add_perm("cohorts.answer_final_list", is_approver)
rules.add_perm("cohorts.run_announcement", is_program_admin)
rules.add_perm("cohorts.hand_over_final_list", is_chair | is_program_admin)
