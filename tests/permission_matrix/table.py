"""The matrix's table: for every URL pattern (pages with GET and POST, the API with each method its
schema lists) who gets through, by role and nomination state (rules.py), and the minimal body an
unsafe call sends so that the permission check, not the input check, decides. A new URL pattern
or API operation fails tests/test_permission_matrix.py until it has a row here.

Bodies are functions of the values the walker fills paths with (`walker.values`)."""

import dataclasses
import datetime as dt
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile

from .rules import (
    ADMIN,
    CHAIRS,
    DENIED,
    HIDDEN,
    IN,
    KEPT_OUT,
    NO_METHOD,
    PARTIES,
    POST_ONLY,
    SEATED,
    SEES,
    anyone,
    on_nomination,
    only,
    refused_by_role,
    signed_in,
)

FOUND = "issue 11 item {}, found by the matrix: {}"


@dataclasses.dataclass(frozen=True)
class Row:
    method: str
    route: str
    expect: Callable  # (role, state) -> the answers that are right
    body: Callable | None = None  # values -> body
    multipart: bool = False
    # {(role, state or "*"): reason}: a known failure, pytest.mark.xfail(strict=True)
    xfail: dict = dataclasses.field(default_factory=dict)
    # "one": the answer does not depend on the state (admin settings, 405s), one state is enough
    states: str = "all"
    # {path segment: the value to fill its parameter with instead}
    params: dict = dataclasses.field(default_factory=dict)
    # the roles that call it, where the answer cannot depend on the caller
    roles: tuple | None = None

    @property
    def key(self):
        return (self.method, self.route)


def page(route, get, post=None, *, body=None, xfail=None, post_xfail=None, states="all", post_states=None):
    """A page's GET and POST rows; `post` defaults to `get` (the page answers both alike), and
    `post_xfail` to `xfail`. The GET of a page that answers POST only is a 405 in any state; a page
    that answers a POST as its GET needs that checked in one state only (`post_states="one"`)."""
    post_only = get is POST_ONLY
    return [
        Row("GET", route, get, xfail={} if post_only else xfail or {}, states="one" if post_only else states),
        Row(
            "POST",
            route,
            post or get,
            body=body,
            xfail=(xfail or {}) if post_xfail is None else post_xfail,
            states=post_states or states,
        ),
    ]


def day(days_ago=3):
    return (dt.date.today() - dt.timedelta(days=days_ago)).isoformat()


def csv_file(_):
    return {"file": SimpleUploadedFile("empty.csv", b"contributor,kind,date,title,url,quantity,major\n")}


ADMIN_ONLY = only(ADMIN)
PANEL = only(ADMIN | SEATED)  # the panel pages: admins, chairs and the cycle's seated panelists
DECIDERS = only(ADMIN | CHAIRS)  # renewals and screening: admins and chairs
APPROVAL = only(ADMIN | CHAIRS | {"approver"})
SEE = on_nomination(lambda state: SEES[state])
PARTY = on_nomination(PARTIES)
# The panel reads and votes on what it sees; the deciding chair decides (issue 11, panel guide).
VOTERS = on_nomination({"panelist", "chair"})
DECIDER = on_nomination({"chair"})

# Known failures, reported to the lead; each mark goes when its fix lands (strict: a fixed case fails).
CONSENT_403 = {
    (role, state): FOUND.format(1, "consent answers 403, not 404, to whoever may not see the nomination")
    for state in SEES
    for role in ("member", "panelist", "conflicted_panelist", "chair", "conflicted_chair", "approver")
    if role not in SEES[state]
}
FINAL_LIST_RATIONALE = {
    ("conflicted_chair", "decided"): FOUND.format(
        3, "the final list shows a conflicted chair the rationale of the nomination hidden from them"
    )
}
REVIEWS_IN_REVIEW = {
    ("panelist", "in_review"): FOUND.format(
        2, "in the review phase the board shows an assigned panelist the other reviewers' comments"
    )
}


def assignee(role, state):
    """Only the panelist assigned reads and writes their review; a conflict voids the assignment."""
    if role == "anonymous":
        return frozenset({"login"})
    return IN if role == "panelist" else HIDDEN


# The chair's acts on one nomination (a waiver, a reviewer by hand): holders who may not see it get 404.
CHAIR_ON_NOMINATION = refused_by_role({"admin", "chair"}, role_holders=ADMIN | CHAIRS)
WAIVES_UNSEEN = {
    (role, "draft"): FOUND.format(3, "a chair waives a conflict on a draft, which no chair may see")
    for role in CHAIRS
}
ASSIGNS_UNSEEN = {
    **{
        (role, "draft"): FOUND.format(
            3, "by-hand assignment of a draft tells a chair its state (400), not 404"
        )
        for role in CHAIRS
    },
    **{
        ("conflicted_chair", state): FOUND.format(
            3, "by-hand assignment lets a conflicted chair act on (or learn the state of) the nomination"
        )
        for state in ("submitted", "in_review", "decided", "withdrawn")
    },
}


def screener(role, state):
    return refused_by_role({"admin", "chair"}, role_holders=ADMIN | CHAIRS)(role, state)


def panel_reader(role, state):
    """The scorecard (API.md: chair, admins, assigned panelists): panel roles who see it."""
    return refused_by_role({"admin", "chair", "panelist"}, role_holders=ADMIN | SEATED)(role, state)


ROWS = [
    # --- web: home, sign-in ------------------------------------------------------------------
    *page("", anyone()),
    *page("favicon.ico", anyone()),
    *page("accounts/sign-in/", anyone()),
    Row("GET", "accounts/sign-out/", anyone(NO_METHOD)),
    Row("POST", "accounts/sign-out/", anyone()),
    # --- program and cycles ------------------------------------------------------------------
    *page("program/", anyone()),
    *page("cycles/", anyone()),
    *page("cycles/new/", ADMIN_ONLY),
    *page("cycles/<slug:slug>/", anyone(), states="one"),
    *page("cycles/<slug:slug>/edit/", ADMIN_ONLY, states="one"),
    *page("cycles/<slug:slug>/targets/", POST_ONLY, ADMIN_ONLY, states="one"),
    *page("cycles/<slug:slug>/phase/", POST_ONLY, ADMIN_ONLY, states="one"),
    # --- people ----------------------------------------------------------------------------------
    *page("people/", ADMIN_ONLY),
    *page("people/new/", ADMIN_ONLY),
    *page("people/<int:contributor_id>/edit/", ADMIN_ONLY),  # nobody's profile: admins only
    *page("people/me/", signed_in()),
    *page("accounts/sign-up/", anyone()),
    *page("people/accounts/", ADMIN_ONLY),
    *page("people/accounts/new/", ADMIN_ONLY),
    *page("people/accounts/<int:user_id>/roles/", POST_ONLY, ADMIN_ONLY),
    # --- nominations -----------------------------------------------------------------------------
    *page("nominations/", signed_in()),
    *page("nominations/new/", signed_in()),
    *page("nominations/<int:nomination_id>/", SEE, post_states="one"),
    *page("nominations/<int:nomination_id>/edit/", PARTY),
    *page(
        "nominations/<int:nomination_id>/evidence/",
        POST_ONLY,
        PARTY,
        body=lambda v: {
            "kind": "pull_request",
            "date": day(),
            "title": "More",
            "url": "https://github.com/openedx/edx-platform/pull/2",
        },
    ),
    *page("nominations/<int:nomination_id>/evidence/<int:evidence_id>/remove/", POST_ONLY, PARTY),
    # The nominee's page (or whoever holds the e-mailed link); a hidden nomination is hidden here too.
    *page(
        "nominations/<int:nomination_id>/consent/",
        on_nomination({"nominee"}),
        xfail=CONSENT_403,
    ),
    # Endorsing needs the right to see and never grants it; the parties never endorse.
    *page(
        "nominations/<int:nomination_id>/endorse/",
        POST_ONLY,
        on_nomination(lambda state: SEES[state] - PARTIES),
        body=lambda v: {"relationship": "Colleague", "statement": "Yes."},
    ),
    *page(
        "nominations/<int:nomination_id>/endorsement-requests/",
        POST_ONLY,
        PARTY,
        body=lambda v: {"emails": "someone.new@example.org"},
    ),
    *page("nominations/<int:nomination_id>/submit/", POST_ONLY, on_nomination({"nominator"})),
    *page("nominations/<int:nomination_id>/withdraw/", POST_ONLY, PARTY),
    *page("nominations/<int:nomination_id>/screening/", POST_ONLY, on_nomination({"admin", "chair"})),
    *page("cycles/<slug:slug>/screening/", DECIDERS, post_states="one"),
    # --- contributions -----------------------------------------------------------------------------
    *page("contributions/", signed_in()),
    *page("contributions/progress/", signed_in()),
    *page("contributions/imports/", ADMIN_ONLY),
    *page("contributions/verify/", ADMIN_ONLY, body=lambda v: {"contribution": v["contribution"]}),
    *page("contributions/imports/<int:run_id>/status/", ADMIN_ONLY),
    # --- review panel ------------------------------------------------------------------------------
    *page(
        "cycles/<slug:slug>/panel/",
        PANEL,
        body=lambda v: {"conflict": "1", "nomination": v["nomination"], "reason": "Declared again."},
    ),
    *page("cycles/<slug:slug>/panel/seats/<int:seat_id>/remove/", POST_ONLY, ADMIN_ONLY, states="one"),
    *page(
        "cycles/<slug:slug>/panel/waivers/",
        POST_ONLY,
        CHAIR_ON_NOMINATION,
        body=lambda v: {
            "nomination": v["nomination"],
            "panelist": v["reviewer"],
            "source": "organization",
            "reason": "Harmless.",
        },
        xfail=WAIVES_UNSEEN,
    ),
    *page("cycles/<slug:slug>/panel/assign/", POST_ONLY, only(ADMIN | CHAIRS), states="one"),
    *page(
        "cycles/<slug:slug>/panel/assign-by-hand/",
        POST_ONLY,
        CHAIR_ON_NOMINATION,
        body=lambda v: {"nomination": v["nomination"], "panelist": v["reviewer"]},
        xfail=ASSIGNS_UNSEEN,
    ),
    *page(
        "cycles/<slug:slug>/panel/waivers/<int:waiver_id>/withdraw/",
        POST_ONLY,
        CHAIR_ON_NOMINATION,
        body=lambda v: {"reason": "It matters after all."},
    ),
    *page("cycles/<slug:slug>/panel/voided/<int:assignment_id>/reassign/", POST_ONLY, CHAIR_ON_NOMINATION),
    *page("cycles/<slug:slug>/ranking/", PANEL, post_states="one"),
    *page(
        "cycles/<slug:slug>/deliberation/", PANEL, xfail=REVIEWS_IN_REVIEW, post_states="one", post_xfail={}
    ),
    *page("cycles/<slug:slug>/deliberation/tallies/", PANEL, post_states="one"),
    *page(
        "cycles/<slug:slug>/deliberation/<int:nomination_id>/vote/",
        POST_ONLY,
        VOTERS,
        body=lambda v: {"vote": "select"},
    ),
    *page(
        "cycles/<slug:slug>/deliberation/<int:nomination_id>/decision/",
        POST_ONLY,
        DECIDER,
        body=lambda v: {"outcome": "selected", "rationale": "Because.", "feedback": ""},
    ),
    *page("review/", signed_in()),
    *page(
        "review/<int:assignment_id>/",
        assignee,
        body=lambda v: {"recommendation": "yes", "comment": "Again."},
    ),
    # --- cohorts: approval and announcement ----------------------------------------------------------
    *page(
        "cycles/<slug:slug>/approval/",
        APPROVAL,
        only({"approver"}),
        body=lambda v: {"decision": "sign_off", "note": ""},
        xfail=FINAL_LIST_RATIONALE,
        post_xfail={},
    ),
    *page(
        "cycles/<slug:slug>/announcement/", anyone(HIDDEN), states="one"
    ),  # no cycle of the world is announced
    *page("announcements.atom", anyone()),
    # --- memberships and the directory -------------------------------------------------------------
    *page("directory/", anyone()),
    *page("directory/<int:contributor_id>/", anyone()),
    *page("memberships/", ADMIN_ONLY),
    *page("memberships/mine/", signed_in()),
    *page(
        "memberships/<int:membership_id>/renewal/",
        POST_ONLY,
        only({"member"}),
        body=lambda v: {"statement": "Still contributing."},
    ),
    *page("renewals/", DECIDERS),
    *page(
        "renewals/<int:renewal_id>/",
        only(ADMIN | CHAIRS | {"member"}, others=HIDDEN),
        lambda role, state: DENIED if role == "member" else only(ADMIN | CHAIRS, others=HIDDEN)(role, state),
    ),
    # --- credentials (public documents) --------------------------------------------------------------
    *page("credentials/issuer/", anyone(), anyone(NO_METHOD)),
    *page("credentials/issuer/image.svg", anyone(), anyone(NO_METHOD)),
    *page("credentials/achievements/<slug:track_code>/", anyone(), anyone(NO_METHOD)),
    *page("credentials/achievements/<slug:track_code>/image.svg", anyone(), anyone(NO_METHOD)),
    *page("credentials/status/<int:status_list_id>/", anyone(), anyone(NO_METHOD)),
    *page("credentials/verify/", anyone()),
    *page("credentials/<uuid:uuid>/", anyone(), anyone(NO_METHOD)),
    *page("credentials/<uuid:uuid>/badge.svg", anyone(), anyone(NO_METHOD)),
    *page("credentials/<uuid:uuid>/download/", anyone(), anyone(NO_METHOD)),
    # --- audit ---------------------------------------------------------------------------------------
    *page("audit/", ADMIN_ONLY),
    # --- the schema and its browser: public ----------------------------------------------------------
    # The same document for every caller (and generating it is slow): two roles are enough.
    Row("GET", "api/schema/", anyone(), roles=("anonymous", "member")),
    Row("GET", "api/docs/", anyone(), roles=("anonymous", "member")),
    # === REST API ======================================================================================
    Row("POST", "api/v1/auth/token/", anyone()),
    Row("POST", "api/v1/users/", ADMIN_ONLY, body=lambda v: {}),
    Row("GET", "api/v1/contributors/", signed_in()),
    # Everyone in the world has a profile but the admin: only the admin creates one.
    Row("POST", "api/v1/contributors/", only(ADMIN), body=lambda v: {"kind": "person", "name": "New Person"}),
    Row("GET", "api/v1/contributors/<int:pk>/", anyone()),
    Row("PATCH", "api/v1/contributors/<int:pk>/", ADMIN_ONLY, body=lambda v: {"bio": "Edited."}),
    Row("GET", "api/v1/program/", anyone()),
    Row("GET", "api/v1/cycles/", anyone()),
    Row("POST", "api/v1/cycles/", ADMIN_ONLY, body=lambda v: {}),
    Row("GET", "api/v1/cycles/<slug:slug>/", anyone(), states="one"),
    Row("PATCH", "api/v1/cycles/<slug:slug>/", ADMIN_ONLY, body=lambda v: {}, states="one"),
    Row("GET", "api/v1/cycles/<slug:slug>/targets/", anyone(), states="one"),
    Row("PATCH", "api/v1/cycles/<slug:slug>/targets/", ADMIN_ONLY, body=lambda v: {}, states="one"),
    Row("POST", "api/v1/cycles/<slug:slug>/phase/", ADMIN_ONLY, body=lambda v: {}, states="one"),
    Row("GET", "api/v1/audit/", ADMIN_ONLY),
    Row("GET", "api/v1/nominations/", signed_in()),
    Row("POST", "api/v1/nominations/", signed_in(), body=lambda v: {}),
    Row("GET", "api/v1/nominations/<int:pk>/", SEE),
    Row("PATCH", "api/v1/nominations/<int:pk>/", PARTY, body=lambda v: {}),
    Row(
        "POST",
        "api/v1/nominations/<int:pk>/evidence/",
        PARTY,
        body=lambda v: {
            "kind": "pull_request",
            "date": day(),
            "title": "More",
            "url": "https://github.com/openedx/edx-platform/pull/2",
        },
    ),
    Row("DELETE", "api/v1/nominations/<int:pk>/evidence/<int:evidence_id>/", PARTY),
    Row(
        "POST",
        "api/v1/nominations/<int:pk>/consent/",
        on_nomination({"nominee"}),
        body=lambda v: {"consent": True},
        xfail=CONSENT_403,
    ),
    Row(
        "POST",
        "api/v1/nominations/<int:pk>/endorsement-requests/",
        PARTY,
        body=lambda v: {"emails": ["someone.new@example.org"]},
    ),
    Row("GET", "api/v1/nominations/<int:pk>/endorsements/", SEE),
    Row(
        "POST",
        "api/v1/nominations/<int:pk>/endorsements/",
        on_nomination(lambda state: SEES[state] - PARTIES),
        body=lambda v: {"relationship": "Colleague", "statement": "Yes."},
    ),
    # Anyone signed in may open an invitation link, once, for their own account.
    Row(
        "POST",
        "api/v1/nominations/<int:pk>/invitation/",
        only({"invited"}, others=KEPT_OUT),
        body=lambda v: {"token": v["token"]},
    ),
    Row("POST", "api/v1/nominations/<int:pk>/submit/", on_nomination({"nominator"})),
    Row("POST", "api/v1/nominations/<int:pk>/withdraw/", PARTY),
    Row("GET", "api/v1/nominations/<int:pk>/eligibility/", screener),
    Row("GET", "api/v1/nominations/<int:pk>/scorecard/", panel_reader),
    Row("POST", "api/v1/nominations/<int:pk>/screening/", screener, body=lambda v: {}),
    Row("GET", "api/v1/contributions/", signed_in()),
    Row(
        "POST",
        "api/v1/contributions/",
        only(ADMIN | {"member"}),
        body=lambda v: {
            "contributor": v["member_contributor"],
            "kind": "talk",
            "date": day(),
            "title": "A talk",
        },
    ),
    Row("POST", "api/v1/contributions/import/", ADMIN_ONLY, body=csv_file, multipart=True),
    Row("POST", "api/v1/contributions/<int:pk>/verify/", ADMIN_ONLY),
    Row("GET", "api/v1/contributions/import/<int:pk>/", ADMIN_ONLY),
    Row("POST", "api/v1/contributions/import/<int:pk>/resume/", ADMIN_ONLY),
    Row("GET", "api/v1/cycles/<slug:slug>/panel/", PANEL),
    Row("POST", "api/v1/cycles/<slug:slug>/panel/seats/", ADMIN_ONLY, body=lambda v: {}, states="one"),
    Row("DELETE", "api/v1/cycles/<slug:slug>/panel/seats/<int:seat_id>/", ADMIN_ONLY, states="one"),
    Row("GET", "api/v1/cycles/<slug:slug>/conflicts/", only(ADMIN | CHAIRS)),
    Row(
        "POST",
        "api/v1/cycles/<slug:slug>/conflicts/",
        only(ADMIN | SEATED),
        body=lambda v: {"nomination": v["nomination"], "reason": "Declared again."},
    ),
    Row(
        "POST",
        "api/v1/cycles/<slug:slug>/conflicts/waivers/",
        CHAIR_ON_NOMINATION,
        body=lambda v: {
            "nomination": v["nomination"],
            "panelist": v["reviewer"],
            "source": "organization",
            "reason": "Harmless.",
        },
        xfail=WAIVES_UNSEEN,
    ),
    Row(
        "POST",
        "api/v1/cycles/<slug:slug>/assignments/",
        only(ADMIN | CHAIRS),
        body=lambda v: {},
        states="one",
    ),
    Row(
        "POST",
        "api/v1/cycles/<slug:slug>/conflicts/waivers/<int:waiver_id>/withdraw/",
        CHAIR_ON_NOMINATION,
        body=lambda v: {"reason": "It matters after all."},
    ),
    Row("GET", "api/v1/cycles/<slug:slug>/assignments/voided/", only(ADMIN | CHAIRS)),
    Row(
        "POST",
        "api/v1/assignments/<int:assignment_id>/reassign/",
        CHAIR_ON_NOMINATION,
        params={"assignments": "voided"},
    ),
    Row(
        "POST",
        "api/v1/cycles/<slug:slug>/assignments/by-hand/",
        CHAIR_ON_NOMINATION,
        body=lambda v: {"nomination": v["nomination"], "panelist": v["reviewer"]},
        xfail=ASSIGNS_UNSEEN,
    ),
    Row("GET", "api/v1/cycles/<slug:slug>/ranking/", PANEL),
    Row("GET", "api/v1/cycles/<slug:slug>/deliberation/", PANEL),
    Row("POST", "api/v1/nominations/<int:pk>/votes/", VOTERS, body=lambda v: {"vote": "select"}),
    Row(
        "POST",
        "api/v1/nominations/<int:pk>/decision/",
        DECIDER,
        body=lambda v: {"outcome": "selected", "rationale": "Because."},
    ),
    Row("GET", "api/v1/assignments/", signed_in()),
    Row(
        "POST",
        "api/v1/assignments/<int:assignment_id>/review/",
        assignee,
        body=lambda v: {"recommendation": "yes"},
    ),
    Row("GET", "api/v1/directory/", anyone()),
    Row("GET", "api/v1/memberships/", signed_in()),
    Row("POST", "api/v1/memberships/", ADMIN_ONLY, body=lambda v: {}),
    Row("GET", "api/v1/memberships/<int:pk>/", anyone()),
    Row("POST", "api/v1/memberships/<int:pk>/revoke/", ADMIN_ONLY, body=lambda v: {}),
    Row("POST", "api/v1/memberships/<int:pk>/lifetime/", ADMIN_ONLY, body=lambda v: {}),
    Row(
        "POST",
        "api/v1/memberships/<int:pk>/renewal/",
        only({"member"}),
        body=lambda v: {"statement": "Still contributing."},
    ),
    Row("POST", "api/v1/memberships/import/", ADMIN_ONLY, body=csv_file, multipart=True),
    Row("GET", "api/v1/renewals/", DECIDERS),
    Row("GET", "api/v1/renewals/<int:pk>/", only(ADMIN | CHAIRS | {"member"}, others=HIDDEN)),
    Row(
        "POST",
        "api/v1/renewals/<int:pk>/decision/",
        DECIDERS,
        body=lambda v: {"renew": True, "reason": "Still contributing."},
    ),
    Row("GET", "api/v1/memberships/<int:pk>/credential/", anyone()),
    Row("POST", "api/v1/credentials/verify/", anyone(), body=lambda v: {}),
    Row("GET", "api/v1/cycles/<slug:slug>/approval/", APPROVAL, xfail=FINAL_LIST_RATIONALE),
    Row(
        "POST",
        "api/v1/cycles/<slug:slug>/approval/",
        only({"approver"}),
        body=lambda v: {"approve": True},
        states="one",
    ),
    Row(
        "POST",
        "api/v1/cycles/<slug:slug>/approval/submit/",
        only(ADMIN | CHAIRS),
        body=lambda v: {},
        xfail=FINAL_LIST_RATIONALE,
    ),
    Row("POST", "api/v1/cycles/<slug:slug>/announce/", ADMIN_ONLY, body=lambda v: {}, states="one"),
    Row("POST", "api/v1/cycles/<slug:slug>/announce-recorded/", ADMIN_ONLY, body=lambda v: {}, states="one"),
    Row("GET", "api/v1/cycles/<slug:slug>/announcement/", anyone(HIDDEN), states="one"),
]

TABLE = {row.key: row for row in ROWS}
assert len(TABLE) == len(ROWS), "a (method, route) is in the table twice"
