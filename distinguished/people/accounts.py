"""Accounts: a community member signing up, a program admin creating an account with its roles,
the first admin for setup scripts, and finding users."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from distinguished.audit import api as audit
from distinguished.notifications import api as notifications

from .models import Contributor, User
from .roles import _check_roles, _grant, _labels
from .rules import is_program_admin


def users():
    return User.objects.select_related("contributor").prefetch_related("roles").order_by("username")


def _new_user(*, username: str, email: str, password: str, name: str, contributor=None) -> User:
    """A validated, unsaved account with its password set; every problem is named by field."""
    errors: dict[str, list[str]] = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [
            _("The username “%(username)s” is taken; choose another.") % {"username": username}
        ]
    if contributor is not None and User.objects.filter(contributor=contributor).exists():
        errors["contributor"] = [
            _("%(contributor)s is already linked to another account.") % {"contributor": contributor}
        ]
    if not (email or "").strip():
        errors["email"] = [_("Give your e-mail address.")]
    user = User(username=username, email=email, name=name, contributor=contributor)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    try:
        user.full_clean(exclude=["password", "username"] if "username" in errors else ["password"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    return user


def sign_up(*, username: str, email: str, password: str, name: str = "") -> User:
    """A community member opens their own account (no role). Their contributor profile is linked
    when they prove they own its e-mail (a nomination link) or when they create one."""
    user = _new_user(username=username, email=email, password=password, name=name)
    with transaction.atomic():
        user.save()
        audit.record(actor=user, verb="user.signed_up", obj=user)
        notifications.notify(
            user.email,
            "welcome",
            {"user": user, "actor": user, "roles": [], "sign_in_path": reverse("web:sign-in")},
        )
    return user


def create_user(
    *,
    actor,
    username: str,
    email: str,
    password: str,
    name: str = "",
    roles: Iterable[str] = (),
    contributor: Contributor | None = None,
) -> User:
    """Create an account (program admins only), with its roles, in one transaction."""
    if not is_program_admin(actor):
        raise PermissionDenied(_("Only program admins create accounts."))
    roles = _check_roles(roles)
    user = _new_user(username=username, email=email, password=password, name=name, contributor=contributor)
    user.set_password(password)
    user.email_verified = True  # a program admin vouches for the address
    with transaction.atomic():
        user.save()
        audit.record(actor=actor, verb="user.created", obj=user)
        for role in roles:
            _grant(actor, user, role)
        notifications.notify(
            user.email,
            "welcome",
            {"user": user, "actor": actor, "roles": _labels(roles), "sign_in_path": reverse("web:sign-in")},
        )
    return user


def bootstrap_admin(*, username: str, email: str, password: str, name: str = "") -> User:
    """The first program admin (a Django superuser), for setup scripts. Idempotent."""
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User.objects.create_superuser(
            username=username, email=email, password=password, name=name, email_verified=True
        )
        audit.record(actor=None, verb="user.created", obj=user, to_state="superuser")
    return user


def find_user(username: str) -> User | None:
    return User.objects.filter(username__iexact=username).first()
