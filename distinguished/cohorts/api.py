"""Approval of a cycle's final list by Axim and its announcement: the cohort.

`deliberation → approval` (the chair submits the decided list) `→ signed off` (the approver) or
`→ deliberation` (sent back with a note); then an admin announces the signed-off cohort: the
memberships are created, every nominee hears the outcome, deferred nominations are carried to the
next cycle's screening, and the public announcement appears. Every step is one function: it checks
who acts and when, changes rows in one transaction, is audited and sends its e-mails when the
transaction commits.

The cycle's phase follows these steps: sign-off and send-back hold it (approval, deliberation)
whatever the dates say, so the panel's decisions can only change while the list is in
deliberation; the announcement releases it (announced).

The work is done in the modules named for it: `approval` (the steps from deliberation to sign-off),
`announcing` (a signed-off cohort announced), `outcomes` (each nominee and nominator told the
outcome; where a deferred nomination goes), `carrying` (the nightly carrying of deferred
nominations), `recorded_announcement` (an earlier cohort's announcement from its recorded terms),
`announcement_reading` (announcements as pages and the feed read them), `cycle_steps` (what the
steps share), `final_list`, `announcement`, `announcement_day` and `announcement_language`; this
module is their public face.
"""

from __future__ import annotations

from . import rules  # noqa: F401 - registers the cohorts.* permissions the steps ask
from .announcement_language import choose_announcement_language
from .announcement_reading import (
    announcement_of,
    announcement_text,
    announcements,
    memberships_of,
    recorded_terms,
)
from .announcing import announce_cycle
from .approval import (
    APPROVAL_VERBS,
    NOTE_MAX,
    approval_events,
    require_approver,
    send_back,
    sign_off_cycle,
    submit_for_approval,
)
from .carrying import carry_deferred, run_lifecycle
from .cycle_steps import AlreadyDone
from .final_list import OUTCOME, can_see_final_list, final_list, page_of, pages_of
from .recorded_announcement import announce_recorded_cohort

__all__ = [
    "APPROVAL_VERBS",
    "NOTE_MAX",
    "OUTCOME",
    "AlreadyDone",
    "announce_cycle",
    "announce_recorded_cohort",
    "announcement_of",
    "announcement_text",
    "announcements",
    "approval_events",
    "can_see_final_list",
    "carry_deferred",
    "choose_announcement_language",
    "final_list",
    "memberships_of",
    "page_of",
    "pages_of",
    "recorded_terms",
    "require_approver",
    "run_lifecycle",
    "send_back",
    "sign_off_cycle",
    "submit_for_approval",
]
