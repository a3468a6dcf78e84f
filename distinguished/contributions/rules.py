"""Who may do what with contributions, as named predicates (django-rules). `api.py`, the pages and
the REST API ask these by permission name."""

import rules

from distinguished.people.api import is_program_admin

# Imports write contributions for anyone, counted as verified: program admins only.
may_import_contributions = is_program_admin


@rules.predicate
def screens_its_nominee(user, contribution) -> bool:
    """The contribution lies behind a nomination the user screens: its contributor, or the
    organization they belong to, is that nomination's nominee. Nominations answer, by name."""
    if contribution is None or not user.is_authenticated:
        return False
    owners = {contribution.contributor_id, contribution.contributor.organization_id} - {None}
    return user.has_perm("nominations.screen_contributions_of", frozenset(owners))


# A self-reported contribution is confirmed by a program admin, or by a screener of a nomination
# it lies behind (the chair screening it, without a conflict of interest).
may_verify_contribution = is_program_admin | screens_its_nominee

rules.add_perm("contributions.import_contributions", may_import_contributions)
rules.add_perm("contributions.verify_contribution", may_verify_contribution)
# Verifying anything (the list of contributions to verify): program admins.
rules.add_perm("contributions.verify_contributions", is_program_admin)
