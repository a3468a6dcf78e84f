"""The program: cycles of the shipped Open edX program, and the parts of a program definition (a
track, its key areas and key results, a panel group, a contribution kind) for tests that grow one."""

import datetime as dt

import factory
from django.utils import timezone

from distinguished.program.models import (
    Cycle,
    CycleProgramTarget,
    CycleTarget,
    KeyResult,
    Program,
    ProgramTarget,
)


def program() -> Program:
    return Program.objects.get(slug="openedx")


def track(code: str = "engineer"):
    return program().tracks.get(code=code)


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle whose nominations opened a week ago."""

    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    program = factory.LazyFunction(program)
    slug = factory.Sequence(lambda n: f"cycle-{n}")
    name = factory.LazyAttribute(lambda c: f"{c.slug} cohort")
    nominations_open = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    nominations_close = factory.LazyAttribute(lambda c: c.nominations_open + dt.timedelta(days=30))
    screening_due = factory.LazyAttribute(lambda c: c.nominations_close + dt.timedelta(days=14))
    review_due = factory.LazyAttribute(lambda c: c.screening_due + dt.timedelta(days=21))
    deliberation_due = factory.LazyAttribute(lambda c: c.review_due + dt.timedelta(days=14))
    approval_due = factory.LazyAttribute(lambda c: c.deliberation_due + dt.timedelta(days=10))
    announcement_date = factory.LazyAttribute(lambda c: c.approval_due + dt.timedelta(days=14))
    announcement_event = "Open edX Conference"

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        """Every key result and program target at its default, as program.api.create_cycle does."""
        if create:
            CycleTarget.objects.bulk_create(
                CycleTarget(cycle=self, key_result=kr, target=kr.default_target)
                for kr in KeyResult.objects.filter(track__program=self.program)
            )
            CycleProgramTarget.objects.bulk_create(
                CycleProgramTarget(cycle=self, program_target=goal, target=goal.default_target)
                for goal in ProgramTarget.objects.filter(program=self.program)
            )


class TrackFactory(factory.django.DjangoModelFactory):
    """A further track of the shipped program, for a person, without key results."""

    class Meta:
        model = "program.Track"

    program = factory.LazyFunction(program)
    code = factory.Sequence(lambda n: f"extra{n}")
    name = factory.Sequence(lambda n: f"Extra {n}")
    subject = "person"
    recognizes = "People who do extra work."
    criteria = "Extra work, done well."
    position = factory.Sequence(lambda n: 10 + n)


class KeyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "program.KeyArea"

    track = factory.SubFactory(TrackFactory)
    code = factory.Sequence(lambda n: f"area{n}")
    label = factory.Sequence(lambda n: f"Area {n}")
    position = factory.Sequence(lambda n: n)


class KeyResultGroupFactory(factory.django.DjangoModelFactory):
    """A group whose key results must all be met."""

    class Meta:
        model = "program.KeyResultGroup"

    track = factory.SubFactory(TrackFactory)
    code = factory.Sequence(lambda n: f"group{n}")
    label = factory.Sequence(lambda n: f"Group {n}")
    logic = "all"


class KeyResultFactory(factory.django.DjangoModelFactory):
    """Three pull requests in the last year."""

    class Meta:
        model = "program.KeyResult"

    track = factory.SubFactory(TrackFactory)
    group = factory.SubFactory(KeyResultGroupFactory, track=factory.SelfAttribute("..track"))
    code = factory.Sequence(lambda n: f"kr{n}")
    label = factory.Sequence(lambda n: f"KR {n}")
    kinds = factory.LazyFunction(lambda: ["pull_request"])
    aggregate = "count"
    unit = "PRs"
    period = "year"
    default_target = 3
    position = factory.Sequence(lambda n: n)


class PanelGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "program.PanelGroup"

    program = factory.LazyFunction(program)
    code = factory.Sequence(lambda n: f"extra{n}")
    name = factory.Sequence(lambda n: f"Extra group {n}")
    min_seats = 0
    max_seats = 2
    position = factory.Sequence(lambda n: 10 + n)


class ContributionKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "program.ContributionKind"

    program = factory.LazyFunction(program)
    code = factory.Sequence(lambda n: f"extra{n}")
    label = factory.Sequence(lambda n: f"Extra kind {n}")
    quantity = "none"
    position = factory.Sequence(lambda n: 10 + n)
