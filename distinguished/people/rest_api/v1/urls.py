from django.urls import path

from . import views

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("users/", views.UserCreate.as_view(), name="users"),
    path("contributors/", views.ContributorCreate.as_view(), name="contributors"),
    path("contributors/<int:pk>/", views.ContributorDetail.as_view(), name="contributor-detail"),
]
