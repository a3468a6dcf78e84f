from django.urls import path

from . import views

app_name = "contributions"
urlpatterns = [
    path("contributions/", views.mine, name="mine"),
    path("contributions/progress/", views.progress, name="progress"),
]
