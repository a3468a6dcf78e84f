"""The e-mails the people app sends, declared with their default texts and placeholders (see
notifications/messages.py). Program admins may rewrite each per language."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from distinguished.notifications.api import SAMPLE, Message, Placeholder, declare, listed, site_placeholder

from .enums import Role


def _roles(key: str):
    """The labels of the roles the sender passes as `key`, read in the reader's language."""
    return lambda context: listed(context[key])


def _sample_roles(*roles: Role):
    return lambda: listed(role.label for role in roles)


def _roles_now(context) -> str:
    """The roles held after the change; a person without any is a community member."""
    return listed(context["roles"]) or gettext("community member")


def _opened_by(context) -> str:
    """Who opened the account, when it was not its holder."""
    actor, user = context["actor"], context["user"]
    return "" if actor == user else actor.display_name


NAME = Placeholder("name", _("The account holder’s name"), SAMPLE["person"], lambda c: c["user"].display_name)
SIGN_IN_LINK = site_placeholder(
    _("The sign-in page"), "/accounts/sign-in/", lambda context: context["sign_in_path"], name="sign_in_link"
)

declare(
    Message(
        name="welcome",
        title=_("Account opened"),
        sent=_("To the holder of a new account, when they sign up or a program admin opens it for them."),
        subject=_("Your account for the Open edX Distinguished Contributor Program"),
        body=_(
            "Hello {name},\n"
            "\n"
            "Welcome to the Open edX Distinguished Contributor Program: your account is open.\n"
            "{opened_by} opened it for you.\n"
            "\n"
            "Username: {username}\n"
            "\n"
            "Your roles: {roles}\n"
            "\n"
            "Sign in:\n"
            "\n"
            "{sign_in_link}\n"
            "\n"
            "Read how the program works:\n"
            "\n"
            "{program_link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NAME,
            Placeholder(
                "opened_by",
                _(
                    "The program admin who opened the account (the line is left out when its holder signed up)"
                ),
                SAMPLE["actor"],
                _opened_by,
            ),
            Placeholder(
                "username", _("The account’s username"), SAMPLE["username"], lambda c: c["user"].username
            ),
            Placeholder(
                "roles",
                _("The roles given with the account (the line is left out without any)"),
                _sample_roles(Role.PANELIST),
                _roles("roles"),
            ),
            SIGN_IN_LINK,
            site_placeholder(
                _("The page on how the program works"),
                "/program/",
                lambda context: reverse("program:program"),
                name="program_link",
            ),
        ),
    ),
    Message(
        name="roles_changed",
        title=_("Roles changed"),
        sent=_("To a person whose roles a program admin changes."),
        subject=_("Your roles in the Distinguished Contributor Program changed"),
        body=_(
            "Hello {name},\n"
            "\n"
            "{actor} changed your roles in the Open edX Distinguished Contributor Program.\n"
            "\n"
            "Now granted: {granted}\n"
            "\n"
            "No longer held: {revoked}\n"
            "\n"
            "Your roles now: {roles}\n"
            "\n"
            "Sign in:\n"
            "\n"
            "{sign_in_link}\n"
            "\n"
            "— The Distinguished Contributor Program"
        ),
        placeholders=(
            NAME,
            Placeholder(
                "actor",
                _("The program admin who changed the roles"),
                SAMPLE["actor"],
                lambda context: context["actor"].display_name,
            ),
            Placeholder(
                "granted",
                _("The roles given (the line is left out when none)"),
                _sample_roles(Role.CHAIR),
                _roles("granted"),
            ),
            Placeholder(
                "revoked",
                _("The roles taken away (the line is left out when none)"),
                _sample_roles(Role.PANELIST),
                _roles("revoked"),
            ),
            Placeholder(
                "roles",
                _("The roles held now, or “community member” when none"),
                _sample_roles(Role.CHAIR),
                _roles_now,
            ),
            SIGN_IN_LINK,
        ),
    ),
)
