"""Public addresses of the credentials: the issuer Profile (the credentials' `issuer.id`), the
achievements, the status lists, each credential with its baked badge and download, and the verify
page. Credentials and verifiers elsewhere hold these URLs: they keep their paths."""

from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    path("credentials/issuer/", views.issuer, name="issuer"),
    path("credentials/issuer/image.svg", views.issuer_image, name="issuer-image"),
    path("credentials/achievements/<slug:track_code>/", views.achievement, name="achievement"),
    path(
        "credentials/achievements/<slug:track_code>/image.svg",
        views.achievement_image,
        name="achievement-image",
    ),
    path("credentials/status/<int:status_list_id>/", views.status_list, name="status-list"),
    path("credentials/verify/", views.verify, name="verify"),
    path("credentials/<uuid:uuid>/", views.credential, name="credential"),
    path("credentials/<uuid:uuid>/badge.svg", views.badge, name="badge"),
    path("credentials/<uuid:uuid>/badge.png", views.badge_png, name="badge-png"),
    path("credentials/<uuid:uuid>/download/", views.download, name="download"),
]
