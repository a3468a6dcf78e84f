"""Contributions: recording them (recording.py) and the facts other apps ask of them (reading.py,
progress.py, and stats.py for the dashboard's figures).

The importers and the key-results engine build on these (see the contributions issue). CSV imports
run in the background: `queue_csv_import` stores the file, `tasks.import_csv` runs it
(`run_csv_import`), `csv_run_status` shows its progress, `resume_csv_import` goes on after a
failure and `mark_stale_runs` (periodic) fails the runs whose worker died (see csv_runs.py). Slack
exports run the same way (`queue_slack_import`, `tasks.import_slack`, `slack_run_status`,
`resume_slack_import`; see slack_runs.py)."""

from __future__ import annotations

from .csv_runs import (
    AlreadyResumed,
    csv_run_status,
    get_csv_run,
    import_csv,
    may_import,
    queue_csv_import,
    resume_csv_import,
    run_csv_import,
)
from .evidence import forget_evidence, record_evidence
from .importers.stale import mark_stale_runs
from .key_results import Scorecard, Window, add_months, nomination_window, scorecard, scorecards, term_window
from .models import Source
from .progress import progress_of
from .reading import (
    contribution_db_table,
    contribution_span,
    contribution_spans,
    contributions_for,
    verified_contributions_of,
)
from .recording import check_evidence, record_contribution
from .slack_runs import (
    ExportTooLarge,
    get_slack_run,
    queue_slack_import,
    resume_slack_import,
    run_slack_import,
    slack_run_status,
)
from .stats import contributions_between, contributions_stamp, key_results_over_terms
from .verification import may_verify, unverified_contributions, verify_contribution

__all__ = [
    "AlreadyResumed",
    "ExportTooLarge",
    "Scorecard",
    "Source",
    "Window",
    "add_months",
    "check_evidence",
    "contribution_db_table",
    "contribution_span",
    "contribution_spans",
    "contributions_between",
    "contributions_for",
    "contributions_stamp",
    "csv_run_status",
    "forget_evidence",
    "get_csv_run",
    "get_slack_run",
    "import_csv",
    "key_results_over_terms",
    "mark_stale_runs",
    "may_import",
    "may_verify",
    "nomination_window",
    "progress_of",
    "queue_csv_import",
    "queue_slack_import",
    "record_contribution",
    "record_evidence",
    "resume_csv_import",
    "resume_slack_import",
    "run_csv_import",
    "run_slack_import",
    "scorecard",
    "scorecards",
    "slack_run_status",
    "term_window",
    "unverified_contributions",
    "verified_contributions_of",
    "verify_contribution",
]
