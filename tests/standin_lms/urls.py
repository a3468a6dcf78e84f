from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import path
from oauth2_provider import views as oauth2_views

from . import views


class LmsSignInForm(AuthenticationForm):
    """As the LMS: a person whose e-mail is not verified yet (is_active False) may sign in."""

    def confirm_login_allowed(self, user):
        pass


urlpatterns = [
    path(
        "login",
        auth_views.LoginView.as_view(
            template_name="standin_lms/login.html", authentication_form=LmsSignInForm
        ),
        name="login",
    ),
    path("oauth2/authorize", oauth2_views.AuthorizationView.as_view(), name="authorize"),
    path("oauth2/access_token", views.AccessTokenView.as_view(), name="access-token"),
    path("oauth2/jwks.json", views.jwks, name="jwks"),
    path("api/user/v1/me", views.me, name="me"),
    path("api/user/v1/accounts/<str:username>", views.account, name="account"),
]
