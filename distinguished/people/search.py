"""Finding contributors by a word of the public directory's search: part of their name, part of
their organization's name, or their GitHub login exactly.

On PostgreSQL a trigram index on the upper-cased name (people migration 0004) serves "part of the
name" for words of three letters or more; each way of matching is its own indexed query, put
together with UNION, because an OR across the organization's join reads every contributor. The
matching organizations and then the matching contributors are read as lists of ids while they are
few (`AT_MOST`): the database then looks each one up through its index, where a subquery made it
read and hash every contributor (or every listed term) to join them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Lower

from .enums import ContributorKind
from .models import Contributor

AT_MOST = 2000


def matching_word(word: str, *, at_most: int | None = None) -> list[int] | QuerySet:
    """The ids of the contributors that `word` finds, for `contributor_id__in`: a list (two queries)
    while at most `at_most` (AT_MOST) match, else a subquery of them."""
    at_most = AT_MOST if at_most is None else at_most
    contributors = Contributor.objects.order_by()
    organizations = list(
        contributors.filter(kind=ContributorKind.ORGANIZATION, name__icontains=word).values_list(
            "pk", flat=True
        )[: at_most + 1]
    )
    if len(organizations) > at_most:
        organizations = contributors.filter(kind=ContributorKind.ORGANIZATION, name__icontains=word).values(
            "pk"
        )
    named = contributors.filter(name__icontains=word).values("pk")
    in_named_organization = contributors.filter(organization_id__in=organizations).values("pk")
    # LOWER(github) = …, not blank: the partial index of the unique constraint on GitHub logins.
    on_github = (
        contributors.exclude(github="").alias(login=Lower("github")).filter(login=word.lower()).values("pk")
    )
    found = named.union(in_named_organization, on_github)
    ids = [row["pk"] for row in found[: at_most + 1]]
    return found if len(ids) > at_most else ids
