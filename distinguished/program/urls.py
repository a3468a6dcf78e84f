from django.urls import path

from . import views

app_name = "program"
urlpatterns = [
    path("program/", views.program, name="program"),
    path("cycles/", views.cycles, name="cycles"),
    path("cycles/new/", views.cycle_new, name="cycle-new"),
    path("cycles/<slug:slug>/", views.cycle, name="cycle"),
    path("cycles/<slug:slug>/edit/", views.cycle_edit, name="cycle-edit"),
    path("cycles/<slug:slug>/targets/", views.cycle_targets, name="cycle-targets"),
    path("cycles/<slug:slug>/phase/", views.cycle_phase, name="cycle-phase"),
]
