"""Contributions and import runs."""

import datetime as dt

import factory
from django.utils import timezone

from .people import ContributorFactory


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contributions.Contribution"

    contributor = factory.SubFactory(ContributorFactory)
    kind = "pull_request"
    date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    title = factory.Sequence(lambda n: f"Contribution {n}")


class ImportRunFactory(factory.django.DjangoModelFactory):
    """A CSV import queued, not yet started."""

    class Meta:
        model = "contributions.ImportRun"

    source = "csv"
    status = "queued"
