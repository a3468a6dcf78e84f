from django.urls import path

from distinguished.core.exports import FORMATS

from . import exports, views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("users/", views.UserCreate.as_view(), name="users"),
    path("contributors/", views.ContributorCreate.as_view(), name="contributors"),
    *[
        path(
            f"contributors/export.{f}",
            exports.ContributorsExport.as_view(),
            {"file_format": f},
            name="contributors-export",
        )
        for f in FORMATS
    ],
    path("contributors/<int:pk>/", views.ContributorDetail.as_view(), name="contributor-detail"),
]
