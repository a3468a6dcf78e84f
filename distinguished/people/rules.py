"""Who may do what, as named predicates (django-rules). Read like the program's roles table."""

import rules

from .enums import Role


def roles_of(user) -> frozenset[str]:
    """The program roles of a user, read once per request and cached on the user object."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_program_roles", None)
    if cached is None:
        cached = frozenset(user.roles.values_list("role", flat=True))
        if user.is_superuser:
            cached |= {Role.ADMIN}
        user._program_roles = cached
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after they changed."""
    if hasattr(user, "_program_roles"):
        del user._program_roles


@rules.predicate
def is_program_admin(user) -> bool:
    return Role.ADMIN in roles_of(user)


@rules.predicate
def is_chair(user) -> bool:
    return Role.CHAIR in roles_of(user)


@rules.predicate
def is_panelist(user) -> bool:
    return bool({Role.PANELIST, Role.CHAIR} & roles_of(user))


@rules.predicate
def is_approver(user) -> bool:
    return Role.APPROVER in roles_of(user)


@rules.predicate
def is_own_profile(user, contributor) -> bool:
    return contributor is not None and user.is_authenticated and user.contributor_id == contributor.pk


is_member = rules.is_authenticated
is_staff_of_program = is_program_admin | is_chair | is_panelist | is_approver

rules.add_perm("people.manage_users", is_program_admin)
rules.add_perm("people.manage_contributors", is_program_admin)
rules.add_perm("people.view_contributor_private", is_program_admin | is_own_profile)
rules.add_perm("people.edit_contributor", is_program_admin | is_own_profile)

# Role permissions by name, for code that must not import this module (REST permission classes,
# templates: {% if perms.distinguished.admin %}).
rules.add_perm("distinguished.admin", is_program_admin)
rules.add_perm("distinguished.chair", is_chair)
rules.add_perm("distinguished.panelist", is_panelist)
rules.add_perm("distinguished.approver", is_approver)
