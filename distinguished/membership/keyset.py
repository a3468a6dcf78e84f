"""Keyset pagination of the directory: a deep page costs its own rows, not every row before it.

A page reached by its number alone is read with `OFFSET` (the database walks every earlier row: at
100,000 members the 200th page walks 10,000), over the terms' own index only, then its fifty rows
are joined. The directory's Next and Previous links also carry the
membership that ends or starts the current page (`after=` / `before=`), so the next page is read as
"the 50 rows after that one in the directory's order" straight from the indexes. The page number still
labels it (and the count says how many pages there are); a link whose membership the directory does
not show (it left the directory since, or was never in it) falls back to the page number.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q
from django.utils.translation import gettext

from .models import LISTED, Membership

# The directory's order (`directory.directory_entries`), as (path, ascending).
ORDER = (
    ("sort_name", True),
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
        raise InvalidPage(gettext("That link's position is not a membership id.")) from None
    # Only a term the directory shows: another's place in the order would tell where an unlisted
    # member's name sorts.
    listed = Membership.objects.filter(LISTED, pk=membership_id)
    return listed.values_list(*(path for path, _ in ORDER)).first()


class KeysetPaginator(Paginator):
    """Django's paginator, whose `page` also reads a page by its neighbour (`after` / `before`: a
    membership id). One query more than a numbered page (the neighbour's place in the order);
    InvalidPage for a neighbour that is not a number, as for a bad page number."""

    def page(self, number, *, after=None, before=None) -> Page:
        number = self.validate_number(number)
        neighbour = after if after not in (None, "") else before
        if neighbour in (None, ""):
            return self._numbered(number)
        forwards = after not in (None, "")
        key = _key(neighbour)
        if key is None:  # the neighbour left the directory: the page by its number
            return self._numbered(number)
        rows = self.object_list.filter(_beyond(key, forwards=forwards))
        rows = list((rows if forwards else rows.reverse())[: self.per_page])
        return self._get_page(rows if forwards else rows[::-1], number, self)

    def _numbered(self, number: int) -> Page:
        """A page by its number alone, in two steps: the ids of its rows, counted off through the
        directory's index on the terms alone (`OFFSET` walks only index entries, not every earlier
        row joined to its contributor), then those rows with their joins."""
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        # The rows by id alone (the filters chose them already), with the same joins.
        rows = self.object_list.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = self.object_list.query.select_related
        found = {row.pk: row for row in rows}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)

    def get_page(self, number, *, after=None, before=None) -> Page:
        """`page`, or the first page for a bad number or neighbour (the last for a number past it)."""
        try:
            return self.page(number, after=after, before=before)
        except InvalidPage:
            return self._numbered(self._fallback_number(number))

    def _fallback_number(self, number) -> int:
        # Django's get_page: the first page for a bad number, the last for one past it.
        try:
            return self.validate_number(number)
        except PageNotAnInteger:
            return 1
        except EmptyPage:
            return self.num_pages
