"""The review panel's rows: seats, conflicts and waivers, assignments, reviews and votes, written
directly (the rules of each are `review.api`'s business)."""

import factory

from .nominations import NominationFactory
from .people import ContributorFactory, UserFactory
from .program import CycleFactory, program

AREAS = ("core_platform", "architecture", "open_source_leadership", "problem_solving")


def rubric(score: int) -> dict:
    """The same score in every area of the engineer track's rubric."""
    return dict.fromkeys(AREAS, score)


class PanelSeatFactory(factory.django.DjangoModelFactory):
    """A seat for the Technical Oversight Committee on a nomination's cycle."""

    class Meta:
        model = "review.PanelSeat"

    cycle = factory.SubFactory(CycleFactory)
    user = factory.SubFactory(UserFactory, contributor=factory.SubFactory(ContributorFactory))
    group = factory.LazyFunction(lambda: program().panel_groups.get(code="toc"))


class ConflictFactory(factory.django.DjangoModelFactory):
    """A conflict the panelist declared with a nomination."""

    class Meta:
        model = "review.Conflict"

    nomination = factory.SubFactory(NominationFactory)
    cycle = factory.LazyAttribute(lambda c: c.nomination.cycle)
    panelist = factory.SubFactory(UserFactory)
    source = "declared"
    reason = "I work with the nominee every day."
    created_by = factory.LazyAttribute(lambda c: c.panelist)


class ConflictWaiverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "review.ConflictWaiver"

    nomination = factory.SubFactory(NominationFactory)
    panelist = factory.SubFactory(UserFactory)
    source = "organization"
    reason = "Different teams of a large company."
    waived_by = factory.SubFactory(UserFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "review.Assignment"

    nomination = factory.SubFactory(NominationFactory)
    cycle = factory.LazyAttribute(lambda a: a.nomination.cycle)
    panelist = factory.SubFactory(UserFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A submitted review scoring 4 in every area (`scores=rubric(n)` for another score)."""

    class Meta:
        model = "review.Review"

    class Params:
        score = 4

    assignment = factory.SubFactory(AssignmentFactory)
    scores = factory.LazyAttribute(lambda r: rubric(r.score))
    recommendation = factory.LazyAttribute(lambda r: "yes" if r.score >= 3 else "no")
    comment = "Strong, steady work."
    submitted = "2026-01-01T00:00Z"


class DraftReviewFactory(ReviewFactory):
    """A review saved as a draft, not submitted: one key area scored, nothing recommended."""

    scores = factory.LazyFunction(lambda: {AREAS[0]: 3})
    recommendation = ""
    comment = ""
    submitted = None


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "review.Vote"

    nomination = factory.SubFactory(NominationFactory)
    panelist = factory.SubFactory(UserFactory)
    vote = "select"
