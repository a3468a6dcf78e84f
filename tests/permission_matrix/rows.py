"""A row of the matrix's table (one method of one URL pattern), and what rows share: the
expectations of recurring audiences, the known failures (strict xfails), minimal bodies."""

import dataclasses
import datetime as dt
import io
import zipfile
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile

from .rules import (
    ADMIN,
    CHAIRS,
    HIDDEN,
    IN,
    PARTIES,
    POST_ONLY,
    SEATED,
    SEES,
    on_nomination,
    only,
    refused_by_role,
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


def slack_export(_):
    """An empty Slack workspace export: no one, no channel."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("users.json", "[]")
        archive.writestr("channels.json", "[]")
    return {"file": SimpleUploadedFile("slack.zip", buffer.getvalue(), content_type="application/zip")}


ADMIN_ONLY = only(ADMIN)
PANEL = only(ADMIN | SEATED)  # the panel pages: admins, chairs and the cycle's seated panelists
DECIDERS = only(ADMIN | CHAIRS)  # renewals and screening: admins and chairs
APPROVAL = only(ADMIN | CHAIRS | {"approver"})
# Reviews stay independent: the seated panel reads the ranking from deliberation on (the world's
# decided nomination); during review only the chair and admins follow it.
RANKING = only(lambda state: ADMIN | CHAIRS | (SEATED if state == "decided" else frozenset()))
SEE = on_nomination(lambda state: SEES[state])
PARTY = on_nomination(PARTIES)
# The panel reads and votes on what it sees; the deciding chair decides (issue 11, panel guide).
VOTERS = on_nomination({"panelist", "chair"})
DECIDER = on_nomination({"chair"})


def assignee(role, state):
    """Only the panelist assigned reads and writes their review; a conflict voids the assignment."""
    if role == "anonymous":
        return frozenset({"login"})
    return IN if role == "panelist" else HIDDEN


# The chair's acts on one nomination (a waiver, a reviewer by hand): holders who may not see it get 404.
CHAIR_ON_NOMINATION = refused_by_role({"admin", "chair"}, role_holders=ADMIN | CHAIRS)


def declarer(role, state):
    """A seated panelist (or an admin) declares a conflict with any submitted nomination of the
    cycle; a draft's existence is private, so naming one answers as an unknown id."""
    if state == "draft" and role in ADMIN | SEATED:
        return HIDDEN
    return PANEL(role, state)


def screener(role, state):
    return refused_by_role({"admin", "chair"}, role_holders=ADMIN | CHAIRS)(role, state)


def panel_reader(role, state):
    """The scorecard (API.md: chair, admins, assigned panelists): panel roles who see it."""
    return refused_by_role({"admin", "chair", "panelist"}, role_holders=ADMIN | SEATED)(role, state)
