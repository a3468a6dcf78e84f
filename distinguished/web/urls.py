from django.urls import path

from . import language_views, views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    # Browsers and the Django admin ask for /favicon.ico whatever the page names.
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("accounts/sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("language/", language_views.choose_language, name="language"),
]
