from django.urls import path

from . import views

urlpatterns = [path("program/stats/", views.ProgramStats.as_view(), name="program-stats")]
