from django.urls import path

from . import views

urlpatterns = [
    path("contributions/", views.ContributionList.as_view(), name="contributions"),
    path("contributions/import/", views.ContributionImport.as_view(), name="contributions-import"),
    path(
        "contributions/import/<int:pk>/",
        views.ContributionImportRun.as_view(),
        name="contributions-import-run",
    ),
    path(
        "contributions/import/<int:pk>/resume/",
        views.ResumeContributionImport.as_view(),
        name="contributions-import-resume",
    ),
    path("contributions/<int:pk>/verify/", views.VerifyContribution.as_view(), name="contribution-verify"),
]
