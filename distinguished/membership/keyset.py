"""Keyset pagination of the directory: a deep page costs its own rows, not every row before it.

A page reached by its number alone is read with `OFFSET` (the database walks every earlier row: at
100,000 members the 200th page walks 10,000). The directory's Next and Previous links also carry the
membership that ends or starts the current page (`after=` / `before=`), so the next page is read as
"the 50 rows after that one in the directory's order" straight from the indexes. The page number still
labels it (and the count says how many pages there are); a link whose membership has gone since (it
left the directory) falls back to the page number.
"""

from __future__ import annotations

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Q

from .models import Membership

# The directory's order (`directory.directory_entries`), as (path, ascending).
ORDER = (
    ("contributor__name", True),
    ("contributor_id", True),
    ("track__position", True),
    ("start", False),
    ("id", False),
)
ORDER_BY = [path if ascending else f"-{path}" for path, ascending in ORDER]


def _beyond(key, *, forwards: bool) -> Q:
    """The rows after (`forwards`) or before `key` (the values of ORDER) in the directory's order."""
    condition = None
    for (path, ascending), value in reversed(list(zip(ORDER, key, strict=True))):
        lookup = "gt" if ascending == forwards else "lt"
        strictly = Q(**{f"{path}__{lookup}": value})
        condition = strictly if condition is None else strictly | (Q(**{path: value}) & condition)
    # The first column bounded on its own as well, so the database starts its index walk there.
    first, ascending = ORDER[0]
    return Q(**{f"{first}__{'gte' if ascending == forwards else 'lte'}": key[0]}) & condition


def _key(membership_id) -> tuple | None:
    try:
        membership_id = int(membership_id)
    except (TypeError, ValueError):
        raise InvalidPage("That link's position is not a membership id.") from None
    return Membership.objects.filter(pk=membership_id).values_list(*(path for path, _ in ORDER)).first()


class KeysetPaginator(Paginator):
    """Django's paginator, whose `page` also reads a page by its neighbour (`after` / `before`: a
    membership id). One query more than a numbered page (the neighbour's place in the order);
    InvalidPage for a neighbour that is not a number, as for a bad page number."""

    def page(self, number, *, after=None, before=None) -> Page:
        number = self.validate_number(number)
        neighbour = after if after not in (None, "") else before
        if neighbour in (None, ""):
            return super().page(number)
        forwards = after not in (None, "")
        key = _key(neighbour)
        if key is None:  # the neighbour left the directory: the page by its number
            return super().page(number)
        rows = self.object_list.filter(_beyond(key, forwards=forwards))
        rows = list((rows if forwards else rows.reverse())[: self.per_page])
        return self._get_page(rows if forwards else rows[::-1], number, self)

    def get_page(self, number, *, after=None, before=None) -> Page:
        """`page`, or the first page for a bad number or neighbour (the last for a number past it)."""
        try:
            return self.page(number, after=after, before=before)
        except InvalidPage:
            return super().get_page(number)
