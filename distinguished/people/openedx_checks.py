"""Deploy-time checks of the Open edX settings (`distinguished check`, run by `migrate` too): a JWT key
set that does not parse would otherwise fail every JWT request, and passwords turned off with no
Open edX sign-in would leave no way in."""

import json

from django.conf import settings
from django.core import checks
from jwt import PyJWKSet
from jwt.exceptions import PyJWKSetError


@checks.register(checks.Tags.security)
def check_open_edx_settings(app_configs=None, **kwargs):
    found = []
    key_set = getattr(settings, "JWT_AUTH", {}).get("JWT_PUBLIC_SIGNING_JWK_SET")
    if key_set:
        try:
            PyJWKSet.from_json(key_set)
        except (PyJWKSetError, json.JSONDecodeError, TypeError, ValueError) as error:
            found.append(
                checks.Error(
                    f"JWT_PUBLIC_SIGNING_JWK_SET is not a JSON Web Key Set: {error}",
                    hint="Copy the LMS's JWT_PUBLIC_SIGNING_JWK_SET as it is, or leave it empty.",
                    id="people.E001",
                )
            )
        issuer = settings.JWT_AUTH["JWT_ISSUERS"][0]
        if not issuer.get("ISSUER"):
            found.append(
                checks.Error(
                    "JWT_PUBLIC_SIGNING_JWK_SET is set but no issuer is known.",
                    hint="Set JWT_ISSUER (the LMS's, e.g. https://lms.example.org/oauth2) or "
                    "SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT.",
                    id="people.E002",
                )
            )
    open_edx = all(
        getattr(settings, name, "")
        for name in (
            "SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT",
            "SOCIAL_AUTH_EDX_OAUTH2_KEY",
            "SOCIAL_AUTH_EDX_OAUTH2_SECRET",
        )
    )
    if not settings.LOCAL_PASSWORDS and not open_edx:
        found.append(
            checks.Warning(
                "LOCAL_PASSWORDS is off and signing in with Open edX is not set up: nobody can sign in.",
                hint="Set SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT, _KEY and _SECRET, or LOCAL_PASSWORDS=true.",
                id="people.W001",
            )
        )
    return found
