from django.urls import path

from distinguished.core.exports import download_paths

from . import deliberation_pages, export_pages, panel_pages, ranking_pages, views

app_name = "review"
urlpatterns = [
    path("cycles/<slug:slug>/panel/", panel_pages.panel, name="panel"),
    path("cycles/<slug:slug>/panel/seats/<int:seat_id>/remove/", views.unseat, name="unseat"),
    path("cycles/<slug:slug>/panel/waivers/", views.waive, name="waive"),
    path(
        "cycles/<slug:slug>/panel/waivers/<int:waiver_id>/withdraw/",
        views.withdraw_waiver,
        name="withdraw-waiver",
    ),
    path("cycles/<slug:slug>/panel/voided/<int:assignment_id>/reassign/", views.reassign, name="reassign"),
    path("cycles/<slug:slug>/panel/assign/", views.assign, name="assign"),
    path("cycles/<slug:slug>/panel/copy/", panel_pages.copy_panel, name="copy-panel"),
    path("cycles/<slug:slug>/panel/reviewers/", panel_pages.reviewers, name="reviewers"),
    *download_paths(
        "cycles/<slug:slug>/panel/reviewers/export", export_pages.reviews_export, "reviews-export"
    ),
    *download_paths(
        "cycles/<slug:slug>/panel/conflicts/export", export_pages.conflicts_export, "conflicts-export"
    ),
    # The nominations a person may list (My nominations, the screening page): the panel adds its scores.
    *download_paths("nominations/export", export_pages.nominations_export, "nominations-export"),
    path("cycles/<slug:slug>/ranking/", ranking_pages.ranking, name="ranking"),
    # The whole ranking, in the page's sort, for the chair (`?format=csv` on the page is sent here).
    *download_paths("cycles/<slug:slug>/ranking/export", ranking_pages.ranking_export, "ranking-export"),
    path("cycles/<slug:slug>/deliberation/", deliberation_pages.deliberation, name="deliberation"),
    path("cycles/<slug:slug>/deliberation/tallies/", deliberation_pages.tallies, name="tallies"),
    path("cycles/<slug:slug>/deliberation/<int:nomination_id>/vote/", deliberation_pages.vote, name="vote"),
    path(
        "cycles/<slug:slug>/deliberation/<int:nomination_id>/decision/",
        deliberation_pages.decide,
        name="decide",
    ),
    path("review/", views.assignments, name="assignments"),
    path("review/<int:assignment_id>/", views.review, name="review"),
]
