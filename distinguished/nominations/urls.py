from django.urls import path

from . import (
    consent_pages,
    draft_pages,
    endorsement_pages,
    my_nominations_pages,
    nominate_pages,
    nomination_page,
    screening_pages,
    submission_pages,
)

app_name = "nominations"
urlpatterns = [
    path("nominations/", my_nominations_pages.mine, name="mine"),
    path("nominations/new/", nominate_pages.nominate, name="new"),
    path("nominations/<int:nomination_id>/", nomination_page.nomination, name="nomination"),
    path("nominations/<int:nomination_id>/edit/", draft_pages.edit, name="edit"),
    path("nominations/<int:nomination_id>/evidence/", draft_pages.evidence_add, name="evidence-add"),
    path(
        "nominations/<int:nomination_id>/evidence/<int:evidence_id>/remove/",
        draft_pages.evidence_remove,
        name="evidence-remove",
    ),
    path("nominations/<int:nomination_id>/consent/", consent_pages.consent, name="consent"),
    path("nominations/<int:nomination_id>/endorse/", endorsement_pages.endorse, name="endorse"),
    path(
        "nominations/<int:nomination_id>/endorsement-requests/",
        endorsement_pages.request_endorsements,
        name="request",
    ),
    path("nominations/<int:nomination_id>/submit/", submission_pages.submit, name="submit"),
    path("nominations/<int:nomination_id>/withdraw/", submission_pages.withdraw, name="withdraw"),
    path("nominations/<int:nomination_id>/screening/", screening_pages.screen, name="screen"),
    path("cycles/<slug:slug>/screening/", screening_pages.screening, name="screening"),
    path(
        "cycles/<slug:slug>/screening/<int:nomination_id>/decide/",
        screening_pages.decide,
        name="screen-in-list",
    ),
]
