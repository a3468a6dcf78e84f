"""A signed-in person reads the site in the language they saved (people.languages), whatever their
browser asks for; Django's LocaleMiddleware has chosen from the cookie and Accept-Language before."""

from django.utils import translation

from .languages import language_of


class SavedLanguage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            code = language_of(user)
            if code and code != request.LANGUAGE_CODE:
                translation.activate(code)
                request.LANGUAGE_CODE = code
        return self.get_response(request)
