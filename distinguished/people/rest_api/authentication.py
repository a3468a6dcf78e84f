"""The API answers a signed-in caller in the language they saved, as the pages do.

The SavedLanguage middleware sees only a session's user: the REST framework reads a token (or an
Open edX JWT) when the view runs, after every middleware. These classes switch to the saved
language as soon as they know who is calling; the answer's Content-Language follows.
"""

from django.utils import translation
from rest_framework.authentication import TokenAuthentication

from distinguished.people import api


def in_saved_language(request, authenticated):
    """`authenticated` (the (user, auth) pair a class found, or None) unchanged, with the user's
    saved language made active for the rest of the request."""
    if authenticated is not None:
        code = api.language_of(authenticated[0])
        if code and code != translation.get_language():
            translation.activate(code)
            request._request.LANGUAGE_CODE = code
    return authenticated


class SavedLanguageTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <token>`, answered in the caller's saved language."""

    def authenticate(self, request):
        return in_saved_language(request, super().authenticate(request))
