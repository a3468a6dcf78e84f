"""Contributors (persons and organizations), the users who sign in, and their program roles."""

import rules
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .enums import ContributorKind, Role, SizeTier


class Contributor(models.Model):
    """Someone the program can recognize: a person or an organization."""

    kind = models.CharField(max_length=16, choices=ContributorKind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    github = models.CharField(_("GitHub login"), max_length=39, blank=True)
    forum = models.CharField(_("forum username"), max_length=60, blank=True)
    slack = models.CharField(_("Slack handle"), max_length=80, blank=True)
    # The stable id Slack gives a member (U024BE7LH): a Slack export names people by it.
    slack_id = models.CharField(_("Slack member ID"), max_length=20, blank=True)
    organization = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="affiliates",
        limit_choices_to={"kind": ContributorKind.ORGANIZATION},
        help_text=_("The organization a person works for or represents."),
    )
    size_tier = models.CharField(max_length=16, choices=SizeTier.choices, blank=True)
    employees = models.PositiveIntegerField(null=True, blank=True)
    country = CountryField(blank=True)
    website = models.URLField(blank=True)
    bio = models.TextField(blank=True, max_length=5000)
    listed_publicly = models.BooleanField(
        default=False, help_text=_("Agrees to appear in the public directory.")
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            # Lists ordered by name (the directory, people): walked in order, a page costs its rows.
            models.Index(fields=["name", "id"], name="contributor_name"),
            # The directory's country choices: listed contributors, country by country.
            models.Index(fields=["listed_publicly", "country"], name="contributor_listed_country"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="contributor_unique_email",
                violation_error_message=_("A contributor with this e-mail already exists."),
            ),
            models.UniqueConstraint(
                Lower("github"),
                condition=~models.Q(github=""),
                name="contributor_unique_github",
                violation_error_message=_("A contributor with this GitHub login already exists."),
            ),
            models.UniqueConstraint(
                Lower("forum"),
                condition=~models.Q(forum=""),
                name="contributor_unique_forum",
                violation_error_message=_("A contributor with this forum username already exists."),
            ),
            models.UniqueConstraint(
                Lower("slack_id"),
                condition=~models.Q(slack_id=""),
                name="contributor_unique_slack_id",
                violation_error_message=_("A contributor with this Slack member ID already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_organization(self) -> bool:
        return self.kind == ContributorKind.ORGANIZATION


class User(AbstractUser):
    """A person who signs in. Linked to their contributor profile once they have one."""

    name = models.CharField(_("full name"), max_length=200, blank=True)
    contributor = models.OneToOneField(
        Contributor, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    # Whether the address is known to be its holder's: a program admin made the account, its holder
    # followed a link sent there (claiming the profile of that e-mail), or the LMS verified it. A
    # sign-up's address is anyone's word: an Open edX sign-in never links to it (decision 0017).
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    # The language they chose (a code of settings.LANGUAGES), for the pages they read once signed
    # in and the e-mails sent to them; empty: their browser's, e-mails in the site's default.
    language = models.CharField(_("language"), max_length=16, blank=True, default="")

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("username"),
                name="user_unique_username_ci",
                violation_error_message=_("That username is taken."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.get_full_name() or self.username

    def has_perm(self, perm, obj=None) -> bool:
        """A program rule (`rules.py`) decides for everyone, a Django superuser included: the
        superuser is a program admin there (`rules.roles_of`) and no more, so a conflict still hides
        a nomination and a fact ("the decision is announced") stays a fact. Django's own model
        permissions (the admin site's) keep their superuser shortcut."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class UserRole(models.Model):
    """A program role held by a user. A Django superuser is always a program admin."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=16, choices=Role.choices)
    granted = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="userrole_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
