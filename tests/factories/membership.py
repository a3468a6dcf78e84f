"""Terms and renewals, written directly (the rules of recording a term are
`membership.api.record_term`'s business)."""

import datetime as dt

import factory
from django.utils import timezone

from .people import ContributorFactory, UserFactory
from .program import track


def _term_end(start):
    from distinguished.membership.api import term_end

    return term_end(start, 2)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A two-year term on the engineer track starting a year ago."""

    class Meta:
        model = "membership.Membership"

    contributor = factory.SubFactory(ContributorFactory)
    track = factory.LazyFunction(track)
    start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    end = factory.LazyAttribute(lambda m: None if m.lifetime else _term_end(m.start))
    lifetime = False


class RenewalFactory(factory.django.DjangoModelFactory):
    """The member's application to renew a term, waiting for a decision."""

    class Meta:
        model = "membership.Renewal"

    membership = factory.SubFactory(MembershipFactory)
    applicant = factory.SubFactory(UserFactory, contributor=factory.SelfAttribute("..membership.contributor"))
    statement = "Two more years of reviews and releases."
