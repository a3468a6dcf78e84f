"""Finding nominations by words: the screening list's and the API's `q`. Every word must match the
nominee's name, the track (its name or code) or the nominator (name or username), case aside."""

from functools import reduce
from operator import and_, or_

from django.db.models import Q

FIELDS = (
    "nominee__name__icontains",
    "track__name__icontains",
    "track__code__iexact",
    "nominator__name__icontains",
    "nominator__username__icontains",
)
MAX_WORDS = 8


def search_nominations(queryset, q: str):
    """The nominations of `queryset` whose nominee, track or nominator matches every word of `q`
    (the first eight); the queryset as it is for an empty `q`."""
    words = (q or "").split()[:MAX_WORDS]
    if not words:
        return queryset
    return queryset.filter(
        reduce(and_, (reduce(or_, (Q(**{field: word}) for field in FIELDS)) for word in words))
    )
