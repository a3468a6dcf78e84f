from django.urls import path

from distinguished.core.exports import download_paths

from . import views

app_name = "people"
urlpatterns = [
    path("people/", views.contributors, name="contributors"),
    *download_paths("people/export", views.contributors_export, "contributors-export"),
    path("people/new/", views.contributor_new, name="contributor-new"),
    path("people/<int:contributor_id>/edit/", views.contributor_edit, name="contributor-edit"),
    path("people/me/", views.me, name="me"),
    path("accounts/sign-up/", views.sign_up, name="sign-up"),
    path("people/accounts/", views.users, name="users"),
    path("people/accounts/new/", views.user_new, name="user-new"),
    path("people/accounts/<int:user_id>/roles/", views.user_roles, name="user-roles"),
]
