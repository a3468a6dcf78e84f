from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("program/dashboard/", views.dashboard, name="dashboard"),
    path("program/impact/", views.impact, name="impact"),
]
