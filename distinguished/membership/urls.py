from django.urls import path

from distinguished.core.exports import download_paths

from . import directory_views, export_views, views

app_name = "membership"
urlpatterns = [
    path("directory/", directory_views.directory, name="directory"),
    path("directory/<int:contributor_id>/", directory_views.profile, name="profile"),
    path("memberships/", views.memberships, name="memberships"),
    path("memberships/mine/", views.mine, name="mine"),
    # The list's download: reverse("membership:memberships-export", kwargs={"file_format": "xlsx"}).
    *download_paths("memberships/export", export_views.memberships_export, "memberships-export"),
    path("memberships/<int:membership_id>/renewal/", views.apply, name="apply"),
    path("renewals/", views.renewals, name="renewals"),
    path("renewals/<int:renewal_id>/", views.renewal, name="renewal"),
]
