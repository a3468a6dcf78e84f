from django.urls import path

from distinguished.core.exports import download_paths

from . import directory, exports, views

urlpatterns = [
    path("directory/", directory.Directory.as_view(), name="directory"),
    path("memberships/", views.Memberships.as_view(), name="memberships"),
    *download_paths("memberships/export", exports.MembershipsExport.as_view(), "memberships-export"),
    path("memberships/<int:pk>/", views.MembershipDetail.as_view(), name="membership-detail"),
    path("memberships/<int:pk>/revoke/", views.Revoke.as_view(), name="membership-revoke"),
    path("memberships/<int:pk>/lifetime/", views.Lifetime.as_view(), name="membership-lifetime"),
    path("memberships/<int:pk>/renewal/", views.ApplyForRenewal.as_view(), name="membership-renewal"),
    path("memberships/import/", views.MembershipImport.as_view(), name="membership-import"),
    path("renewals/", views.Renewals.as_view(), name="renewals"),
    path("renewals/<int:pk>/", views.RenewalDetail.as_view(), name="renewal-detail"),
    path("renewals/<int:pk>/decision/", views.RenewalDecision.as_view(), name="renewal-decision"),
]
