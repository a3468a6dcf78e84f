from django.urls import path

from . import views

urlpatterns = [
    path("emails/", views.MessageList.as_view(), name="emails"),
    path("emails/<str:name>/<str:language>/", views.MessageText.as_view(), name="email-text"),
    path("emails/<str:name>/<str:language>/preview/", views.MessagePreview.as_view(), name="email-preview"),
    path("emails/<str:name>/<str:language>/reset/", views.MessageReset.as_view(), name="email-reset"),
    path(
        "emails/<str:name>/<str:language>/versions/", views.MessageVersions.as_view(), name="email-versions"
    ),
]
