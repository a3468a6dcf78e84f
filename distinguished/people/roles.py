"""Program roles: who holds which (read in `rules`), and a program admin giving a user exactly
these roles, each grant and removal audited and the user told by e-mail, the role names in their
language."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.notifications import api as notifications

from .enums import Role
from .models import User, UserRole
from .rules import forget_roles, is_program_admin, roles_of


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        known = ", ".join(Role.values)
        raise ValidationError(
            {
                "roles": [
                    _("Unknown role “%(role)s”; the roles are %(known)s.") % {"role": role, "known": known}
                    for role in unknown
                ]
            }
        )
    return roles


def _grant(actor, user: User, role: str) -> None:
    UserRole.objects.create(user=user, role=role)
    audit.record(actor=actor, verb="role.granted", obj=user, to_state=role)


def set_roles(*, actor, user: User, roles: Iterable[str]) -> list[str]:
    """Give `user` exactly these roles; each grant and each removal is audited."""
    if not is_program_admin(actor):
        raise PermissionDenied(_("Only program admins change roles."))
    wanted = set(_check_roles(roles))
    with transaction.atomic():
        held = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
        for role in sorted(wanted - held):
            _grant(actor, user, role)
        for role in sorted(held - wanted):
            UserRole.objects.filter(user=user, role=role).delete()
            audit.record(actor=actor, verb="role.revoked", obj=user, from_state=role)
        if wanted != held:
            notifications.notify(
                user.email,
                "roles_changed",
                {
                    "user": user,
                    "actor": actor,
                    "granted": _labels(wanted - held),
                    "revoked": _labels(held - wanted),
                    "roles": _labels(wanted),
                    "sign_in_path": reverse("web:sign-in"),
                },
            )
    forget_roles(user)
    return sorted(wanted)


class _RoleLabels:
    """The labels of `roles`, read when the e-mail is rendered: in its reader's language (notify
    renders each language's copy with it active), and as plain strings, which the e-mails' `join`
    with autoescaping off needs."""

    def __init__(self, roles):
        self.roles = sorted(roles)

    def __iter__(self):
        return iter([str(Role(role).label) for role in self.roles])

    def __len__(self) -> int:
        return len(self.roles)


def _labels(roles) -> _RoleLabels:
    return _RoleLabels(roles)
