"""The home page, signing in and out, and the error pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from distinguished.cohorts import api as cohorts
from distinguished.core.rest_errors import is_api_request, json_error, refused_request
from distinguished.membership import api as membership
from distinguished.people.api import OPENEDX_PROVIDER, is_program_admin, roles_of
from distinguished.program import api as program_api

from .agenda import agenda_of, cycles_of
from .openedx_sign_in import open_edx_sign_in_enabled


def home(request):
    """About the person: their work in every cycle where they have some, their renewals, and
    every cycle under way (each open one with its Nominate button). A fixed number of queries
    whatever the number of cycles."""
    cycles = cycles_of(request)
    under_way = sorted(
        (cycle for cycle in cycles if cycle.phase != program_api.Phase.CLOSED),
        key=lambda cycle: (cycle.nominations_open, cycle.pk),
    )
    for cycle in under_way:
        cycle.timeline = program_api.describe_dates(cycle)
    return render(
        request,
        "web/home.html",
        {
            "program": program_api.program_settings(),
            "cycles": under_way,
            "any_cycle": bool(cycles),
            "agenda": agenda_of(request),
            "renewals": membership.renewal_agenda(request.user) if request.user.is_authenticated else None,
            "roles": roles_of(request.user),
            "is_admin": is_program_admin(request.user),
            "announcements": cohorts.announcements(limit=3),
        },
    )


class SignInView(auth_views.LoginView):
    """The password form (unless LOCAL_PASSWORDS is off) and the "Sign in with Open edX" button
    (when the LMS is configured, `openedx_sign_in.py`)."""

    template_name = "web/sign_in.html"
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [(gettext_lazy("Home"), "/"), (gettext_lazy("Sign in"), "")]}

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST" and not settings.LOCAL_PASSWORDS:
            return HttpResponseNotAllowed(
                ["GET"], _("Passwords are off on this site: sign in with Open edX.")
            )
        response = super().dispatch(request, *args, **kwargs)
        if open_edx_sign_in_enabled():
            # The button's form posts here and is redirected to the LMS: Content-Security-Policy's
            # form-action must name it, or the browser stops the redirect.
            response._csp_update = {"form-action": [settings.SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT]}
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            local_passwords=settings.LOCAL_PASSWORDS,
            open_edx=open_edx_sign_in_enabled(),
            open_edx_backend=OPENEDX_PROVIDER,
        )


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def favicon(request):
    return HttpResponsePermanentRedirect(static("distinguished/img/favicon.svg"))


def error_400(request, exception=None):
    # Only our own BadRequest says why; Django's SuspiciousOperation messages (a bad Host header,
    # too many fields) are for the log, as on Django's own 400 page. Too large is a 413 with the limits.
    status, reason = 400, str(exception) if type(exception) is BadRequest else ""
    if isinstance(exception, SuspiciousOperation):
        status, reason = refused_request(exception)
    if is_api_request(request):
        return json_error(status, reason or _("This request cannot be answered as it is."))
    title = _("Too large") if status == 413 else _("Bad request")
    return render(request, "400.html", {"reason": reason, "title": title}, status=status)


def error_404(request, exception=None):
    if is_api_request(request):
        return json_error(404, _("Not found."))
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    if is_api_request(request):
        return json_error(403, str(exception or "") or _("You may not do this."))
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def error_500(request):
    if is_api_request(request):
        return json_error(500, _("Something went wrong on our side; the error has been logged."))
    return render(request, "500.html", status=500)
