from django.urls import path

from . import views
from .feeds import Announcements

app_name = "cohorts"
urlpatterns = [
    path("cycles/<slug:slug>/approval/", views.approval, name="approval"),
    path("cycles/<slug:slug>/announcement/", views.announcement, name="announcement"),
    path(
        "cycles/<slug:slug>/announcement/language/", views.announcement_language, name="announcement-language"
    ),
    path("announcements.atom", Announcements(), name="feed"),
]
