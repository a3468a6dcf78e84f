"""URLs of the directory benchmark's server: the project's own, plus `/bench/trivial/`, the baseline
(a Django view that returns two bytes through the same middleware, on the same gunicorn)."""

from django.http import HttpResponse
from django.urls import path

from distinguished.urls import handler403, handler404, handler500  # noqa: F401
from distinguished.urls import urlpatterns as project_urlpatterns


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *project_urlpatterns]
