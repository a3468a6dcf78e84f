from django.urls import path

from . import consent, endorsements, evidence, nominations, screening, submission

urlpatterns = [
    path("nominations/", nominations.NominationList.as_view(), name="nominations"),
    path("nominations/<int:pk>/", nominations.NominationDetail.as_view(), name="nomination-detail"),
    path("nominations/<int:pk>/evidence/", evidence.EvidenceList.as_view(), name="nomination-evidence"),
    path(
        "nominations/<int:pk>/evidence/<int:evidence_id>/",
        evidence.EvidenceDetail.as_view(),
        name="nomination-evidence-detail",
    ),
    path("nominations/<int:pk>/consent/", consent.Consent.as_view(), name="nomination-consent"),
    path(
        "nominations/<int:pk>/endorsement-requests/",
        endorsements.EndorsementRequests.as_view(),
        name="nomination-endorsement-requests",
    ),
    path(
        "nominations/<int:pk>/endorsements/",
        endorsements.Endorsements.as_view(),
        name="nomination-endorsements",
    ),
    path("nominations/<int:pk>/invitation/", endorsements.Invitation.as_view(), name="nomination-invitation"),
    path("nominations/<int:pk>/submit/", submission.Submit.as_view(), name="nomination-submit"),
    path("nominations/<int:pk>/withdraw/", submission.Withdraw.as_view(), name="nomination-withdraw"),
    path("nominations/<int:pk>/eligibility/", screening.Eligibility.as_view(), name="nomination-eligibility"),
    path("nominations/<int:pk>/scorecard/", screening.Scorecard.as_view(), name="nomination-scorecard"),
    path("nominations/<int:pk>/screening/", screening.Screening.as_view(), name="nomination-screening"),
]
