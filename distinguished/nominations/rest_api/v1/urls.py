from django.urls import path

from . import views

urlpatterns = [
    path("nominations/", views.NominationList.as_view(), name="nominations"),
    path("nominations/<int:pk>/", views.NominationDetail.as_view(), name="nomination-detail"),
    path("nominations/<int:pk>/evidence/", views.EvidenceList.as_view(), name="nomination-evidence"),
    path(
        "nominations/<int:pk>/evidence/<int:evidence_id>/",
        views.EvidenceDetail.as_view(),
        name="nomination-evidence-detail",
    ),
    path("nominations/<int:pk>/consent/", views.Consent.as_view(), name="nomination-consent"),
    path(
        "nominations/<int:pk>/endorsement-requests/",
        views.EndorsementRequests.as_view(),
        name="nomination-endorsement-requests",
    ),
    path("nominations/<int:pk>/endorsements/", views.Endorsements.as_view(), name="nomination-endorsements"),
    path("nominations/<int:pk>/invitation/", views.Invitation.as_view(), name="nomination-invitation"),
    path("nominations/<int:pk>/submit/", views.Submit.as_view(), name="nomination-submit"),
    path("nominations/<int:pk>/withdraw/", views.Withdraw.as_view(), name="nomination-withdraw"),
    path("nominations/<int:pk>/eligibility/", views.Eligibility.as_view(), name="nomination-eligibility"),
    path("nominations/<int:pk>/scorecard/", views.Scorecard.as_view(), name="nomination-scorecard"),
    path("nominations/<int:pk>/screening/", views.Screening.as_view(), name="nomination-screening"),
]
