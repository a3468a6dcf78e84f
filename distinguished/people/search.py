"""Finding contributors by a word of the public directory's search: part of their name, part of
their organization's name, or their GitHub login exactly.

On PostgreSQL a trigram index on the upper-cased name (people migration 0004) serves "part of the
name" for words of three letters or more; each way of matching is its own indexed query, put
together with UNION, because an OR across the organization's join reads every contributor."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Lower

from .enums import ContributorKind
from .models import Contributor


def matching_word(word: str) -> QuerySet:
    """The ids of the contributors that `word` finds (a subquery for `contributor_id__in`)."""
    contributors = Contributor.objects.order_by()
    named = contributors.filter(name__icontains=word).values("pk")
    organizations = contributors.filter(kind=ContributorKind.ORGANIZATION, name__icontains=word)
    in_named_organization = contributors.filter(organization_id__in=organizations.values("pk")).values("pk")
    # LOWER(github) = …, not blank: the partial index of the unique constraint on GitHub logins.
    on_github = (
        contributors.exclude(github="").alias(login=Lower("github")).filter(login=word.lower()).values("pk")
    )
    return named.union(in_named_organization, on_github)
