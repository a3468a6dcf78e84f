"""The navigation of every page: the program's pages, the person's own, and their work in each
cycle that concerns them (`agenda.py`), each cycle a group of links to its own pages."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from distinguished.people.api import Role, is_chair, is_panelist, is_program_admin, roles_of

from .agenda import agenda_of


def _items(request) -> list[dict]:
    user = getattr(request, "user", None)
    items = [
        {"label": _("Home"), "url": reverse("web:home")},
        {"label": _("The program"), "url": reverse("program:program")},
        {"label": _("Cycles"), "url": reverse("program:cycles")},
        {"label": _("Directory"), "url": reverse("membership:directory")},
        {"label": _("Verify a badge"), "url": reverse("credentials:verify")},
    ]
    if user is not None and user.is_authenticated:
        items += [
            {"label": _("My nominations"), "url": reverse("nominations:mine")},
            {"label": _("My contributions"), "url": reverse("contributions:mine")},
            {"label": _("My memberships"), "url": reverse("membership:mine")},
            {"label": _("My profile"), "url": reverse("people:me")},
        ]
        if is_panelist(user) or is_program_admin(user):
            items.append({"label": _("My reviews"), "url": reverse("review:assignments")})
        for work in agenda_of(request):
            items.append(
                {
                    "label": work.cycle.name,
                    "url": work.url,
                    "links": [
                        {"label": _("Timeline and targets"), "url": work.url},
                        *({"label": task.label, "url": task.url} for task in work.tasks),
                    ],
                }
            )
        if is_program_admin(user) or is_chair(user):
            items.append({"label": _("Renewals"), "url": reverse("membership:renewals")})
        if is_program_admin(user):
            items += [
                {"label": _("Memberships"), "url": reverse("membership:memberships")},
                {"label": _("People"), "url": reverse("people:contributors")},
                {"label": _("Imports"), "url": reverse("contributions:imports")},
                {"label": _("E-mails"), "url": reverse("notifications:messages")},
                {"label": _("Audit trail"), "url": reverse("audit:events")},
            ]
    _mark_current(request, items)
    return items


def _mark_current(request, items) -> None:
    """The current link is the one whose address is the longest prefix of this page's (a link with
    a query, such as one cycle's nominations, is compared with the query); a cycle's group is
    current when one of its links is."""
    path, full_path = request.path, request.get_full_path()
    links = [link for item in items for link in (item.get("links") or [item])]

    def matches(url: str) -> bool:
        if url == "/":
            return path == "/"
        return (full_path if "?" in url else path).startswith(url)

    current = max((link["url"] for link in links if matches(link["url"])), key=len, default=None)
    for item in items:
        for link in item.get("links", ()):
            link["current"] = link["url"] == current
        item["current"] = any(link["current"] for link in item.get("links", ())) or (
            "links" not in item and item["url"] == current
        )


def navigation(request):
    # Lazy: a fragment (htmx) that shows no navigation reads nothing for it.
    user = getattr(request, "user", None)
    return {
        "nav_items": SimpleLazyObject(lambda: _items(request)),
        "nav_roles": SimpleLazyObject(
            lambda: [Role(role).label for role in sorted(roles_of(user))] if user is not None else []
        ),
    }
