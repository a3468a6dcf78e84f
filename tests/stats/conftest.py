"""A hand-built program whose every figure is known (the answers are written in test_figures.py).

Today is 30 June 2026 for these tests. The members:
- Ada, engineer: a term from 29 February 2024 (a leap day) to 28 February 2026, renewed early (the
  new term was recorded in January, it runs from 1 March 2026).
- Ben, advocate: 1 July 2024 to 30 June 2026 — his term ends today; not renewed.
- Cleo, engineer, 2025 cohort: revoked on 15 March 2026.
- Dan, engineer and advocate, 2025 cohort: one person on two tracks.
- Big (larger partner) and Small (smaller partner, 20 employees), partners of the 2025 cohort.
- Eve, engineer for life since 1 July 2021.
- Fay, innovator: 1 July 2023 to 30 June 2025, not renewed.
The cycle “2026” has fourteen nominations in every state; a deferred one is carried to “2027”.
"""

import dataclasses
import datetime as dt
import itertools

import pytest
from django.utils import timezone

from distinguished.contributions.models import Contribution
from distinguished.membership import standing
from distinguished.membership.models import Membership
from distinguished.nominations.models import Nomination
from distinguished.people.models import Contributor
from distinguished.program.models import Cycle, PanelGroup, Track
from distinguished.review.models import Assignment, Review

from ..factories import (
    AssignmentFactory,
    ContributionFactory,
    ContributorFactory,
    CycleFactory,
    DraftNominationFactory,
    EndorsementFactory,
    MembershipFactory,
    NominationFactory,
    OrganizationFactory,
    PanelSeatFactory,
    ReviewFactory,
    UserFactory,
    rubric,
)

TODAY = dt.date(2026, 6, 30)
D = dt.date


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@dataclasses.dataclass
class Known:
    cycle_2025: Cycle
    cycle_2026: Cycle
    cycle_2027: Cycle
    people: dict
    terms: dict
    nominations: dict
    reviews: list  # (panelist id, nomination id, rubric scores) of the counted reviews


def track(code: str) -> Track:
    return Track.objects.get(code=code)


def _members(cycle_2025):
    org_x = OrganizationFactory(name="Org X")
    people = {
        "ada": ContributorFactory(name="Ada"),
        "ben": ContributorFactory(name="Ben"),
        "cleo": ContributorFactory(name="Cleo"),
        "dan": ContributorFactory(name="Dan"),
        "big": OrganizationFactory(name="Big", size_tier="larger", employees=500),
        "small": OrganizationFactory(name="Small", size_tier="smaller", employees=20),
        "eve": ContributorFactory(name="Eve"),
        "fay": ContributorFactory(name="Fay"),
        "org_x": org_x,
    }
    p = people
    terms = {}
    terms["ada1"] = MembershipFactory(contributor=p["ada"], start=D(2024, 2, 29))
    assert terms["ada1"].end == D(2026, 2, 28)
    terms["ada2"] = MembershipFactory(contributor=p["ada"], start=D(2026, 3, 1), previous=terms["ada1"])
    terms["ben"] = MembershipFactory(contributor=p["ben"], track=track("advocate"), start=D(2024, 7, 1))
    assert terms["ben"].end == TODAY
    terms["cleo"] = MembershipFactory(
        contributor=p["cleo"], start=D(2025, 7, 1), cycle=cycle_2025, revoked_on=D(2026, 3, 15)
    )
    terms["dan_eng"] = MembershipFactory(contributor=p["dan"], start=D(2025, 7, 1), cycle=cycle_2025)
    terms["dan_adv"] = MembershipFactory(
        contributor=p["dan"], track=track("advocate"), start=D(2025, 7, 1), cycle=cycle_2025
    )
    for name in ("big", "small"):
        terms[name] = MembershipFactory(
            contributor=p[name], track=track("partner"), start=D(2025, 7, 1), cycle=cycle_2025
        )
    terms["eve"] = MembershipFactory(contributor=p["eve"], start=D(2021, 7, 1), lifetime=True)
    terms["fay"] = MembershipFactory(contributor=p["fay"], track=track("innovator"), start=D(2023, 7, 1))
    return people, terms


def _contributions(p):
    major = {"kind": "pull_request", "major": True}
    for day in (D(2026, 1, 1), D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)):
        ContributionFactory(contributor=p["ada"], date=day, **major)  # the first is before her term
    for month in range(1, 6):
        ContributionFactory(contributor=p["dan"], date=D(2026, month, 10), **major)  # 5 a year: short of 6
    ContributionFactory(contributor=p["big"], kind="funding", quantity=30_000, date=D(2026, 2, 1))
    ContributionFactory(contributor=p["big"], kind="working_group", date=D(2026, 2, 1))
    ContributionFactory(contributor=p["big"], kind="sponsorship", date=D(2026, 2, 1))
    ContributionFactory(contributor=p["small"], kind="employee_participation", quantity=5, date=D(2026, 2, 1))
    staff = ContributorFactory(name="Small's engineer", organization=p["small"])
    for month in range(1, 7):
        ContributionFactory(contributor=staff, kind="feature_fix", date=D(2026, month, 2))
    initiative = {"kind": "community_initiative"}
    ContributionFactory(contributor=p["ada"], date=D(2026, 5, 1), **initiative)  # a member
    ContributionFactory(contributor=p["fay"], date=D(2026, 5, 1), **initiative)  # no longer one
    ContributionFactory(contributor=p["cleo"], date=D(2026, 3, 10), **initiative)  # before her revocation
    ContributionFactory(contributor=p["cleo"], date=D(2026, 4, 1), **initiative)  # after it
    ContributionFactory(contributor=p["ben"], date=TODAY, **initiative)  # his term's last day


def _nominations(cycle, cycle_2027, org_x):
    """Fourteen nominations of `cycle`, by state; submitted on 10 January 2026."""
    submitted = at(D(2026, 1, 10))
    made = {}

    def nominate(name, state, **fields):
        fields.setdefault("submitted", None if state == "draft" else submitted)
        made[name] = DraftNominationFactory(cycle=cycle, state=state, **fields)
        return made[name]

    nominate("draft", "draft")
    nominate("draft_no_consent", "draft", nominee_consent=None)
    nominate("submitted", "submitted", nominee=ContributorFactory(organization=org_x))
    nominate("eligible", "eligible", nominee=ContributorFactory(organization=org_x))
    nominate("ineligible_1", "ineligible", screening_reason="Not enough endorsements")
    nominate("ineligible_2", "ineligible", screening_reason="  not enough   Endorsements ")
    nominate("ineligible_3", "ineligible", screening_reason="Outside the window")
    nominate("in_review", "in_review")
    for name, days in (("selected", 10), ("approved", 20), ("declined", 30), ("deferred", 40)):
        nominate(name, name, decided=at(D(2026, 1, 10) + dt.timedelta(days=days)))
    nominate("withdrawn", "withdrawn", live=None)
    nominate("withdrawn_draft", "withdrawn", live=None, submitted=None)
    made["carried"] = DraftNominationFactory(
        cycle=cycle_2027,
        state="submitted",
        submitted=at(D(2026, 6, 1)),
        track=made["deferred"].track,
        nominee=made["deferred"].nominee,
        carried_from=made["deferred"],
    )
    return made


def _endorse(nomination, *profiles):
    """One endorsement per profile (None: an endorser without a contributor profile)."""
    for profile in profiles:
        EndorsementFactory(
            nomination=nomination,
            endorser=UserFactory(contributor=profile),
            relationship="Peer",
            statement="Yes.",
        )


def _endorsements(n, org_x):
    org_y = OrganizationFactory(name="Org Y")
    inside = [ContributorFactory(organization=org_x) for _ in range(4)]
    _endorse(n["submitted"], inside[0], inside[1], ContributorFactory(organization=org_y))  # 3, one outside
    _endorse(n["eligible"], inside[2], inside[3])  # 2, none from outside
    _endorse(n["in_review"], None)  # 1, no profile: not from outside
    for name in ("selected", "approved", "declined", "deferred", "ineligible_1"):
        _endorse(n[name], ContributorFactory())  # 1, a profile with no organization: from outside


def _panel(cycle, n):
    groups = {g.code: g for g in PanelGroup.objects.all()}
    panelists = [UserFactory(roles=["panelist"]) for _ in range(3)]
    PanelSeatFactory(cycle=cycle, user=panelists[0], group=groups["toc"], chair=True)
    PanelSeatFactory(cycle=cycle, user=panelists[1], group=groups["axim"])
    PanelSeatFactory(cycle=cycle, user=panelists[2], group=groups["axim"])
    counted = []

    def review(panelist, nomination, score, *, submitted=True, voided=False):
        assignment = AssignmentFactory(
            cycle=cycle, nomination=nomination, panelist=panelist, voided=at(TODAY) if voided else None
        )
        scores = rubric(score)
        ReviewFactory(assignment=assignment, score=score, submitted=at(TODAY) if submitted else None)
        if submitted and not voided:
            counted.append((panelist.pk, nomination.pk, scores))

    review(panelists[0], n["in_review"], 4)
    review(panelists[1], n["in_review"], 2)
    review(panelists[0], n["selected"], 5)
    review(panelists[1], n["selected"], 3, submitted=False)  # not submitted yet
    review(panelists[2], n["selected"], 1, voided=True)  # voided by a later conflict: not counted
    return counted


@pytest.fixture
def known(db):
    cycle_2025 = Cycle.objects.get(slug="2025")
    cycle_2026 = CycleFactory(
        slug="2026",
        name="2026 cohort",
        nominations_open=D(2025, 11, 1),
        nominations_close=D(2025, 12, 15),
        screening_due=D(2026, 1, 15),
        review_due=D(2026, 2, 15),
        deliberation_due=D(2026, 3, 1),
        approval_due=D(2026, 3, 15),
        announcement_date=D(2026, 4, 1),
    )
    cycle_2027 = CycleFactory(
        slug="2027",
        name="2027 cohort",
        nominations_open=D(2026, 5, 1),
        nominations_close=D(2026, 7, 15),
        screening_due=D(2026, 8, 1),
        review_due=D(2026, 9, 1),
        deliberation_due=D(2026, 9, 15),
        approval_due=D(2026, 10, 1),
        announcement_date=D(2026, 11, 1),
    )
    people, terms = _members(cycle_2025)
    _contributions(people)
    nominations = _nominations(cycle_2026, cycle_2027, people["org_x"])
    _endorsements(nominations, people["org_x"])
    reviews = _panel(cycle_2026, nominations)
    assert Nomination.objects.filter(cycle=cycle_2026).count() == 14
    return Known(cycle_2025, cycle_2026, cycle_2027, people, terms, nominations, reviews)


# --- Many members, made in bulk (the query counts and the stored figures at two sizes) ----------

counter = itertools.count()


def grow(members: int, cycle, panelists) -> None:
    """`members` more members (a few organizations, some lifetime, some renewed, some revoked),
    a nomination and a review per ten, and two contributions each; in bulk."""
    today = timezone.localdate()
    tracks = list(Track.objects.order_by("position"))
    batch = next(counter)
    people = Contributor.objects.bulk_create(
        ContributorFactory.build(
            kind="organization" if i % 20 == 0 else "person",
            size_tier=("larger", "smaller")[i % 2] if i % 20 == 0 else "",
            employees=50 if i % 20 == 0 else None,
            name=f"Member {batch}-{i}",
            email=f"m{batch}-{i}@example.org",
        )
        for i in range(members)
    )
    terms = Membership.objects.bulk_create(
        MembershipFactory.build(
            contributor=person,
            track=tracks[3] if person.kind == "organization" else tracks[i % 3],
            cycle=cycle if i % 2 else None,
            start=today - dt.timedelta(days=30 + i % 700),
            end=None if i % 50 == 0 else today - dt.timedelta(days=30 + i % 700) + dt.timedelta(days=729),
            lifetime=i % 50 == 0,
            revoked_on=today - dt.timedelta(days=3) if i % 97 == 0 else None,
        )
        for i, person in enumerate(people)
    )
    old = Membership.objects.bulk_create(
        MembershipFactory.build(
            contributor=term.contributor,
            track=term.track,
            start=term.start - dt.timedelta(days=730),
            end=term.start - dt.timedelta(days=1),
        )
        for term in terms[::5]
        if term.end is not None
    )
    for term, before in zip(terms[::5], old, strict=False):
        term.previous = before
    Membership.objects.bulk_update([t for t in terms[::5] if t.end is not None][: len(old)], ["previous"])
    standing.restamp(Membership, today, 90)  # rows made in bulk: stored as the app stamps them
    Contribution.objects.bulk_create(
        ContributionFactory.build(
            contributor=person,
            kind=kind,
            major=True,
            date=today - dt.timedelta(days=10 + i % 300),
            title="Work",
        )
        for i, person in enumerate(people)
        for kind in ("pull_request", "community_initiative")
    )
    nominator = UserFactory()
    nominations = Nomination.objects.bulk_create(
        NominationFactory.build(
            cycle=cycle,
            track=tracks[0],
            nominee=person,
            nominator=nominator,
            state=("submitted", "eligible", "ineligible", "in_review", "selected", "declined")[i % 6],
            submitted=timezone.now(),
            screening_reason="Too early" if i % 6 == 2 else "",
            decided=timezone.now() if i % 6 >= 4 else None,
        )
        for i, person in enumerate(people[::10])
    )
    assignments = Assignment.objects.bulk_create(
        AssignmentFactory.build(cycle=cycle, nomination=nomination, panelist=panelist)
        for nomination in nominations
        for panelist in panelists
    )
    Review.objects.bulk_create(
        ReviewFactory.build(assignment=a, scores={"core_platform": 1 + i % 5}, submitted=timezone.now())
        for i, a in enumerate(assignments)
    )


@pytest.fixture
def grown(admin_user):
    cycle = CycleFactory(nominations_open=timezone.localdate() - dt.timedelta(days=60))
    panelists = [UserFactory(roles=["panelist"]) for _ in range(3)]
    return lambda members: grow(members, cycle, panelists)
