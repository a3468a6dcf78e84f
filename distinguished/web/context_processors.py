"""The navigation of every page, by role."""

from django.urls import reverse

from distinguished.people.api import Role, is_chair, is_panelist, is_program_admin, roles_of
from distinguished.program import api as program


def navigation(request):
    user = getattr(request, "user", None)
    items = [
        ("Home", reverse("web:home")),
        ("The program", reverse("program:program")),
        ("Cycles", reverse("program:cycles")),
    ]
    if user is not None and user.is_authenticated:
        items.append(("My nominations", reverse("nominations:mine")))
        items.append(("My contributions", reverse("contributions:mine")))
        items.append(("My profile", reverse("people:me")))
        if is_panelist(user) or is_program_admin(user):
            items.append(("My reviews", reverse("review:assignments")))
        if is_program_admin(user) or is_chair(user):
            cycle = program.current_cycle()
            if cycle is not None:
                items.append(("Screening", reverse("nominations:screening", args=[cycle.slug])))
                items.append(("Panel", reverse("review:panel", args=[cycle.slug])))
        if is_program_admin(user):
            items += [
                ("People", reverse("people:contributors")),
                ("Imports", reverse("contributions:imports")),
                ("Audit trail", reverse("audit:events")),
            ]
    path = request.path
    # The current item is the one whose address is the longest prefix of this page's.
    matches = [url for _, url in items if (path == url if url == "/" else path.startswith(url))]
    current = max(matches, key=len, default=None)
    nav_items = [{"label": label, "url": url, "current": url == current} for label, url in items]
    roles = [Role(role).label for role in sorted(roles_of(user))] if user is not None else []
    return {"nav_items": nav_items, "nav_roles": roles}
