from django.urls import path

from distinguished.core.exports import download_paths

from . import exports, language, views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("users/", views.UserCreate.as_view(), name="users"),
    path("me/language/", language.MyLanguage.as_view(), name="my-language"),
    path("contributors/", views.ContributorCreate.as_view(), name="contributors"),
    *download_paths("contributors/export", exports.ContributorsExport.as_view(), "contributors-export"),
    path("contributors/<int:pk>/", views.ContributorDetail.as_view(), name="contributor-detail"),
]
