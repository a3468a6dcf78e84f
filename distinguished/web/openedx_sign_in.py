"""The pages of 'Sign in with Open edX' (decision 0017): the button's target, which sends the browser
to the LMS, and the page the LMS sends it back to. social-auth-app-django runs the flow; these views
make it answer only when the LMS is configured, and turn every failure (consent refused, a state that
does not match, an LMS that cannot be reached or answers nonsense, an e-mail the LMS has not
verified, an account here that is disabled) into a page that says what happened and what to do,
with status 400, 403 or 502 and no one signed in."""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from social_core.exceptions import (
    AuthCanceled,
    AuthConfigurationError,
    AuthProviderError,
    AuthResponseError,
    AuthSessionError,
    SocialAuthBaseException,
)
from social_django import views as social_views

from distinguished.people.api import OPENEDX_PROVIDER

logger = logging.getLogger(__name__)
BACKEND = OPENEDX_PROVIDER


def open_edx_sign_in_enabled() -> bool:
    return bool(
        settings.SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT
        and settings.SOCIAL_AUTH_EDX_OAUTH2_KEY
        and settings.SOCIAL_AUTH_EDX_OAUTH2_SECRET
    )


def _only_when_configured(backend: str) -> None:
    if backend != BACKEND or not open_edx_sign_in_enabled():
        raise Http404(_("Signing in with Open edX is not set up on this site."))


def begin(request, backend):
    """POST from the sign-in page's button: off to the LMS's authorization page."""
    _only_when_configured(backend)
    return social_views.auth(request, backend)


@never_cache
@csrf_exempt
def complete(request, backend):
    """The LMS sends the browser back here with a code (or an error)."""
    _only_when_configured(backend)
    try:
        return social_views.complete(request, backend)
    except SocialAuthBaseException as error:
        logger.info("Open edX sign-in failed: %s (%s)", error.code, type(error).__name__)
        title, message, status = _explain(error)
        return render(
            request,
            "web/open_edx_failed.html",
            {"title": title, "message": message, "breadcrumbs": [(_("Home"), "/"), (_("Sign in"), "")]},
            status=status,
        )


def _explain(error: SocialAuthBaseException) -> tuple[str, str, int]:
    lms = settings.SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT
    if error.code == "email_verification_rejected":  # people.openedx_backend.UnverifiedEmail
        return (
            _("Verify your e-mail on Open edX first"),
            _(
                "Open edX has not verified the e-mail address of your account yet. Follow the link in the "
                "activation e-mail that %(lms)s sent you, then sign in here again."
            )
            % {"lms": lms},
            400,
        )
    if error.code == "membership_required":  # people.openedx_backend.DisabledAccount
        return (
            _("This account is disabled"),
            _(
                "Your Open edX account is linked to an account here that the program's admins have "
                "disabled. Ask them if you think this is a mistake."
            ),
            403,
        )
    if isinstance(error, AuthCanceled):
        return (
            _("Sign-in cancelled"),
            _(
                "You did not allow this site to use your Open edX account, so you are not signed in. "
                "Sign in again and choose Allow, or sign in another way."
            ),
            400,
        )
    if isinstance(error, AuthSessionError):
        return (
            _("This sign-in link has expired"),
            _(
                "The answer from Open edX does not belong to a sign-in started in this browser (it may be "
                "old, or opened in another browser). Nothing happened: start again from the sign-in page."
            ),
            400,
        )
    if isinstance(error, AuthProviderError | AuthResponseError):
        return (
            _("Open edX cannot be reached"),
            _(
                "This site could not complete your sign-in with Open edX at %(lms)s: it did not answer, or "
                "not as expected. Try again in a few minutes; if it persists, tell the program's admins."
            )
            % {"lms": lms},
            502,
        )
    if isinstance(error, AuthConfigurationError):
        return (
            _("Signing in with Open edX is not working"),
            _("This site's connection to Open edX is not set up correctly. Tell the program's admins."),
            502,
        )
    return (
        _("Signing in with Open edX did not work"),
        _("Nothing happened and you are not signed in. Start again from the sign-in page."),
        400,
    )
