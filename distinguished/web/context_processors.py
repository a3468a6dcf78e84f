"""The navigation of every page, by role."""

from django.urls import reverse

from distinguished.people.api import Role, has_role, is_chair, is_panelist, is_program_admin, roles_of
from distinguished.program import api as program


def navigation(request):
    user = getattr(request, "user", None)
    items = [
        ("Home", reverse("web:home")),
        ("The program", reverse("program:program")),
        ("Cycles", reverse("program:cycles")),
        ("Directory", reverse("membership:directory")),
        ("Verify a badge", reverse("credentials:verify")),
    ]
    if user is not None and user.is_authenticated:
        items.append(("My nominations", reverse("nominations:mine")))
        items.append(("My contributions", reverse("contributions:mine")))
        items.append(("My memberships", reverse("membership:mine")))
        items.append(("My profile", reverse("people:me")))
        if is_panelist(user) or is_program_admin(user):
            items.append(("My reviews", reverse("review:assignments")))
        cycle = program.current_cycle()
        staff = is_program_admin(user) or is_chair(user)
        if cycle is not None:
            if staff:
                items.append(("Screening", reverse("nominations:screening", args=[cycle.slug])))
                items.append(("Panel", reverse("review:panel", args=[cycle.slug])))
            if staff or is_panelist(user):
                items.append(("Deliberation", reverse("review:deliberation", args=[cycle.slug])))
            if staff or has_role(user, "approver"):
                items.append(("Approval", reverse("cohorts:approval", args=[cycle.slug])))
        if staff:
            items.append(("Renewals", reverse("membership:renewals")))
        if is_program_admin(user):
            items += [
                ("Memberships", reverse("membership:memberships")),
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
