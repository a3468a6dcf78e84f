from django.urls import path

from . import slack, views

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
    path("contributions/import/slack/", slack.SlackImport.as_view(), name="contributions-import-slack"),
    path(
        "contributions/import/slack/<int:pk>/",
        slack.SlackImportRun.as_view(),
        name="contributions-import-slack-run",
    ),
    path(
        "contributions/import/slack/<int:pk>/resume/",
        slack.ResumeSlackImport.as_view(),
        name="contributions-import-slack-resume",
    ),
]
