from django.urls import path

from . import views

urlpatterns = [
    path(
        "memberships/<int:pk>/credential/",
        views.MembershipCredential.as_view(),
        name="membership-credential",
    ),
    path("credentials/verify/", views.VerifyCredential.as_view(), name="credentials-verify"),
]
