"""Who may do what with the program as a whole, as named predicates (django-rules)."""

import rules

from distinguished.people.api import is_approver, is_chair, is_program_admin

# The program's figures — the dashboard and GET /api/v1/program/stats/ (funnels with the screening
# reasons, the panel's agreement, every target met or not): those who run the program, the panel
# chairs and the Axim approver who signs its cohorts off. The public reads the impact page.
reads_program_stats = is_program_admin | is_chair | is_approver

rules.add_perm("program.view_stats", reads_program_stats)

# The screeners' typed reasons for finding nominations ineligible are written about one nominee and
# may name them: counted per reason on the dashboard for program admins only. The chair and the
# approver read how many were ineligible, not why (a chair may be in conflict with one of them, and
# the approver reads only the nominations of the final list).
rules.add_perm("program.view_ineligible_reasons", is_program_admin)
