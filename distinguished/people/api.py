"""People: contributors, users and their program roles. Other apps, views and the REST API call
these functions; none of them write the models directly.

The work is done in the modules named for it: `profiles` (contributor profiles: reading, checking,
creating, editing, registering a nominee, claiming one), `accounts` (signing up, creating accounts,
finding users), `roles` (who holds which role, and setting them), `handles` (contributors matched
by identity handle for the importers), `exports`, `search`, `listing`, `languages` and the Open edX
sign-in's `openedx_accounts`; this module is their public face.
"""

from __future__ import annotations

from . import signals
from .accounts import bootstrap_admin, create_user, find_user, sign_up, users
from .enums import ContributorKind, Role, SizeTier
from .exports import contributors_export, search_contributors, visible_contributors
from .handles import contributor_handles, contributor_ids_by_handle, contributors_by_slack
from .languages import check_language, choose_language, language_of, offered_languages
from .listing import apply_listing_answer, listing_changed_since
from .openedx_accounts import PROVIDER as OPENEDX_PROVIDER
from .openedx_accounts import EmailNotVerified, LmsAccount, account_for_lms_user
from .profiles import (
    CONTRIBUTOR_FIELDS,
    claim_profile,
    contributor_db_table,
    contributors,
    create_contributor,
    find_contributor,
    get_contributor,
    ids_with_affiliated_people,
    lock_contributor,
    register_nominee,
    update_contributor,
)
from .roles import has_role, set_roles
from .rules import is_approver, is_chair, is_panelist, is_program_admin, roles_of
from .search import matching_word
from .signals import connect_contributor_saved

__all__ = [
    "CONTRIBUTOR_FIELDS",
    "OPENEDX_PROVIDER",
    "ContributorKind",
    "EmailNotVerified",
    "LmsAccount",
    "Role",
    "SizeTier",
    "account_for_lms_user",
    "apply_listing_answer",
    "bootstrap_admin",
    "check_language",
    "choose_language",
    "claim_profile",
    "connect_contributor_saved",
    "contributor_db_table",
    "contributor_handles",
    "contributor_ids_by_handle",
    "contributors",
    "contributors_by_slack",
    "contributors_export",
    "create_contributor",
    "create_user",
    "find_contributor",
    "find_user",
    "get_contributor",
    "has_role",
    "ids_with_affiliated_people",
    "is_approver",
    "is_chair",
    "is_panelist",
    "is_program_admin",
    "language_of",
    "listing_changed_since",
    "lock_contributor",
    "matching_word",
    "offered_languages",
    "register_nominee",
    "roles_of",
    "search_contributors",
    "set_roles",
    "sign_up",
    "signals",
    "update_contributor",
    "users",
    "visible_contributors",
]
