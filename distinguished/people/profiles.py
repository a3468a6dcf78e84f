"""Contributor profiles, of people and organizations: reading them, the checks a profile passes
(its kind's fields, unique identity handles, a Slack member ID's shape), a program admin or a member
creating and editing them, a nominee the program does not know yet registered, and a profile
claimed by the account of whoever proved they own its e-mail."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.audit import api as audit

from . import signals
from .enums import ContributorKind, SizeTier
from .models import Contributor, User
from .rules import is_program_admin

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


def contributors():
    return Contributor.objects.select_related("organization").order_by("name", "id")


def contributor_db_table() -> str:
    """The database table of contributors, for the raw SQL another app runs on it (the directory's
    countries and its data stamp)."""
    return Contributor._meta.db_table


def ids_with_affiliated_people(contributor_ids, organization_ids):
    """The ids of these contributors and of the people affiliated with these organizations, as a
    subquery (no query of its own)."""
    return Contributor.objects.filter(
        Q(pk__in=contributor_ids) | Q(organization_id__in=organization_ids)
    ).values("pk")


def get_contributor(contributor_id) -> Contributor:
    return Contributor.objects.select_related("organization").get(pk=contributor_id)


def lock_contributor(contributor_id) -> Contributor:
    """Lock the contributor's row until the transaction ends, so that rules checked per contributor
    (such as no two overlapping terms on a track) hold when two requests race."""
    return Contributor.objects.select_for_update().get(pk=contributor_id)


def find_contributor(*, email: str = "", name: str = "") -> Contributor | None:
    """A contributor by e-mail (case-insensitive), else by exact name."""
    if email:
        return Contributor.objects.filter(email__iexact=email).first()
    return Contributor.objects.filter(name=name).first()


def _kind_problems(contributor: Contributor) -> dict[str, list[str]]:
    """What the profile's kind rules out: an organization needs a size tier and is affiliated with no
    one; a person has neither a size tier nor employees."""
    errors = {}
    if contributor.kind == ContributorKind.ORGANIZATION:
        if not contributor.size_tier:
            errors["size_tier"] = [
                _(
                    "Say whether the organization is a larger or a smaller partner: "
                    "the Partner track measures them differently."
                )
            ]
        if contributor.organization_id:
            errors["organization"] = [_("An organization cannot be affiliated with another one.")]
        return errors
    if contributor.size_tier:
        errors["size_tier"] = [_("Only organizations have a size tier.")]
    if contributor.employees is not None:
        errors["employees"] = [_("Only organizations have employees.")]
    return errors


def _organization_problems(contributor: Contributor) -> dict[str, list[str]]:
    """The organization a profile is affiliated with is one, not a person; employees are at least one."""
    errors = {}
    if contributor.organization is not None and not contributor.organization.is_organization:
        errors["organization"] = [
            _("%(organization)s is a person, not an organization.")
            % {"organization": contributor.organization}
        ]
    if contributor.employees is not None and contributor.employees < 1:
        errors["employees"] = [_("An organization has at least one employee.")]
    return errors


def _clean_slack_id(contributor: Contributor) -> dict[str, list[str]]:
    """Writes the Slack member ID stripped and upper-case; the error when it does not look like one."""
    contributor.slack_id = (contributor.slack_id or "").strip().upper()
    if not contributor.slack_id or SLACK_ID.fullmatch(contributor.slack_id):
        return {}
    return {
        "slack_id": [
            _("A Slack member ID looks like U024BE7LH: in Slack, open your profile, ⋮, “Copy member ID”.")
        ]
    }


def _taken_handles(contributor: Contributor) -> dict[str, list[str]]:
    """The identity handles another contributor holds already (one query per handle given)."""
    errors = {}
    for field in HANDLES:
        value = getattr(contributor, field)
        taken = Contributor.objects.filter(**{f"{field}__iexact": value}).exclude(pk=contributor.pk)
        if value and taken.exists():
            # Who holds it is not said: a member must not learn others' addresses this way.
            errors[field] = [str(HANDLES[field])]
    return errors


def _model_problems(contributor: Contributor) -> dict[str, list[str]]:
    """What the model's own validation says (its fields' rules), constraints left to the database."""
    try:
        contributor.full_clean(validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return {}


def _clean_contributor(contributor: Contributor) -> None:
    """The checks a profile passes before it is saved, all errors at once: its kind's fields, its
    affiliation, the Slack member ID's shape, unique identity handles and the model's own rules."""
    errors = {
        **_kind_problems(contributor),
        **_organization_problems(contributor),
        **_clean_slack_id(contributor),
    }
    for more in (_taken_handles(contributor), _model_problems(contributor)):
        for field, messages in more.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _check_known_fields(fields: dict) -> None:
    """Only the profile's fields may be given."""
    unknown = set(fields) - set(CONTRIBUTOR_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})


def create_contributor(*, actor, **fields) -> Contributor:
    """A program admin records anyone; a member records their own person profile, once."""
    _check_known_fields(fields)
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


def _check_may_edit(actor, contributor: Contributor, fields: dict) -> None:
    """Program admins edit any profile, a member only their own, with the profile's fields only; only
    a program admin changes its kind."""
    if not actor.has_perm("people.edit_contributor", contributor):
        raise PermissionDenied(_("You may only edit your own profile."))
    _check_known_fields(fields)
    if "kind" in fields and fields["kind"] != contributor.kind and not is_program_admin(actor):
        raise PermissionDenied(
            _("Only program admins change whether a profile is a person or an organization.")
        )


def update_contributor(*, actor, contributor: Contributor, **fields) -> Contributor:
    """Change a profile: program admins any, a member only their own."""
    _check_may_edit(actor, contributor, fields)
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
