from django.urls import path

from . import views

urlpatterns = [
    path("memberships/", views.Memberships.as_view(), name="memberships"),
    path("memberships/<int:pk>/", views.MembershipDetail.as_view(), name="membership-detail"),
    path("memberships/<int:pk>/revoke/", views.Revoke.as_view(), name="membership-revoke"),
    path("memberships/<int:pk>/lifetime/", views.Lifetime.as_view(), name="membership-lifetime"),
]
