from django.urls import path

from . import views

app_name = "contributions"
urlpatterns = [
    path("contributions/", views.mine, name="mine"),
    path("contributions/progress/", views.progress, name="progress"),
    path("contributions/imports/", views.imports, name="imports"),
    path("contributions/verify/", views.verify, name="verify"),
    path("contributions/<int:pk>/verify/", views.confirm, name="confirm"),
    path("contributions/imports/<int:run_id>/status/", views.import_status, name="import-status"),
]
