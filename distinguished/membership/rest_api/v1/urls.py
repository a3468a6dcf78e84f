from django.urls import path

from distinguished.core.exports import download_paths

from . import csv_import, directory, exports, renewals, terms

urlpatterns = [
    path("directory/", directory.Directory.as_view(), name="directory"),
    path("memberships/", terms.Memberships.as_view(), name="memberships"),
    *download_paths("memberships/export", exports.MembershipsExport.as_view(), "memberships-export"),
    path("memberships/<int:pk>/", terms.MembershipDetail.as_view(), name="membership-detail"),
    path("memberships/<int:pk>/revoke/", terms.Revoke.as_view(), name="membership-revoke"),
    path("memberships/<int:pk>/lifetime/", terms.Lifetime.as_view(), name="membership-lifetime"),
    path("memberships/<int:pk>/renewal/", renewals.ApplyForRenewal.as_view(), name="membership-renewal"),
    path("memberships/import/", csv_import.MembershipImport.as_view(), name="membership-import"),
    path("renewals/", renewals.Renewals.as_view(), name="renewals"),
    path("renewals/<int:pk>/", renewals.RenewalDetail.as_view(), name="renewal-detail"),
    path("renewals/<int:pk>/decision/", renewals.RenewalDecision.as_view(), name="renewal-decision"),
]
