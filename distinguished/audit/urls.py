from django.urls import path

from distinguished.core.exports import FORMATS

from . import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.events, name="events"),
    *[
        path(f"audit/export.{f}", views.events_export, {"file_format": f}, name="events-export")
        for f in FORMATS
    ],
]
