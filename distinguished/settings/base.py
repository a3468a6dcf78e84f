"""Settings shared by every environment. Everything that differs between deployments comes
from the environment (12-factor, Tutor-friendly); see README "Configuration"."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(environ.Env().str("DISTINGUISHED_VAR_DIR", default=str(PROJECT_DIR / "var")))

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    # Its country names in every language of the site (its message catalogs load with the app).
    "django_countries",
    "social_django",
    "rules.apps.AutodiscoverRulesConfig",
    "distinguished.web",
    "distinguished.audit",
    "distinguished.people",
    "distinguished.program",
    "distinguished.contributions",
    "distinguished.membership",
    "distinguished.credentials",
    "distinguished.nominations",
    "distinguished.review",
    "distinguished.cohorts",
    "distinguished.stats",
    "distinguished.notifications",
    "distinguished.demo",
    "distinguished.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "distinguished.core.middleware.RefuseOversizedRequest",
    "distinguished.core.middleware.RefuseNulInQuery",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "distinguished.people.middleware.SavedLanguage",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

# A strict Content Security Policy: every script and style is a file served by the app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "distinguished.urls"
WSGI_APPLICATION = "distinguished.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "distinguished.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'distinguished.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    # utf8mb4 so that names and statements in every language are stored as typed.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("charset", "utf8mb4")
    DATABASES["default"].setdefault("TEST", {}).update(
        {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.User"
# Local passwords (the sign-in form, creating an account with a password, the admin site's form):
# on by default, for installs without an Open edX LMS; an admin turns them off once everyone signs in
# with Open edX.
LOCAL_PASSWORDS = env.bool("LOCAL_PASSWORDS", default=True)
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "distinguished.people.openedx_backend.OpenEdxOAuth2",
    *(["django.contrib.auth.backends.ModelBackend"] if LOCAL_PASSWORDS else []),
]

# "Sign in with Open edX": the LMS's OAuth2 authorization-code flow (edx-auth-backends' EdXOAuth2 on
# social-auth-app-django), offered when the LMS URL and the OAuth2 application's id and secret are
# set. URL_ROOT is where this app reaches the LMS (tokens, user API); PUBLIC_URL_ROOT where browsers do.
SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT = env.str("SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT", default="").rstrip("/")
SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT = env.str(
    "SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT", default=SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT
).rstrip("/")
SOCIAL_AUTH_EDX_OAUTH2_KEY = env.str("SOCIAL_AUTH_EDX_OAUTH2_KEY", default="")
SOCIAL_AUTH_EDX_OAUTH2_SECRET = env.str("SOCIAL_AUTH_EDX_OAUTH2_SECRET", default="")
SOCIAL_AUTH_URL_NAMESPACE = "social"
SOCIAL_AUTH_LOGIN_REDIRECT_URL = "/"
SOCIAL_AUTH_LOGIN_ERROR_URL = "/accounts/sign-in/"
SOCIAL_AUTH_REDIRECT_IS_HTTPS = SITE_URL.startswith("https://")
# No user_details step: nothing from the LMS overwrites an account here (roles above all); the
# account is found, linked or created by people.api.account_for_lms_user (decision 0017).
SOCIAL_AUTH_PIPELINE = [
    "social_core.pipeline.social_auth.social_details",
    "social_core.pipeline.social_auth.social_uid",
    "social_core.pipeline.social_auth.auth_allowed",
    "distinguished.people.openedx_backend.link_or_create_account",
    "social_core.pipeline.social_auth.load_extra_data",
]

# edx-django-utils' monitoring (used by edx-auth-backends and edx-drf-extensions): no New Relic here.
OPENEDX_TELEMETRY = []

# JWTs the LMS issued, on the REST API (`Authorization: JWT <token>`), checked by edx-drf-extensions
# against the LMS's public keys (a JSON Web Key Set, the LMS's JWT_PUBLIC_SIGNING_JWK_SET), its issuer
# and audience. Without keys, no JWT is accepted.
JWT_AUTH = {
    "JWT_ISSUERS": [
        {
            "ISSUER": env.str(
                "JWT_ISSUER",
                default=f"{SOCIAL_AUTH_EDX_OAUTH2_PUBLIC_URL_ROOT}/oauth2"
                if SOCIAL_AUTH_EDX_OAUTH2_URL_ROOT
                else "",
            ),
            "AUDIENCE": env.str("JWT_AUDIENCE", default="openedx"),
            # Symmetric (HS256) tokens are not accepted: no shared secret.
            "SECRET_KEY": "",
        }
    ],
    "JWT_PUBLIC_SIGNING_JWK_SET": env.str("JWT_PUBLIC_SIGNING_JWK_SET", default=""),
    "JWT_DECODE_HANDLER": "edx_rest_framework_extensions.auth.jwt.decoder.get_asymmetric_only_jwt_decode_handler",
    "JWT_AUTH_HEADER_PREFIX": "JWT",
    "JWT_AUTH_COOKIE": None,
    "JWT_LEEWAY": env.int("JWT_LEEWAY", default=1),
}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# The languages of the interface (issue 17, decision 0018): a person's saved choice, else the footer's
# switch (a cookie), else the browser's Accept-Language; English when none of these is offered.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in each language's own way (Django's formats), English's day first as the program writes it.
FORMAT_MODULE_PATH = ["distinguished.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://localhost")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Distinguished Contributor Program <dcp@openedx.org>"
)

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# No broker configured: run every task in the caller, so one process is a whole installation.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Request bodies (issue 11): a JSON or form body is read into memory, so it is small (413 past
# REQUEST_DATA_MAX_BYTES, in the API as on the pages; Django's own name for the limit). A request of
# any kind, file uploads included, stops at REQUEST_MAX_BYTES before it is read; that limit is never
# below a CSV import's IMPORT_MAX_BYTES plus 1 MB of form around the file (core/middleware.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("REQUEST_DATA_MAX_BYTES", default=2 * 1024 * 1024)
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=32 * 1024 * 1024)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "distinguished.people.rest_api.authentication.SavedLanguageTokenAuthentication",
        "distinguished.people.rest_api.openedx_jwt.LmsJwtAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # One JSON parser for the whole API, with the size and nesting limits (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "distinguished.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "distinguished.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "distinguished.core.rest_errors.exception_handler",
    "DATE_FORMAT": "%Y-%m-%d",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "distinguished API",
    "DESCRIPTION": "REST API of the Open edX Distinguished Contributor Program.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # The vote and a panelist's own vote share one set of choices: one component; so do a conflict's
    # source and what voided an assignment.
    "ENUM_NAME_OVERRIDES": {
        "VoteChoiceEnum": "distinguished.review.enums.VoteChoice",
        "ConflictSourceEnum": "distinguished.review.enums.ConflictSource",
        # An import run's status (CSV and Slack runs).
        "ImportRunStatusEnum": ["queued", "running", "done", "failed"],
        # How far an assigned review is (who reviews what).
        "ReviewStatusEnum": "distinguished.review.enums.ReviewStatus",
    },
}

# The public directory keeps computed pages for up to DIRECTORY_CACHE_SECONDS (0: off) in the cache
# "directory", keyed by the state of the data (membership/page_cache.py says how it stays fresh).
DIRECTORY_CACHE_SECONDS = env.float("DIRECTORY_CACHE_SECONDS", default=60)


def caches_for(url: str) -> dict:
    """Django's caches: `default`, and `directory` for the rendered directory pages. In each process's
    memory by default (the embedded setup); with `url` (a Redis database, e.g.
    redis://127.0.0.1:6379/1, not the Celery broker's), one Redis cache shared by every worker, so
    that a page one worker computed serves them all."""
    if url:
        redis = "django.core.cache.backends.redis.RedisCache"
        return {
            "default": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "distinguished"},
            "directory": {"BACKEND": redis, "LOCATION": url, "KEY_PREFIX": "distinguished-directory"},
        }
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "directory": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "directory",
            "OPTIONS": {"MAX_ENTRIES": 512},
        },
    }


CACHE_URL = env.str("CACHE_URL", default="")
CACHES = caches_for(CACHE_URL)

# The program definition loaded on `migrate`; `distinguished load-program FILE` loads another.
PROGRAM_DEFINITION_FILE = Path(
    env.str(
        "PROGRAM_DEFINITION_FILE",
        default=str(BASE_DIR / "program" / "definitions" / "openedx.yaml"),
    )
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Contribution importers (`distinguished import-github`, `distinguished import-forum`).
GITHUB_TOKEN = env.str("GITHUB_TOKEN", default="")
GITHUB_API_URL = env.str("GITHUB_API_URL", default="https://api.github.com").rstrip("/")
# A merged pull request is major when it changes at least this many lines or has one of these labels.
GITHUB_MAJOR_MIN_CHANGES = env.int("GITHUB_MAJOR_MIN_CHANGES", default=500)
GITHUB_MAJOR_LABELS = env.list("GITHUB_MAJOR_LABELS", default=["major", "architecture"])
DISCOURSE_URL = env.str("DISCOURSE_URL", default="https://discuss.openedx.org").rstrip("/")
# Optional; without them the forum answers as to a visitor (public topics only).
DISCOURSE_API_KEY = env.str("DISCOURSE_API_KEY", default="")
DISCOURSE_API_USERNAME = env.str("DISCOURSE_API_USERNAME", default="")
# CSV imports (issue 11): a file over IMPORT_MAX_BYTES is refused (413) before it is read. Django
# spools an upload over FILE_UPLOAD_MAX_MEMORY_SIZE (its default, 2.5 MB) to a temporary file, and
# DATA_UPLOAD_MAX_MEMORY_SIZE counts a form's fields, not its files: neither refuses a 19 MB file.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# A running import not updated for this long has lost its worker: the periodic check marks it failed.
IMPORT_STALE_SECONDS = env.int("IMPORT_STALE_SECONDS", default=15 * 60)
# Slack imports (issue 13): links to each answer go to this workspace (`import-slack --workspace-url`
# and the page may name another). An export larger than SLACK_EXPORT_MAX_BYTES (the command; an
# upload stops at IMPORT_MAX_BYTES), or whose files unpack to more than SLACK_EXPORT_MAX_UNPACKED_BYTES
# (a zip bomb), is refused before anything is written.
SLACK_WORKSPACE_URL = env.str("SLACK_WORKSPACE_URL", default="https://openedx.slack.com").rstrip("/")
SLACK_EXPORT_MAX_BYTES = env.int("SLACK_EXPORT_MAX_BYTES", default=200 * 1024 * 1024)
SLACK_EXPORT_MAX_UNPACKED_BYTES = env.int("SLACK_EXPORT_MAX_UNPACKED_BYTES", default=1024 * 1024 * 1024)

# Daily jobs for `celery -A distinguished beat` (or cron: `distinguished review-reminders` and
# `distinguished lifecycle`), and every 5 minutes `distinguished mark-stale-imports`.
CELERY_BEAT_SCHEDULE = {
    "review-reminders": {
        "task": "distinguished.review.tasks.send_review_reminders",
        "schedule": 24 * 60 * 60,
    },
    "lifecycle": {
        "task": "distinguished.cohorts.tasks.run_lifecycle",
        "schedule": 24 * 60 * 60,
    },
    "stale-imports": {
        "task": "contributions.tasks.mark_stale_imports",
        "schedule": 5 * 60,
    },
    # Credentials are signed by a task queued on commit; one the broker lost, or one recorded while
    # no issuer key was configured, is signed here.
    "sign-pending-credentials": {
        "task": "credentials.tasks.sign_pending",
        "schedule": 10 * 60,
    },
}

# Open Badges 3.0 credentials (issue 7): the issuer's Ed25519 signing key, never in the repository.
# CREDENTIALS_ISSUER_KEY (a PEM text or a Multikey secretKeyMultibase) wins over the key file that
# `distinguished generate-issuer-key` writes (mode 0600; `--rotate` replaces it, old keys stay valid).
CREDENTIALS_ISSUER_KEY = env.str("CREDENTIALS_ISSUER_KEY", default="")
CREDENTIALS_ISSUER_KEY_FILE = Path(
    env.str("CREDENTIALS_ISSUER_KEY_FILE", default=str(VAR_DIR / "issuer-key.pem"))
)
