from django.urls import path

from distinguished.core.exports import download_paths

from . import directory_views, export_views, my_membership_views, renewal_views, term_views

app_name = "membership"
urlpatterns = [
    path("directory/", directory_views.directory, name="directory"),
    path("directory/<int:contributor_id>/", directory_views.profile, name="profile"),
    path("memberships/", term_views.memberships, name="memberships"),
    path("memberships/mine/", my_membership_views.mine, name="mine"),
    # The list's download: reverse("membership:memberships-export", kwargs={"file_format": "xlsx"}).
    *download_paths("memberships/export", export_views.memberships_export, "memberships-export"),
    path("memberships/<int:membership_id>/renewal/", my_membership_views.apply, name="apply"),
    path("renewals/", renewal_views.renewals, name="renewals"),
    path("renewals/<int:renewal_id>/", renewal_views.renewal, name="renewal"),
]
