"""The footer's language switch: the language goes into a cookie (Django's `set_language`) and,
for a signed-in person, onto their account (people.choose_language), so that it follows them to
another browser and into their e-mails."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from distinguished.people import api as people


@require_POST
def choose_language(request):
    code = request.POST.get("language", "")
    try:
        people.check_language(code)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = request.POST.get("next", "")
        safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
        return redirect(back if safe and back else "web:home")
    if request.user.is_authenticated:
        people.choose_language(request.user, code)
    return set_language(request)
