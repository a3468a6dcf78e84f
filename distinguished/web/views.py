"""The home page, signing in and out, and the error pages."""

from django.contrib.auth import views as auth_views
from django.core.exceptions import BadRequest
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from distinguished.cohorts import api as cohorts
from distinguished.people.api import is_program_admin, roles_of
from distinguished.program import api as program_api


def home(request):
    cycle = program_api.current_cycle()
    return render(
        request,
        "web/home.html",
        {
            "program": program_api.program_settings(),
            "cycle": cycle,
            "timeline": program_api.describe_dates(cycle) if cycle else [],
            "roles": roles_of(request.user),
            "is_admin": is_program_admin(request.user),
            "announcements": cohorts.announcements(limit=3),
        },
    )


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [("Home", "/"), ("Sign in", "")]}


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def favicon(request):
    return HttpResponsePermanentRedirect(static("distinguished/img/favicon.svg"))


def error_400(request, exception=None):
    # Only our own BadRequest says why; Django's SuspiciousOperation messages (a bad Host header,
    # too many fields) are for the log, as on Django's own 400 page.
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def error_500(request):
    return render(request, "500.html", status=500)
