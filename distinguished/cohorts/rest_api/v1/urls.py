from django.urls import path

from . import views

urlpatterns = [
    path("cycles/<slug:slug>/approval/", views.Approval.as_view(), name="approval"),
    path("cycles/<slug:slug>/approval/submit/", views.SubmitForApproval.as_view(), name="approval-submit"),
    path("cycles/<slug:slug>/announce/", views.Announce.as_view(), name="announce"),
    path("cycles/<slug:slug>/announce-recorded/", views.AnnounceRecorded.as_view(), name="announce-recorded"),
    path("cycles/<slug:slug>/announcement/", views.AnnouncementText.as_view(), name="announcement"),
]
