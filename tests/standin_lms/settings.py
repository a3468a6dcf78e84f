"""Settings of the stand-in LMS. Everything that differs between runs comes from the environment
that tests/openedx_fixtures.py sets: the database file, the port, the signing key."""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEBUG = False
SECRET_KEY = "standin-lms-test-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.standin_lms.urls"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [HERE / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("STANDIN_LMS_DB", ":memory:")}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The LMS lets a person whose e-mail is not yet verified (is_active False) sign in.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.AllowAllUsersModelBackend"]
LOGIN_URL = "/login"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The LMS's session cookie has its own name; the stand-in's must not clash with the app's on 127.0.0.1.
SESSION_COOKIE_NAME = "lms_sessionid"
CSRF_COOKIE_NAME = "lms_csrftoken"

PORT = int(os.environ.get("STANDIN_LMS_PORT", "0"))
# As the LMS: the issuer is the LMS's /oauth2, the audience "openedx", RS512 with the private key.
JWT_ISSUER = f"http://127.0.0.1:{PORT}/oauth2"
JWT_AUDIENCE = "openedx"
JWT_PRIVATE_KEY_FILE = os.environ.get("STANDIN_LMS_KEY_FILE", "")
JWT_EXPIRE_SECONDS = 3600

OAUTH2_PROVIDER = {
    # The LMS's applications (edx-auth-backends' EdXOAuth2) do not use PKCE.
    "PKCE_REQUIRED": False,
    "SCOPES": {
        "user_id": "Know your user identifier",
        "profile": "Read your user profile",
        "email": "Read your email address",
    },
    "DEFAULT_SCOPES": ["user_id", "profile", "email"],
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
