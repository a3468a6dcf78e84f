from django.urls import path

from . import screening_pages, views

app_name = "nominations"
urlpatterns = [
    path("nominations/", views.mine, name="mine"),
    path("nominations/new/", views.nominate, name="new"),
    path("nominations/<int:nomination_id>/", views.nomination, name="nomination"),
    path("nominations/<int:nomination_id>/edit/", views.edit, name="edit"),
    path("nominations/<int:nomination_id>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "nominations/<int:nomination_id>/evidence/<int:evidence_id>/remove/",
        views.evidence_remove,
        name="evidence-remove",
    ),
    path("nominations/<int:nomination_id>/consent/", views.consent, name="consent"),
    path("nominations/<int:nomination_id>/endorse/", views.endorse, name="endorse"),
    path("nominations/<int:nomination_id>/endorsement-requests/", views.request_endorsements, name="request"),
    path("nominations/<int:nomination_id>/submit/", views.submit, name="submit"),
    path("nominations/<int:nomination_id>/withdraw/", views.withdraw, name="withdraw"),
    path("nominations/<int:nomination_id>/screening/", views.screen, name="screen"),
    path("cycles/<slug:slug>/screening/", screening_pages.screening, name="screening"),
    path(
        "cycles/<slug:slug>/screening/<int:nomination_id>/decide/",
        screening_pages.decide,
        name="screen-in-list",
    ),
]
