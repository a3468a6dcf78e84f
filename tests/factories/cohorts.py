"""Sign-offs and announcements, written directly (the rules are `cohorts.api`'s business)."""

import factory
from django.utils import timezone

from .people import UserFactory
from .program import CycleFactory


class SignOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cohorts.SignOff"

    cycle = factory.SubFactory(CycleFactory)
    signed_by = factory.SubFactory(UserFactory)
    signed = factory.LazyFunction(timezone.now)


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """A cycle announced today."""

    class Meta:
        model = "cohorts.Announcement"

    cycle = factory.SubFactory(CycleFactory)
    announced_by = factory.SubFactory(UserFactory)
    announced = factory.LazyFunction(timezone.now)
    date = factory.LazyFunction(timezone.localdate)
