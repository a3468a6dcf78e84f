"""The dashboard, the stats API and the impact page ask the same number of queries at 1,000 members
as at twice that (and so at 100,000: see bench/stats.py), with nominations, reviews and
contributions growing alongside."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from distinguished.contributions.models import Contribution
from distinguished.membership import standing
from distinguished.membership.models import Membership
from distinguished.nominations.models import Nomination
from distinguished.people.models import Contributor
from distinguished.program.models import Track
from distinguished.review.models import Assignment, Review

from ..factories import CycleFactory, UserFactory

pytestmark = pytest.mark.django_db

counter = itertools.count()


def grow(members: int, cycle, panelists) -> None:
    """`members` more members (a few organizations, some lifetime, some renewed, some revoked),
    a nomination and a review per ten, and two contributions each; in bulk."""
    today = timezone.localdate()
    tracks = list(Track.objects.order_by("position"))
    batch = next(counter)
    people = Contributor.objects.bulk_create(
        Contributor(
            kind="organization" if i % 20 == 0 else "person",
            size_tier=("larger", "smaller")[i % 2] if i % 20 == 0 else "",
            employees=50 if i % 20 == 0 else None,
            name=f"Member {batch}-{i}",
            email=f"m{batch}-{i}@example.org",
        )
        for i in range(members)
    )
    terms = Membership.objects.bulk_create(
        Membership(
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
        Membership(
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
        Contribution(
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
        Nomination(
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
        Assignment(cycle=cycle, nomination=nomination, panelist=panelist)
        for nomination in nominations
        for panelist in panelists
    )
    Review.objects.bulk_create(
        Review(assignment=a, scores={"core_platform": 1 + i % 5}, submitted=timezone.now())
        for i, a in enumerate(assignments)
    )


@pytest.fixture
def grown(admin_user):
    cycle = CycleFactory(nominations_open=timezone.localdate() - dt.timedelta(days=60))
    panelists = [UserFactory(roles=["panelist"]) for _ in range(3)]
    return lambda members: grow(members, cycle, panelists)


@pytest.mark.parametrize(
    "url",
    [
        "/program/dashboard/",
        "/program/dashboard/?since=2020-01-01",
        "/api/v1/program/stats/",
        "/program/impact/",
    ],
)
def test_queries_do_not_grow_with_the_members(client, admin_user, grown, url, django_assert_num_queries):
    client.force_login(admin_user)
    grown(1000)
    assert Membership.objects.filter(revoked_on__isnull=True).count() > 1000
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    grown(1000)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert response.json()["active_members"] > 1900
