"""Who may see what, written from issue 11, docs/panel-guide.md and API.md — not read from the code:
this is the oracle the application is held to. The expectation helpers turn it into the answer a
role should get in a nomination state: let in (`in`), sent to sign in (`login`), refused (`403`),
hidden (`404`), or a method the address does not answer (`405`)."""

from .world import ROLES, STATES

IN = frozenset({"in"})
LOGIN = frozenset({"login"})
DENIED = frozenset({"403"})
HIDDEN = frozenset({"404"})
# A role the operation is not for at all: refused or hidden, both keep it out and reveal nothing.
KEPT_OUT = frozenset({"403", "404"})
NO_METHOD = frozenset({"405"})

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
PARTIES = frozenset({"nominator", "nominee"})
INVITED = frozenset({"endorser", "invited"})  # both opened an invitation; the endorser endorsed
CHAIRS = frozenset({"chair", "conflicted_chair"})
SEATED = frozenset({"panelist", "conflicted_panelist", "chair", "conflicted_chair"})  # in every cycle
ADMIN = frozenset({"admin"})

# Who may see the world's nomination in each state (issue 11 item 1, the panel guide): a draft only
# its nominator, nominee, invited endorsers and admins; from submission the chair; the assigned
# panelist in review; every panelist from deliberation and the approver once it is decided; a
# conflict hides it from every panel role. A withdrawn nomination (withdrawn after submission)
# stays with its parties, admins and the chair who screens.
SEES = {
    "draft": PARTIES | INVITED | ADMIN,
    "submitted": PARTIES | INVITED | ADMIN | {"chair"},
    "in_review": PARTIES | INVITED | ADMIN | {"chair", "panelist"},
    "decided": PARTIES | INVITED | ADMIN | {"chair", "panelist", "approver"},
    "withdrawn": PARTIES | INVITED | ADMIN | {"chair"},
}
ANY_STATE = frozenset().union(*SEES.values())

# Who may read each private field of the world (a marker planted in it). Per state where the field
# belongs to the state's nomination; "-" for the world's other private fields.
AUDIENCE = {
    # The statement and the evidence: whoever sees the nomination.
    "STATEMENT": SEES,
    "EVIDENCE": SEES,
    # Conflicts and their reasons: admins and the chair, never a chair conflicted with that
    # nomination (item 3), never the panelists (the panel guide).
    "CONFLICT-P": dict.fromkeys(STATES, ADMIN | {"chair"}),
    "CONFLICT-C": dict.fromkeys(STATES, ADMIN | {"chair"}),
    "WAIVER": dict.fromkeys(STATES, ADMIN | {"chair"}),
    # A review: its author, admins and the chair; the other panelists from deliberation on, when
    # the panel discusses them (independent reviews before).
    "REVIEW-P": dict.fromkeys(STATES, ADMIN | {"chair", "panelist"}),
    "REVIEW-B": {
        **dict.fromkeys(STATES, ADMIN | {"chair"}),
        "decided": ADMIN | {"chair", "panelist"},
    },
    # The chair's rationale stays with the panel and the approver who signs the list off.
    "RATIONALE": dict.fromkeys(STATES, ADMIN | {"chair", "panelist", "approver"}),
    # The nominee's e-mail address: the nominee and admins.
    "EMAIL": {"-": ADMIN | {"nominee"}},
    # A contributor's private fields (nobody's profile): admins.
    "PRIVATE": {"-": ADMIN},
    # The member's renewal statement: the member and those who decide renewals (chairs, admins).
    "RENEWAL": {"-": ADMIN | CHAIRS | {"member"}},
}


def _roles(spec, state):
    return spec(state) if callable(spec) else spec


def anyone(answer=IN):
    return lambda role, state: answer


def signed_in(answer=IN, *, anonymous=LOGIN):
    return lambda role, state: anonymous if role == "anonymous" else answer


def only(ok, *, others=DENIED, anonymous=LOGIN):
    """`ok` (roles, or state -> roles) let in; anonymous sent to sign in; everyone else `others`."""

    def expect(role, state):
        if role == "anonymous":
            return anonymous
        return IN if role in _roles(ok, state) else others

    return expect


def on_nomination(ok, *, others=DENIED, anonymous=LOGIN):
    """An operation on the state's nomination: 404 for whoever may not see it, as for no such id;
    `ok` let in; the others who see it `others`."""

    def expect(role, state):
        if role == "anonymous":
            return anonymous
        if role not in SEES[state]:
            return HIDDEN
        return IN if role in _roles(ok, state) else others

    return expect


# The GET of a page that answers POST only (behind the sign-in).
POST_ONLY = signed_in(NO_METHOD)


def refused_by_role(ok, *, role_holders, anonymous=LOGIN):
    """A panel operation on the state's nomination: roles that never hold it are kept out (403 or
    404: a role check before the object reveals nothing); a holder who may not see the nomination
    gets 404; `ok` let in; other holders 403."""

    def expect(role, state):
        if role == "anonymous":
            return anonymous
        if role not in _roles(role_holders, state):
            return KEPT_OUT
        if role not in SEES[state]:
            return HIDDEN
        return IN if role in _roles(ok, state) else DENIED

    return expect
