from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("emails/", views.message_list, name="messages"),
    path("emails/<str:name>/<str:language>/", views.message_edit, name="message"),
    path("emails/<str:name>/<str:language>/preview/", views.message_preview, name="message-preview"),
    path("emails/<str:name>/<str:language>/reset/", views.message_reset, name="message-reset"),
]
