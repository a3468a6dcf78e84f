from django.urls import path

from distinguished.core.exports import download_paths

from . import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.events, name="events"),
    *download_paths("audit/export", views.events_export, "events-export"),
]
