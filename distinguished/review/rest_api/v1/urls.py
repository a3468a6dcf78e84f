from django.urls import path

from distinguished.core.exports import download_paths

from . import exports, panel_tools, ranking, views

urlpatterns = [
    path("cycles/<slug:slug>/panel/", views.Panel.as_view(), name="panel"),
    path("cycles/<slug:slug>/panel/seats/", views.Seats.as_view(), name="panel-seats"),
    path("cycles/<slug:slug>/panel/copy/", panel_tools.PanelCopy.as_view(), name="panel-copy"),
    path("cycles/<slug:slug>/reviewers/", panel_tools.Reviewers.as_view(), name="reviewers"),
    path("cycles/<slug:slug>/panel/seats/<int:seat_id>/", views.SeatDetail.as_view(), name="panel-seat"),
    path("cycles/<slug:slug>/conflicts/", views.Conflicts.as_view(), name="conflicts"),
    *download_paths(
        "cycles/<slug:slug>/conflicts/export", exports.ConflictsExport.as_view(), "conflicts-export"
    ),
    *download_paths("cycles/<slug:slug>/reviews/export", exports.ReviewsExport.as_view(), "reviews-export"),
    *download_paths("nominations/export", exports.NominationsExport.as_view(), "nominations-export"),
    path("cycles/<slug:slug>/conflicts/waivers/", views.Waivers.as_view(), name="conflict-waivers"),
    path(
        "cycles/<slug:slug>/conflicts/waivers/<int:waiver_id>/withdraw/",
        views.WithdrawWaiver.as_view(),
        name="conflict-waiver-withdraw",
    ),
    path("cycles/<slug:slug>/assignments/", views.Assign.as_view(), name="assign"),
    path("cycles/<slug:slug>/assignments/by-hand/", views.AssignByHand.as_view(), name="assign-by-hand"),
    path(
        "cycles/<slug:slug>/assignments/voided/", views.VoidedAssignments.as_view(), name="voided-assignments"
    ),
    path("cycles/<slug:slug>/ranking/", ranking.Ranking.as_view(), name="ranking"),
    *download_paths("cycles/<slug:slug>/ranking/export", ranking.RankingExport.as_view(), "ranking-export"),
    path("cycles/<slug:slug>/deliberation/", views.Deliberation.as_view(), name="deliberation"),
    path("nominations/<int:pk>/votes/", views.Votes.as_view(), name="nomination-votes"),
    path("nominations/<int:pk>/decision/", views.Decision.as_view(), name="nomination-decision"),
    path("assignments/", views.MyAssignments.as_view(), name="my-assignments"),
    path("assignments/<int:assignment_id>/review/", views.WriteReview.as_view(), name="assignment-review"),
    path("assignments/<int:assignment_id>/reassign/", views.Reassign.as_view(), name="assignment-reassign"),
]
