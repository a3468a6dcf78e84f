from django.urls import path

from . import views

urlpatterns = [
    path("program/", views.ProgramView.as_view(), name="program"),
    path("cycles/", views.CycleList.as_view(), name="cycles"),
    path("cycles/<slug:slug>/", views.CycleDetail.as_view(), name="cycle-detail"),
    path("cycles/<slug:slug>/targets/", views.CycleTargets.as_view(), name="cycle-targets"),
    path("cycles/<slug:slug>/phase/", views.CyclePhase.as_view(), name="cycle-phase"),
]
