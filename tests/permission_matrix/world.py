"""One world for the whole matrix, built once through the real api functions: the twelve roles,
and one cycle per nomination state that matters, each holding one nomination of the same nominee
by the same nominator, endorsed, conflicted, assigned, reviewed and decided as far as its state
goes. Private fields carry unique markers, so a leak is a substring of a response body."""

import dataclasses
import datetime as dt

from django.test import TestCase
from django.utils import timezone

from distinguished.contributions import api as contributions
from distinguished.credentials import api as credentials
from distinguished.membership import api as membership
from distinguished.nominations import api as nominations
from distinguished.program import api as program
from distinguished.review import api as review

from ..factories import (
    ContributorFactory,
    CycleFactory,
    ImportRunFactory,
    UserFactory,
    endorse_as_invited,
    invite_to_endorse,
)

ROLES = (
    "anonymous",
    "member",
    "nominator",
    "nominee",
    "endorser",
    "invited",
    "panelist",
    "conflicted_panelist",
    "chair",
    "conflicted_chair",
    "approver",
    "admin",
)
# The nomination states that matter, each in the cycle phase where it lives.
STATES = ("draft", "submitted", "in_review", "decided", "withdrawn")
PHASES = {
    "draft": "nominations_open",
    "submitted": "screening",
    "in_review": "review",
    "decided": "deliberation",
    "withdrawn": "nominations_open",
}
NOMINEE_EMAIL = "h4m-nominee-private@example.org"
PRIVATE_EMAIL = "h4m-nobody-private@example.org"
SCORES = {"core_platform": 4, "architecture": 3, "open_source_leadership": 5, "problem_solving": 4}


def marker(state: str, field: str) -> str:
    """A string found nowhere else: letters, digits and hyphens, so no page escapes it."""
    return f"H4M-{state}-{field}-X"


@dataclasses.dataclass
class StateWorld:
    state: str
    cycle: object
    nomination: object
    evidence_id: int
    seat_id: int  # the ordinary panelist's seat
    assignments: dict  # role -> assignment id, where that role was assigned
    waiver_id: int | None  # the chair waived the second reviewer's endorser conflict (from submission)
    markers: dict  # field -> marker planted in this world
    token: str  # the invited endorser's invitation link


@dataclasses.dataclass
class World:
    users: dict  # role -> User (no anonymous)
    states: dict  # state -> StateWorld
    member_contributor_id: int
    private_contributor_id: int  # nobody's profile, its e-mail private
    membership_id: int
    renewal_id: int
    credential_uuid: str
    status_list_id: int
    contribution_id: int
    import_run_id: int
    slack_run_id: int
    renewal_marker: str

    def markers(self):
        """[(state or "-", field, marker)] of every private field planted in the world."""
        found = [
            (state, field, text) for state, w in self.states.items() for field, text in w.markers.items()
        ]
        found += [("-", "EMAIL", NOMINEE_EMAIL), ("-", "PRIVATE", PRIVATE_EMAIL)]
        found += [("-", "RENEWAL", self.renewal_marker)]
        return found

    def values(self, state, role) -> dict:
        """What paths and bodies name, keyed by the path segment before each parameter: the state's
        nomination, cycle, evidence and seat; the caller's own assignment where they have one in
        that state (else the ordinary panelist's); the world's other objects."""
        values = {
            "memberships": self.membership_id,
            "renewals": self.renewal_id,
            "contributors": self.private_contributor_id,
            "people": self.private_contributor_id,
            "accounts": self.users["member"].pk,
            "contributions": self.contribution_id,
            "imports": self.import_run_id,
            "import": self.import_run_id,
            "slack": self.slack_run_id,
            "achievements": "engineer",
            "status": self.status_list_id,
            "credentials": self.credential_uuid,
            "directory": self.member_contributor_id,
            "login": "edx-oauth2",
            "complete": "edx-oauth2",
            "emails": "nomination_submitted",
            "language": "fr",
            # for bodies
            "member_contributor": self.member_contributor_id,
            "contribution": self.contribution_id,
            "reviewer": self.users["reviewer"].pk,
        }
        if state is not None:
            w = self.states[state]
            values.update(
                nominations=w.nomination.pk,
                deliberation=w.nomination.pk,
                evidence=w.evidence_id,
                cycles=w.cycle.slug,
                seats=w.seat_id,
                nomination=w.nomination.pk,
                token=w.token,
            )
            assignment = w.assignments.get(role) or w.assignments.get("panelist")
            if assignment:
                values.update(review=assignment, assignments=assignment)
            if w.waiver_id:
                values["waivers"] = w.waiver_id
            if state == "in_review":  # the conflicted panelist's, voided by their late conflict
                values["voided"] = w.assignments["conflicted_panelist"]
        return values


def _users() -> dict:
    def person(username, roles=(), **fields):
        return UserFactory(
            username=f"m-{username}", roles=list(roles), contributor=ContributorFactory(**fields)
        )

    users = {
        "member": person("member", listed_publicly=True),
        "nominator": person("nominator"),
        "nominee": person("nominee", email=NOMINEE_EMAIL, name="Matrix Nominee"),
        "endorser": person("endorser"),
        "invited": person("invited"),
        "panelist": person("panelist", ["panelist"]),
        "conflicted_panelist": person("conflicted-panelist", ["panelist"]),
        "chair": person("chair", ["chair", "panelist"]),
        "conflicted_chair": person("conflicted-chair", ["chair", "panelist"]),
        "approver": person("approver", ["approver"]),
        "admin": UserFactory(username="m-admin", roles=["admin"]),
        # Not a role of the matrix: the second reviewer, whose review others must not read.
        "reviewer": person("reviewer", ["panelist"]),
    }
    return users


def _fresh(nomination):
    return nominations.get_nomination(nomination.pk)


def _phase(admin, cycle, phase):
    program.override_phase(actor=admin, cycle=cycle, phase=phase, reason="The permission matrix.")
    return program.get_cycle(cycle.slug)


def _state_world(users: dict, state: str) -> StateWorld:
    admin = users["admin"]
    marks = {
        field: marker(state, field)
        for field in (
            "STATEMENT",
            "EVIDENCE",
            "CONFLICT-P",
            "CONFLICT-C",
            "WAIVER",
            "REVIEW-P",
            "REVIEW-B",
            "RATIONALE",
        )
    }
    cycle = CycleFactory(slug=f"matrix-{state.replace('_', '-')}", name=f"Matrix {state}")
    seats = {}
    for role, group, chair in (
        ("chair", "toc", True),
        ("conflicted_chair", "axim", True),
        ("panelist", "core_contributors", False),
        ("conflicted_panelist", "partners", False),
        ("reviewer", "community_leaders", False),
    ):
        seats[role] = review.seat_panelist(
            actor=admin, cycle=cycle, user=users[role], group=group, chair=chair
        )
    nomination = nominations.nominate(
        actor=users["nominator"],
        cycle=cycle,
        track=program.get_track("engineer"),
        nominee=users["nominee"].contributor,
        statement=f"Why: {marks['STATEMENT']}",
        evidence=[
            {
                "kind": "pull_request",
                "date": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
                "title": f"Evidence {marks['EVIDENCE']}",
                "url": "https://github.com/openedx/edx-platform/pull/1",
            }
        ],
    )
    nominations.answer_consent(
        actor=users["nominee"], nomination=_fresh(nomination), consent=True, list_publicly=True
    )
    invite_to_endorse(_fresh(nomination), users["invited"])
    endorse_as_invited(
        actor=users["endorser"], nomination=_fresh(nomination), relationship="Colleague", statement="Yes."
    )
    assignments, waiver = {}, None
    if state != "draft":
        nominations.submit_nomination(actor=users["nominator"], nomination=_fresh(nomination))
        waiver = review.waive_conflict(
            actor=users["chair"],
            nomination=_fresh(nomination),
            panelist=users["reviewer"],
            source="endorser",
            reason=marks["WAIVER"],
        )
        review.declare_conflict(
            actor=users["conflicted_chair"],
            cycle=cycle,
            nomination=_fresh(nomination),
            reason=marks["CONFLICT-C"],
        )
        if state != "in_review":  # in review the panelist's conflict arises after assignment
            review.declare_conflict(
                actor=users["conflicted_panelist"],
                cycle=cycle,
                nomination=_fresh(nomination),
                reason=marks["CONFLICT-P"],
            )
    if state == "withdrawn":
        nominations.withdraw(actor=users["nominee"], nomination=_fresh(nomination), reason="Not this year.")
    if state in ("in_review", "decided"):
        cycle = _phase(admin, cycle, "screening")
        nominations.screen(actor=users["chair"], nomination=_fresh(nomination), eligible=True)
        cycle = _phase(admin, cycle, "review")
        reviewers = ["panelist", "reviewer"] + (["conflicted_panelist"] if state == "in_review" else [])
        for role in reviewers:
            assignment = review.assign_by_hand(
                actor=users["chair"], nomination=_fresh(nomination), panelist=users[role]
            )
            assignments[role] = assignment.pk
        for role, field in (("panelist", "REVIEW-P"), ("reviewer", "REVIEW-B")):
            review.save_review(
                actor=users[role],
                assignment=review.get_assignment(assignments[role]),
                scores=SCORES,
                recommendation="yes",
                comment=f"Comment {marks[field]}",
                submit=True,
            )
        if state == "in_review":
            # A conflict that arises after assignment (issue 11 item 2).
            review.declare_conflict(
                actor=users["conflicted_panelist"],
                cycle=cycle,
                nomination=_fresh(nomination),
                reason=marks["CONFLICT-P"],
            )
    if state == "decided":
        cycle = _phase(admin, cycle, "deliberation")
        for role in ("chair", "panelist", "reviewer"):
            review.cast_vote(actor=users[role], nomination=_fresh(nomination), vote="select")
        review.record_decision(
            actor=users["chair"],
            nomination=_fresh(nomination),
            outcome="selected",
            rationale=f"Rationale {marks['RATIONALE']}",
        )
    cycle = _phase(admin, cycle, PHASES[state])
    nomination = _fresh(nomination)
    return StateWorld(
        state=state,
        cycle=cycle,
        nomination=_fresh(nomination),
        evidence_id=nomination.evidence.get().pk,
        seat_id=seats["panelist"].pk,
        assignments=assignments,
        waiver_id=waiver and waiver.pk,
        markers=marks,
        token=nominations.invitation_token(nomination, "endorse", users["invited"].email),
    )


def build_world() -> World:
    users = _users()
    admin, member = users["admin"], users["member"]
    states = {state: _state_world(users, state) for state in STATES}
    # The member holds a term in its renewal window, has applied to renew it, and its credential
    # is signed (the issuer key was made by the caller; its task runs once the recording commits).
    today = timezone.localdate()
    with TestCase.captureOnCommitCallbacks(execute=True):
        term = membership.record_term(
            actor=admin,
            contributor=member.contributor,
            track=program.get_track("advocate"),
            start=today - dt.timedelta(days=2 * 365 - 30),
        )
    renewal_marker = marker("member", "RENEWAL")
    applied = membership.apply_for_renewal(actor=member, membership=term, statement=f"Renew {renewal_marker}")
    credential = credentials.latest_credential(term.pk)
    contribution = contributions.record_contribution(
        actor=member,
        contributor=member.contributor,
        kind="talk",
        date=today - dt.timedelta(days=3),
        title="A talk",
    )
    run = ImportRunFactory(source="csv", started_by=admin)
    slack_run = ImportRunFactory(source="slack", started_by=admin)
    return World(
        users=users,
        states=states,
        member_contributor_id=member.contributor_id,
        private_contributor_id=ContributorFactory(name="Someone Else", email=PRIVATE_EMAIL).pk,
        membership_id=term.pk,
        renewal_id=applied.pk,
        credential_uuid=str(credential.uuid),
        status_list_id=credential.status_list_id,
        contribution_id=contribution.pk,
        import_run_id=run.pk,
        slack_run_id=slack_run.pk,
        renewal_marker=renewal_marker,
    )
