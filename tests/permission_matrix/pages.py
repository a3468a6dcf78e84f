"""The table's rows for the pages: every page answers GET and POST (a page that answers POST only
is a 405 to a GET). See table.py."""

from .rows import (
    ADMIN_ONLY,
    APPROVAL,
    CHAIR_ON_NOMINATION,
    DECIDER,
    DECIDERS,
    PANEL,
    PARTY,
    RANKING,
    SEE,
    VOTERS,
    Row,
    assignee,
    day,
    page,
    screener,
)
from .rules import (
    ADMIN,
    CHAIRS,
    DENIED,
    HIDDEN,
    NO_METHOD,
    PARTIES,
    POST_ONLY,
    SEES,
    anyone,
    on_nomination,
    only,
    signed_in,
)


def _not_announced(role, state):
    """Program admins may act on an announcement, but no cycle of the world is announced: 404 to them."""
    return HIDDEN if role in ADMIN else ADMIN_ONLY(role, state)


PAGES = [
    # --- web: home, sign-in ------------------------------------------------------------------
    *page("", anyone()),
    *page("favicon.ico", anyone()),
    *page("accounts/sign-in/", anyone()),
    Row("GET", "accounts/sign-out/", anyone(NO_METHOD)),
    Row("POST", "accounts/sign-out/", anyone()),
    # The footer's language switch: anyone (a cookie; a signed-in person's account too).
    Row("GET", "language/", anyone(NO_METHOD), states="one"),
    Row("POST", "language/", anyone(), body=lambda v: {"language": "fr", "next": "/"}, states="one"),
    # "Sign in with Open edX": the world has no LMS configured, so both are 404 to everyone
    # (tests/openedx and tests/browser/test_open_edx_sign_in.py drive them with the stand-in LMS).
    *page("accounts/login/<str:backend>/", anyone(HIDDEN), states="one"),
    *page("accounts/complete/<str:backend>/", anyone(HIDDEN), states="one"),
    # --- program and cycles ------------------------------------------------------------------
    *page("program/", anyone()),
    *page("cycles/", anyone()),
    *page("cycles/new/", ADMIN_ONLY),
    *page("cycles/<slug:slug>/", anyone(), states="one"),
    *page("cycles/<slug:slug>/edit/", ADMIN_ONLY, states="one"),
    *page("cycles/<slug:slug>/targets/", POST_ONLY, ADMIN_ONLY, states="one"),
    *page("cycles/<slug:slug>/phase/", POST_ONLY, ADMIN_ONLY, states="one"),
    # The program in figures: the dashboard for admins, chairs and the approver; the impact page public.
    *page("program/dashboard/", APPROVAL, states="one"),
    *page("program/impact/", anyone(), states="one"),
    # --- people ----------------------------------------------------------------------------------
    *page("people/", ADMIN_ONLY),
    *page("people/export.csv", ADMIN_ONLY, signed_in(NO_METHOD)),
    *page("people/export.xlsx", ADMIN_ONLY, signed_in(NO_METHOD)),
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
    # Its downloads (from My nominations and the screening page): what each may list; scores for the
    # chair and admins. A download is read, never posted.
    *page("nominations/export.csv", signed_in(), signed_in(NO_METHOD)),
    *page("nominations/export.xlsx", signed_in(), signed_in(NO_METHOD)),
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
    # Deciding in the screening list: a role check first, then the nomination as the screener sees it.
    Row(
        "GET",
        "cycles/<slug:slug>/screening/<int:nomination_id>/decide/",
        POST_ONLY,
        states="one",
        params={"screening": "nominations"},
    ),
    Row(
        "POST",
        "cycles/<slug:slug>/screening/<int:nomination_id>/decide/",
        screener,
        body=lambda v: {"decision": "eligible"},
        params={"screening": "nominations"},
    ),
    # --- contributions -----------------------------------------------------------------------------
    *page("contributions/", signed_in()),
    *page("contributions/progress/", signed_in()),
    *page("contributions/imports/", ADMIN_ONLY),
    *page("contributions/verify/", ADMIN_ONLY, body=lambda v: {"contribution": v["contribution"]}),
    # Confirming one contribution: admins, and the screeners of a nomination it lies behind (the
    # world's contribution is a member's, behind no nomination: admins only).
    *page("contributions/<int:pk>/verify/", POST_ONLY, ADMIN_ONLY, states="one"),
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
    ),
    *page("cycles/<slug:slug>/panel/assign/", POST_ONLY, only(ADMIN | CHAIRS), states="one"),
    # Copying an earlier cycle's panel seats people: program admins (issue 13).
    *page("cycles/<slug:slug>/panel/copy/", POST_ONLY, ADMIN_ONLY, states="one"),
    # Who reviews what: whoever runs the panel; a conflict hides its nomination's row (issue 13).
    *page("cycles/<slug:slug>/panel/reviewers/", only(ADMIN | CHAIRS), post_states="one"),
    # Its download, with the reviews' scores, and the conflicts' (issue 14): a conflict hides rows.
    *page(
        "cycles/<slug:slug>/panel/reviewers/export.csv",
        only(ADMIN | CHAIRS),
        signed_in(NO_METHOD),
        post_states="one",
    ),
    *page(
        "cycles/<slug:slug>/panel/reviewers/export.xlsx",
        only(ADMIN | CHAIRS),
        signed_in(NO_METHOD),
        post_states="one",
    ),
    *page(
        "cycles/<slug:slug>/panel/conflicts/export.csv",
        only(ADMIN | CHAIRS),
        signed_in(NO_METHOD),
        post_states="one",
    ),
    *page(
        "cycles/<slug:slug>/panel/conflicts/export.xlsx",
        only(ADMIN | CHAIRS),
        signed_in(NO_METHOD),
        post_states="one",
    ),
    *page(
        "cycles/<slug:slug>/panel/waivers/<int:waiver_id>/withdraw/",
        POST_ONLY,
        CHAIR_ON_NOMINATION,
        body=lambda v: {"reason": "It matters after all."},
    ),
    *page("cycles/<slug:slug>/panel/voided/<int:assignment_id>/reassign/", POST_ONLY, CHAIR_ON_NOMINATION),
    # The ranking only reads: a POST is refused (405) to whoever is signed in.
    *page("cycles/<slug:slug>/ranking/", RANKING, signed_in(NO_METHOD), post_states="one"),
    # The whole ranking as a download (issue 15): the chair and admins, a conflict hiding rows.
    *page(
        "cycles/<slug:slug>/ranking/export.csv",
        only(ADMIN | CHAIRS),
        signed_in(NO_METHOD),
        post_states="one",
    ),
    *page(
        "cycles/<slug:slug>/ranking/export.xlsx",
        only(ADMIN | CHAIRS),
        signed_in(NO_METHOD),
        post_states="one",
    ),
    *page("cycles/<slug:slug>/deliberation/", PANEL, post_states="one"),
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
        post_xfail={},
    ),
    *page(
        "cycles/<slug:slug>/announcement/", anyone(HIDDEN), states="one"
    ),  # no cycle of the world is announced
    # Its language, chosen by program admins: 404 to them here, as no cycle of the world is announced.
    *page("cycles/<slug:slug>/announcement/language/", POST_ONLY, _not_announced, states="one"),
    *page("announcements.atom", anyone()),
    # --- memberships and the directory -------------------------------------------------------------
    *page("directory/", anyone()),
    *page("directory/<int:contributor_id>/", anyone()),
    *page("memberships/", ADMIN_ONLY),
    *page("memberships/mine/", signed_in()),
    # The list's downloads: as the list (a download is read, never posted).
    *page("memberships/export.csv", ADMIN_ONLY, signed_in(NO_METHOD)),
    *page("memberships/export.xlsx", ADMIN_ONLY, signed_in(NO_METHOD)),
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
    *page("credentials/<uuid:uuid>/badge.png", anyone(), anyone(NO_METHOD)),
    *page("credentials/<uuid:uuid>/download/", anyone(), anyone(NO_METHOD)),
    # --- the program's e-mails: program admins read and rewrite them ---------------------------
    *page("emails/", ADMIN_ONLY),
    *page(
        "emails/<str:name>/<str:language>/",
        ADMIN_ONLY,
        body=lambda v: {"subject": "Hi {nominee}", "body": "Hello."},
    ),
    *page(
        "emails/<str:name>/<str:language>/preview/",
        POST_ONLY,
        ADMIN_ONLY,
        body=lambda v: {"subject": "Hi", "body": "Hello."},
    ),
    *page("emails/<str:name>/<str:language>/reset/", POST_ONLY, ADMIN_ONLY),
    # --- audit ---------------------------------------------------------------------------------------
    *page("audit/", ADMIN_ONLY),
    *page("audit/export.csv", ADMIN_ONLY, signed_in(NO_METHOD)),
    *page("audit/export.xlsx", ADMIN_ONLY, signed_in(NO_METHOD)),
    # --- the schema and its browser: public ----------------------------------------------------------
    # The same document for every caller (and generating it is slow): two roles are enough.
    Row("GET", "api/schema/", anyone(), roles=("anonymous", "member")),
    Row("GET", "api/docs/", anyone(), roles=("anonymous", "member")),
]
