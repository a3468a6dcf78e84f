"""URL configuration: the pages of each app, the REST API under /api/v1/, and its schema."""

from csp.decorators import csp_exempt
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from distinguished.web import openedx_sign_in

api_v1 = [
    path("", include("distinguished.people.rest_api.v1.urls")),
    path("", include("distinguished.program.rest_api.v1.urls")),
    path("", include("distinguished.audit.rest_api.v1.urls")),
    path("", include("distinguished.nominations.rest_api.v1.urls")),
    path("", include("distinguished.contributions.rest_api.v1.urls")),
    path("", include("distinguished.review.rest_api.v1.urls")),
    path("", include("distinguished.membership.rest_api.v1.urls")),
    path("", include("distinguished.credentials.rest_api.v1.urls")),
    path("", include("distinguished.cohorts.rest_api.v1.urls")),
    path("", include("distinguished.stats.rest_api.v1.urls")),
    path("", include("distinguished.notifications.rest_api.v1.urls")),
]

# "Sign in with Open edX" (web/openedx_sign_in.py); social-auth names its views in the "social" namespace.
open_edx_sign_in = [
    path("login/<str:backend>/", openedx_sign_in.begin, name="begin"),
    path("complete/<str:backend>/", openedx_sign_in.complete, name="complete"),
]

urlpatterns = [
    path("", include("distinguished.web.urls")),
    path("accounts/", include((open_edx_sign_in, "social"))),
    path("", include("distinguished.program.urls")),
    path("", include("distinguished.people.urls")),
    path("", include("distinguished.nominations.urls")),
    path("", include("distinguished.contributions.urls")),
    path("", include("distinguished.review.urls")),
    path("", include("distinguished.cohorts.urls")),
    path("", include("distinguished.membership.urls")),
    path("", include("distinguished.credentials.urls")),
    path("", include("distinguished.audit.urls")),
    path("", include("distinguished.notifications.urls")),
    path("", include("distinguished.stats.urls")),
    path("api/v1/", include((api_v1, "api"), namespace="api-v1")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI ships inline scripts of its own; the rest of the site keeps the strict policy. (No
    # Redoc: its page loads fonts and a logo from outside, and Swagger UI serves the same schema.)
    path("api/docs/", csp_exempt()(SpectacularSwaggerView.as_view(url_name="schema")), name="swagger-ui"),
    path("django-admin/", admin.site.urls),
]

handler400 = "distinguished.web.views.error_400"
handler403 = "distinguished.web.views.error_403"
handler404 = "distinguished.web.views.error_404"
handler500 = "distinguished.web.views.error_500"
