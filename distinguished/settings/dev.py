"""Local development: `make run`. Debug on, e-mail printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Static files come from the apps through the finders; nothing is collected in development.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Say when the server answers at another address than SITE_URL (distinguished/core/site_url.py).
MIDDLEWARE = [*MIDDLEWARE, "distinguished.core.site_url.WarnOfAnotherHost"]  # noqa: F405
