"""The list of contributors, as the People page and the REST API read it, and as a download (CSV
or XLSX). Who sees which contributors is the list's rule (program admins every one, anyone else
their own profile); who sees a contributor's private fields is `people.view_contributor_private`,
asked for each row, as the API's serializers do."""

from __future__ import annotations

from django.db.models import Q

from distinguished.core.exports import Column, Table, rows_of

from .enums import ContributorKind
from .models import Contributor
from .rules import is_program_admin

__all__ = ["contributors_export", "search_contributors", "visible_contributors"]


def _contributors():
    return Contributor.objects.select_related("organization").order_by("name", "id")


def visible_contributors(user):
    """The contributors `user` may list: every one for program admins, else their own profile."""
    if is_program_admin(user):
        return _contributors()
    return _contributors().filter(pk=user.contributor_id or 0)


def search_contributors(queryset, *, q: str = "", kind: str = ""):
    """The People page's search: part of the name, e-mail or GitHub login, and the kind (a kind it
    does not know is ignored, as the page's menu offers only the known ones)."""
    q = (q or "").strip()
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(email__icontains=q) | Q(github__icontains=q))
    if kind in ContributorKind.values:
        queryset = queryset.filter(kind=kind)
    return queryset


def _private(read):
    """A private field's cell: empty for a reader who may not see that contributor's private fields."""
    return lambda row: read(row.contributor) if row.private else None


class _Row:
    __slots__ = ("contributor", "private")

    def __init__(self, contributor, private: bool):
        self.contributor = contributor
        self.private = private


COLUMNS = (
    Column("Id", lambda row: row.contributor.pk),
    Column("Name", lambda row: row.contributor.name),
    Column("Kind", lambda row: row.contributor.get_kind_display()),
    Column(
        "Organization",
        lambda row: row.contributor.organization.name if row.contributor.organization else None,
    ),
    Column("Country", lambda row: row.contributor.country.name or None),
    Column("Website", lambda row: row.contributor.website),
    Column("GitHub login", lambda row: row.contributor.github),
    Column("Forum username", lambda row: row.contributor.forum),
    Column("E-mail", _private(lambda c: c.email)),
    Column("Slack handle", _private(lambda c: c.slack)),
    Column("Slack member ID", _private(lambda c: c.slack_id)),
    Column("Size tier", _private(lambda c: c.get_size_tier_display())),
    Column("Employees", _private(lambda c: c.employees)),
    Column("Bio", _private(lambda c: c.bio)),
    Column("Public directory", _private(lambda c: "listed" if c.listed_publicly else "not listed")),
    Column("Created", _private(lambda c: c.created)),
    Column("Updated", _private(lambda c: c.updated)),
)


def contributors_export(user, contributors=None, *, q: str = "", kind: str = "") -> Table:
    """The contributors `user` may list (narrowed to `contributors`, a queryset the caller's filters
    chose, and by the page's search) as a table to download; private cells only where
    `people.view_contributor_private` lets the reader see them."""
    queryset = search_contributors(visible_contributors(user), q=q, kind=kind)
    if contributors is not None:
        queryset = queryset.filter(pk__in=contributors.values("pk"))

    def rows():
        for contributor in rows_of(queryset):
            yield _Row(contributor, user.has_perm("people.view_contributor_private", contributor))

    return Table("People", COLUMNS, rows())
