from django.urls import path

from distinguished.core.exports import download_paths

from . import assignments, conflicts, deliberation, exports, panel, panel_tools, ranking, reviews

urlpatterns = [
    path("cycles/<slug:slug>/panel/", panel.Panel.as_view(), name="panel"),
    path("cycles/<slug:slug>/panel/seats/", panel.Seats.as_view(), name="panel-seats"),
    path("cycles/<slug:slug>/panel/copy/", panel_tools.PanelCopy.as_view(), name="panel-copy"),
    path("cycles/<slug:slug>/reviewers/", panel_tools.Reviewers.as_view(), name="reviewers"),
    path("cycles/<slug:slug>/panel/seats/<int:seat_id>/", panel.SeatDetail.as_view(), name="panel-seat"),
    path("cycles/<slug:slug>/conflicts/", conflicts.Conflicts.as_view(), name="conflicts"),
    *download_paths(
        "cycles/<slug:slug>/conflicts/export", exports.ConflictsExport.as_view(), "conflicts-export"
    ),
    *download_paths("cycles/<slug:slug>/reviews/export", exports.ReviewsExport.as_view(), "reviews-export"),
    *download_paths("nominations/export", exports.NominationsExport.as_view(), "nominations-export"),
    path("cycles/<slug:slug>/conflicts/waivers/", conflicts.Waivers.as_view(), name="conflict-waivers"),
    path(
        "cycles/<slug:slug>/conflicts/waivers/<int:waiver_id>/withdraw/",
        conflicts.WithdrawWaiver.as_view(),
        name="conflict-waiver-withdraw",
    ),
    path("cycles/<slug:slug>/assignments/", assignments.Assign.as_view(), name="assign"),
    path(
        "cycles/<slug:slug>/assignments/by-hand/", assignments.AssignByHand.as_view(), name="assign-by-hand"
    ),
    path(
        "cycles/<slug:slug>/assignments/voided/",
        assignments.VoidedAssignments.as_view(),
        name="voided-assignments",
    ),
    path("cycles/<slug:slug>/ranking/", ranking.Ranking.as_view(), name="ranking"),
    *download_paths("cycles/<slug:slug>/ranking/export", ranking.RankingExport.as_view(), "ranking-export"),
    path("cycles/<slug:slug>/deliberation/", deliberation.Deliberation.as_view(), name="deliberation"),
    path("nominations/<int:pk>/votes/", deliberation.Votes.as_view(), name="nomination-votes"),
    path("nominations/<int:pk>/decision/", deliberation.Decision.as_view(), name="nomination-decision"),
    path("assignments/", reviews.MyAssignments.as_view(), name="my-assignments"),
    path("assignments/<int:assignment_id>/review/", reviews.WriteReview.as_view(), name="assignment-review"),
    path(
        "assignments/<int:assignment_id>/reassign/",
        assignments.Reassign.as_view(),
        name="assignment-reassign",
    ),
]
