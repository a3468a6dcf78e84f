"""Who may do what with contributions, as named predicates (django-rules). `api.py`, the pages and
the REST API ask these by permission name."""

import rules

from distinguished.people.api import is_program_admin

# Imports write contributions for anyone, counted as verified: program admins only.
may_import_contributions = is_program_admin

rules.add_perm("contributions.import_contributions", may_import_contributions)
