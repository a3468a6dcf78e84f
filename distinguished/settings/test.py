"""Settings for the test suite. DATABASE_URL picks the engine (SQLite by default)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# pytest-django gives the suite the locmem backend in any case. A process started with these settings
# outside pytest (the Celery worker of tests/notifications/test_celery_worker.py) uses EMAIL_URL if set.
if not env.str("EMAIL_URL", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = True
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Static files come from the apps through the finders; nothing is collected for the tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
