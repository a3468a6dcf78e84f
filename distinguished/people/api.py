"""People: contributors, users and their program roles. Other apps, views and the REST API call
these functions; none of them write the models directly."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit
from distinguished.notifications import api as notifications

from . import signals
from .enums import ContributorKind, Role, SizeTier
from .exports import contributors_export, search_contributors, visible_contributors
from .languages import check_language, choose_language, language_of, offered_languages
from .listing import apply_listing_answer, listing_changed_since
from .models import Contributor, User, UserRole
from .openedx_accounts import PROVIDER as OPENEDX_PROVIDER
from .openedx_accounts import EmailNotVerified, LmsAccount, account_for_lms_user
from .rules import forget_roles, is_approver, is_chair, is_panelist, is_program_admin, roles_of
from .search import matching_word

__all__ = [
    "OPENEDX_PROVIDER",
    "Contributor",
    "ContributorKind",
    "EmailNotVerified",
    "LmsAccount",
    "Role",
    "SizeTier",
    "User",
    "account_for_lms_user",
    "apply_listing_answer",
    "bootstrap_admin",
    "check_language",
    "choose_language",
    "claim_profile",
    "contributor_handles",
    "contributor_ids_by_handle",
    "contributors",
    "contributors_by_slack",
    "contributors_export",
    "create_contributor",
    "create_user",
    "find_contributor",
    "find_user",
    "get_contributor",
    "has_role",
    "is_approver",
    "is_chair",
    "is_panelist",
    "is_program_admin",
    "language_of",
    "listing_changed_since",
    "lock_contributor",
    "matching_word",
    "offered_languages",
    "register_nominee",
    "roles_of",
    "search_contributors",
    "set_roles",
    "sign_up",
    "signals",
    "update_contributor",
    "users",
    "visible_contributors",
]

CONTRIBUTOR_FIELDS = (
    "kind",
    "name",
    "email",
    "github",
    "forum",
    "slack",
    "slack_id",
    "organization",
    "size_tier",
    "employees",
    "country",
    "website",
    "bio",
    "listed_publicly",
)


# Identity handles that importers match contributions by, unique regardless of case, with the error
# of one already taken (a whole sentence each, for translators).
HANDLES = {
    "email": gettext_lazy("A contributor with this e-mail already exists."),
    "github": gettext_lazy("A contributor with this GitHub login already exists."),
    "forum": gettext_lazy("A contributor with this forum username already exists."),
    "slack_id": gettext_lazy("A contributor with this Slack member ID already exists."),
}
# A Slack member ID: U or W and letters or digits (Slack shows it upper-case).
SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,19}")


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def users():
    return User.objects.select_related("contributor").prefetch_related("roles").order_by("username")


def contributors():
    return Contributor.objects.select_related("organization").order_by("name", "id")


def get_contributor(contributor_id) -> Contributor:
    return Contributor.objects.select_related("organization").get(pk=contributor_id)


def lock_contributor(contributor_id) -> Contributor:
    """Lock the contributor's row until the transaction ends, so that rules checked per contributor
    (such as no two overlapping terms on a track) hold when two requests race."""
    return Contributor.objects.select_for_update().get(pk=contributor_id)


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


def find_contributor(*, email: str = "", name: str = "") -> Contributor | None:
    """A contributor by e-mail (case-insensitive), else by exact name."""
    if email:
        return Contributor.objects.filter(email__iexact=email).first()
    return Contributor.objects.filter(name=name).first()


def _clean_contributor(contributor: Contributor) -> None:
    errors: dict[str, list[str]] = {}
    is_org = contributor.kind == ContributorKind.ORGANIZATION
    if is_org:
        if not contributor.size_tier:
            errors["size_tier"] = [
                _(
                    "Say whether the organization is a larger or a smaller partner: "
                    "the Partner track measures them differently."
                )
            ]
        if contributor.organization_id:
            errors["organization"] = [_("An organization cannot be affiliated with another one.")]
    else:
        if contributor.size_tier:
            errors["size_tier"] = [_("Only organizations have a size tier.")]
        if contributor.employees is not None:
            errors["employees"] = [_("Only organizations have employees.")]
    if contributor.organization is not None and not contributor.organization.is_organization:
        errors["organization"] = [
            _("%(organization)s is a person, not an organization.")
            % {"organization": contributor.organization}
        ]
    if contributor.employees is not None and contributor.employees < 1:
        errors["employees"] = [_("An organization has at least one employee.")]
    contributor.slack_id = (contributor.slack_id or "").strip().upper()
    if contributor.slack_id and not SLACK_ID.fullmatch(contributor.slack_id):
        errors["slack_id"] = [
            _("A Slack member ID looks like U024BE7LH: in Slack, open your profile, ⋮, “Copy member ID”.")
        ]
    for field in HANDLES:
        value = getattr(contributor, field)
        taken = Contributor.objects.filter(**{f"{field}__iexact": value}).exclude(pk=contributor.pk)
        if value and taken.exists():
            # Who holds it is not said: a member must not learn others' addresses this way.
            errors.setdefault(field, []).append(str(HANDLES[field]))
    try:
        contributor.full_clean(validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def create_contributor(*, actor, **fields) -> Contributor:
    """A program admin records anyone; a member records their own person profile, once."""
    unknown = set(fields) - set(CONTRIBUTOR_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    own_profile = not is_program_admin(actor)
    if own_profile:
        if not actor.is_authenticated:
            raise PermissionDenied(_("Sign in to create your profile."))
        if actor.contributor_id:
            raise PermissionDenied(_("You already have a contributor profile; edit it instead."))
        if fields.get("kind") != ContributorKind.PERSON:
            raise PermissionDenied(
                _("Members create their own person profile; ask an admin to add an organization.")
            )
    contributor = Contributor(**fields)
    _clean_contributor(contributor)
    with transaction.atomic():
        contributor.save()
        if own_profile:
            User.objects.filter(pk=actor.pk).update(contributor=contributor)
            actor.contributor = contributor
            # A new own profile can put its account in conflict (a shared organization).
            signals.profile_claimed.send(sender=Contributor, user=actor, contributor=contributor)
        audit.record(actor=actor, verb="contributor.created", obj=contributor)
    return contributor


def update_contributor(*, actor, contributor: Contributor, **fields) -> Contributor:
    """Change a profile: program admins any, a member only their own."""
    if not actor.has_perm("people.edit_contributor", contributor):
        raise PermissionDenied(_("You may only edit your own profile."))
    unknown = set(fields) - set(CONTRIBUTOR_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    if "kind" in fields and fields["kind"] != contributor.kind and not is_program_admin(actor):
        raise PermissionDenied(
            _("Only program admins change whether a profile is a person or an organization.")
        )
    before = {name: getattr(contributor, name) for name in fields}
    for name, value in fields.items():
        setattr(contributor, name, value)
    try:
        _clean_contributor(contributor)
    except ValidationError:
        contributor.refresh_from_db()
        raise
    changed = {
        name: str(getattr(contributor, name)) for name in fields if before[name] != getattr(contributor, name)
    }
    with transaction.atomic():
        contributor.save()
        if changed:
            audit.record(actor=actor, verb="contributor.updated", obj=contributor, data={"changed": changed})
        if {"organization", "kind"} & set(changed):
            signals.affiliation_changed.send(sender=Contributor, contributor=contributor, actor=actor)
    return contributor


def register_nominee(
    *, actor, kind: str, name: str, email: str, organization: Contributor | None = None
) -> Contributor:
    """A member nominating someone the program does not know yet records them: a person, or an
    organization (for the Partner track), not listed publicly until they agree. The e-mail is
    where the nominee is asked for consent."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to nominate."))
    if kind not in ContributorKind.values:
        raise ValidationError(
            {
                "kind": [
                    _("Unknown kind “%(kind)s”; a nominee is a person or an organization.") % {"kind": kind}
                ]
            }
        )
    if not (email or "").strip():
        raise ValidationError({"email": [_("Give the nominee's e-mail address: they are asked to accept.")]})
    contributor = Contributor(
        kind=kind,
        name=(name or "").strip(),
        email=email.strip(),
        organization=organization if kind == ContributorKind.PERSON else None,
        # Organizations start as smaller partners; a program admin corrects the tier.
        size_tier=SizeTier.SMALLER if kind == ContributorKind.ORGANIZATION else "",
    )
    _clean_contributor(contributor)
    with transaction.atomic():
        contributor.save()
        audit.record(
            actor=actor, verb="contributor.created", obj=contributor, reason="Registered as a nominee."
        )
    return contributor


def claim_profile(*, user: User, contributor: Contributor) -> None:
    """Link a contributor profile to the account of the person who proved they own its e-mail
    (they followed a link sent there). Does nothing when either is already linked."""
    if user.contributor_id or User.objects.filter(contributor=contributor).exists():
        return
    # Following the link proved the profile's address; it is the account's too when they are the same.
    proved = bool(user.email) and user.email.lower() == (contributor.email or "").lower()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(
            contributor=contributor, email_verified=user.email_verified or proved
        )
        user.contributor = contributor
        user.email_verified = user.email_verified or proved
        audit.record(actor=user, verb="contributor.claimed", obj=contributor)
        signals.profile_claimed.send(sender=Contributor, user=user, contributor=contributor)


def contributor_ids_by_handle(field: str, handles) -> dict[str, int]:
    """Map GitHub logins or forum usernames (lower-cased) to contributor ids, for importers.
    `field` is "github" or "forum"; one query."""
    if field not in ("github", "forum"):
        raise ValueError(f"Contributors are not matched by {field}.")
    wanted = {handle.lower() for handle in handles if handle}
    if not wanted:
        return {}
    rows = Contributor.objects.exclude(**{field: ""}).values_list(field, "pk")
    return {handle.lower(): pk for handle, pk in rows if handle.lower() in wanted}


def contributors_by_slack(slack_ids, emails) -> tuple[dict[str, int], dict[str, int]]:
    """Contributor ids by Slack member ID (upper-cased) and by e-mail (lower-cased), for the Slack
    import: ({slack id: contributor id}, {e-mail: contributor id}), in one query."""
    slack_ids = {value.upper() for value in slack_ids if value}
    emails = {value.lower() for value in emails if value}
    by_id: dict[str, int] = {}
    by_email: dict[str, int] = {}
    if not (slack_ids or emails):
        return by_id, by_email
    rows = Contributor.objects.annotate(slack_upper=Upper("slack_id"), email_lower=Lower("email")).filter(
        Q(slack_upper__in=slack_ids) | Q(email_lower__in=emails)
    )
    for pk, slack_id, email in rows.values_list("pk", "slack_upper", "email_lower"):
        if slack_id in slack_ids:
            by_id[slack_id] = pk
        if email in emails:
            by_email[email] = pk
    return by_id, by_email


def contributor_handles(field: str) -> dict[str, int]:
    """Every known GitHub login or forum username (lower-cased) with its contributor id."""
    if field not in ("github", "forum"):
        raise ValueError(f"Contributors are not matched by {field}.")
    return {
        handle.lower(): pk
        for handle, pk in Contributor.objects.exclude(**{field: ""}).values_list(field, "pk")
    }
