"""Memberships: terms and their statuses (terms.py), recording a term (recording.py), lifetime
status (lifetime.py), revocation (revocation.py), renewal (renewal.py), the nightly reminders
(lifecycle.py), the CSV import of earlier terms (csv_import.py), the lists of terms (term_lists.py),
the public directory (directory.py) and the members in figures (stats.py). Other apps, the pages and
the REST API call the names below; nominations ask whether someone is an active member
(active_members.py)."""

from __future__ import annotations

from . import signals  # the signals other apps listen to (credentials issue and revoke badges)
from .active_members import active_membership, active_memberships
from .agenda import RenewalAgenda, renewal_agenda
from .cohort_terms import cohort_terms, cohort_terms_of_cycles
from .csv_import import ImportRefused, import_terms_csv, record_earlier_term
from .directory import (
    STATUS_FILTERS,
    STATUS_LABELS,
    DirectoryFilters,
    DirectoryOptions,
    PublicProfile,
    as_of,
    clean_directory_filters,
    directory_countries,
    directory_entries,
    directory_options,
    public_profile,
    statuses_q,
)
from .keyset import KeysetPaginator
from .lifecycle import due_reminder, run_lifecycle
from .lifetime import (
    LifetimeOutlook,
    grant_lifetime,
    lifetime_milestone,
    lifetime_milestones,
    lifetime_outlook,
    lifetime_outlooks,
    lifetime_reached,
)
from .page_cache import cached, clear_cache, data_stamp, query_key
from .recording import record_term
from .renewal import (
    AlreadyDone,
    Evaluation,
    apply_for_renewal,
    decide_renewal,
    get_renewal,
    is_member_of,
    may_decide,
    may_view,
    renewal_evaluation,
    renewals,
    renewals_for,
)
from .revocation import revoke
from .stats import (
    MemberCounts,
    Retention,
    cohort_sizes,
    first_term_start,
    key_results_readiness,
    member_contributions,
    member_counts,
    retention,
    retention_by_year,
    running_on,
    terms_stamp,
)
from .term_lists import memberships, memberships_export, memberships_for, memberships_of
from .terms import (
    Rules,
    Status,
    add_years,
    days_left,
    get_membership,
    member_address,
    membership_rules,
    renewal_of,
    renewal_window,
    status_filter,
    status_of,
    term_before,
    term_end,
)

__all__ = [
    "STATUS_FILTERS",
    "STATUS_LABELS",
    "AlreadyDone",
    "DirectoryFilters",
    "DirectoryOptions",
    "Evaluation",
    "ImportRefused",
    "KeysetPaginator",
    "LifetimeOutlook",
    "MemberCounts",
    "PublicProfile",
    "RenewalAgenda",
    "Retention",
    "Rules",
    "Status",
    "active_membership",
    "active_memberships",
    "add_years",
    "apply_for_renewal",
    "as_of",
    "cached",
    "clean_directory_filters",
    "clear_cache",
    "cohort_sizes",
    "cohort_terms",
    "cohort_terms_of_cycles",
    "data_stamp",
    "days_left",
    "decide_renewal",
    "directory_countries",
    "directory_entries",
    "directory_options",
    "due_reminder",
    "first_term_start",
    "get_membership",
    "get_renewal",
    "grant_lifetime",
    "import_terms_csv",
    "is_member_of",
    "key_results_readiness",
    "lifetime_milestone",
    "lifetime_milestones",
    "lifetime_outlook",
    "lifetime_outlooks",
    "lifetime_reached",
    "may_decide",
    "may_view",
    "member_address",
    "member_contributions",
    "member_counts",
    "membership_rules",
    "memberships",
    "memberships_export",
    "memberships_for",
    "memberships_of",
    "public_profile",
    "query_key",
    "record_earlier_term",
    "record_term",
    "renewal_agenda",
    "renewal_evaluation",
    "renewal_of",
    "renewal_window",
    "renewals",
    "renewals_for",
    "retention",
    "retention_by_year",
    "revoke",
    "run_lifecycle",
    "running_on",
    "signals",
    "status_filter",
    "status_of",
    "statuses_q",
    "term_before",
    "term_end",
    "terms_stamp",
]
