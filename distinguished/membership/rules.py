"""Who may do what with memberships and renewals, as named predicates (django-rules). `api.py`,
the pages and the REST API ask these; none re-derives them from roles."""

import rules

from distinguished.people.api import is_chair, is_program_admin


@rules.predicate
def is_member_of(user, membership) -> bool:
    """`user` speaks for the membership's contributor: a person's own account, or the account
    linked to an organization's profile."""
    return bool(
        user.is_authenticated
        and membership is not None
        and user.contributor_id
        and user.contributor_id == membership.contributor_id
    )


@rules.predicate
def is_applicant_of(user, renewal) -> bool:
    return renewal is not None and is_member_of(user, renewal.membership)


# The chair and program admins decide renewals, never their own.
may_decide_renewals = is_chair | is_program_admin
may_decide_renewal = may_decide_renewals & ~is_applicant_of
may_view_renewal = may_decide_renewals | is_applicant_of

# The list of every term (the memberships page and its export): program admins. Anyone else signed
# in lists, and exports, their own terms through the REST API.
may_list_memberships = is_program_admin

rules.add_perm("membership.list_memberships", may_list_memberships)
rules.add_perm("membership.decide_renewals", may_decide_renewals)
rules.add_perm("membership.decide_renewal", may_decide_renewal)
rules.add_perm("membership.view_renewal", may_view_renewal)
rules.add_perm("membership.apply_for_renewal", is_member_of)
