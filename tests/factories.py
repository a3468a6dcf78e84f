"""FactoryBoy factories for the test suite. They build rows directly: tests of a rule call the
rule's `api.py` function themselves."""

import datetime as dt

import factory
from django.utils import timezone

from distinguished.people.models import Contributor, User, UserRole
from distinguished.program.models import (
    Cycle,
    CycleProgramTarget,
    CycleTarget,
    KeyResult,
    Program,
    ProgramTarget,
)


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    kind = "person"
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    github = factory.Sequence(lambda n: f"gh-person-{n}")


class OrganizationFactory(ContributorFactory):
    kind = "organization"
    name = factory.Sequence(lambda n: f"Organization {n}")
    email = factory.Sequence(lambda n: f"org{n}@example.org")
    github = factory.Sequence(lambda n: f"gh-org-{n}")
    size_tier = "smaller"
    employees = 20


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            UserRole.objects.create(user=self, role=role)
        if create:
            self.save()


def program() -> Program:
    return Program.objects.get(slug="openedx")


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


def invite_to_endorse(nomination, user):
    """The nominator asks `user` by e-mail to endorse and `user` opens the link signed in: an
    invited endorser, who may then read the nomination and endorse it."""
    from distinguished.nominations import api as nominations

    nominations.request_endorsements(actor=nomination.nominator, nomination=nomination, emails=[user.email])
    token = nominations.invitation_token(nomination, "endorse", user.email)
    return nominations.accept_invitation(actor=user, nomination=nomination, token=token)


def endorse_as_invited(*, actor, nomination, **fields):
    """`invite_to_endorse`, then the invited endorser endorses through `nominations.api.endorse`."""
    from distinguished.nominations import api as nominations

    invite_to_endorse(nomination, actor)
    return nominations.endorse(actor=actor, nomination=nomination, **fields)


class DraftNominationFactory(factory.django.DjangoModelFactory):
    """A draft ready to submit: the nominee consented, a statement is written (add its evidence
    with EvidenceFactory); submitting it is `nominations.api.submit_nomination`'s business."""

    class Meta:
        model = "nominations.Nomination"

    cycle = factory.SubFactory(CycleFactory)
    track = factory.LazyFunction(lambda: program().tracks.get(code="engineer"))
    nominee = factory.SubFactory(ContributorFactory)
    nominator = factory.SubFactory(UserFactory)
    statement = "Why this nominee, in the track's own terms."
    nominee_consent = True
    consent_answered = factory.LazyFunction(timezone.now)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "nominations.Evidence"

    nomination = factory.SubFactory(DraftNominationFactory)
    kind = "pull_request"
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=20))
    title = factory.Sequence(lambda n: f"Evidence {n}")
    url = factory.Sequence(lambda n: f"https://github.com/openedx/edx-platform/pull/{9000 + n}")
    added_by = factory.LazyAttribute(lambda e: e.nomination.nominator)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A two-year term on the engineer track starting a year ago (rows built directly: the rules of
    recording a term are `membership.api.record_term`'s business)."""

    class Meta:
        model = "membership.Membership"

    contributor = factory.SubFactory(ContributorFactory)
    track = factory.LazyFunction(lambda: program().tracks.get(code="engineer"))
    start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    end = factory.LazyAttribute(lambda m: None if m.lifetime else _term_end(m.start))
    lifetime = False


def _term_end(start):
    from distinguished.membership.api import term_end

    return term_end(start, 2)


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contributions.Contribution"

    contributor = factory.SubFactory(ContributorFactory)
    kind = "pull_request"
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    title = factory.Sequence(lambda n: f"Contribution {n}")
