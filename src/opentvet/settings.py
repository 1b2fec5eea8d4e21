"""Django settings for OpenTVET.

Everything that differs between a laptop demo and production comes from environment variables,
read through the small typed helpers below (healthchecks style). SQLite under ``var/`` is the
embedded default; ``DATABASE_URL=postgres://...`` switches to PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("OPENTVET_HOME", PACKAGE_DIR.parent.parent)).resolve()
VAR_DIR = Path(os.environ.get("OPENTVET_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DEBUG", False)
# The built-in key is public (it is in this file): fine for the demo and tests, never for a server
# people use. ``opentvet.wsgi`` refuses to start with it when DEBUG is off unless OPENTVET_DEMO=1
# (set by ``dev.py`` and the browser tests), and ``manage.py check --deploy`` reports it.
BUILTIN_SECRET_KEY = "opentvet-insecure-demo-key-change-me-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or BUILTIN_SECRET_KEY
OPENTVET_DEMO = env_bool("OPENTVET_DEMO", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "opentvet.core",
    "opentvet.catalogue",
    "opentvet.web",
    "opentvet.programmes",
    "opentvet.learners",
    "opentvet.staff",
    "opentvet.admissions",
    "opentvet.guidance",
    "opentvet.reporting",
    "opentvet.regulations",
    "opentvet.notifications",
    "opentvet.correspondence",
    "opentvet.api",
    "opentvet.demo",
    "opentvet.benchdata",
]

MIDDLEWARE = [
    "opentvet.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "opentvet.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "opentvet.core.middleware.TenantScopeMiddleware",
    "opentvet.core.dbrouter.ReadYourWritesMiddleware",
    "opentvet.web.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "opentvet.urls"
WSGI_APPLICATION = "opentvet.wsgi.application"

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
                "opentvet.web.context.navigation",
                "opentvet.notifications.context.unread_notifications",
            ],
            "builtins": ["opentvet.web.templatetags.vn"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'opentvet.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write job progress while the web process reads it.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Read scaling (core/dbrouter.py): a streaming replica for heavy reads, when one is configured.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["opentvet.core.dbrouter.ReplicaRouter"]
OPENTVET_REPLICA_MAX_LAG_SECONDS = env_int("OPENTVET_REPLICA_MAX_LAG_SECONDS", 10)
OPENTVET_REPLICA_CHECK_SECONDS = env_int("OPENTVET_REPLICA_CHECK_SECONDS", 5)
OPENTVET_READ_YOUR_WRITES_SECONDS = env_int("OPENTVET_READ_YOUR_WRITES_SECONDS", 10)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["opentvet.core.auth.EmailOrPhoneBackend"]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese is the default language; English is the second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# The chosen language is remembered for a year (web.middleware: never from the browser's headers).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Static files come from installed packages and the apps (htmx from django-htmx, Swagger UI from
# django-ninja); WhiteNoise serves them, so no CDN and no network is needed at run time.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
# Uploaded and generated files live outside the web root and are served through views that
# check access, never by a static file server.
MEDIA_ROOT = VAR_DIR / "files"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# One cache for every process of a server (web workers, the task worker, commands): what one
# process drops (a saved admission round, a reloaded catalogue) is then gone for all of them,
# and figures one worker computed serve the others. Files under VAR_DIR by default; several
# servers need a cache they share, e.g. OPENTVET_CACHE_BACKEND=
# django.core.cache.backends.redis.RedisCache with OPENTVET_CACHE_LOCATION=redis://host:6379/1.
CACHES = {
    "default": {
        "BACKEND": os.environ.get(
            "OPENTVET_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": os.environ.get("OPENTVET_CACHE_LOCATION", str(VAR_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# Figures aggregated over many institutions (province and national dashboards) are kept this
# many seconds, shared by users with the same reach (core/cache.py); 0 computes them each time.
OPENTVET_AGGREGATE_SECONDS = env_int("OPENTVET_AGGREGATE_SECONDS", 300)

# Who delivers applicants' one-time codes (see README): a dotted path to a sender class.
OPENTVET_OTP_SENDER = os.environ.get(
    "OPENTVET_OTP_SENDER", "opentvet.admissions.otp.ConsoleOtpSender"
)

# Who e-mails notifications (see README): a dotted path to a sender class. The console sender
# writes each message under var/notify-outbox/ for the demo.
OPENTVET_NOTIFY_SENDER = os.environ.get(
    "OPENTVET_NOTIFY_SENDER", "opentvet.notifications.senders.ConsoleNotifySender"
)
# Two-step sign-in (core/twofactor.py): required for superusers and authority roles. On by
# default in production (DEBUG off); the demo (dev.py) and the tests set it off, and the tests
# that check it turn it on.
OPENTVET_REQUIRE_2FA = env_bool("OPENTVET_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "OpenTVET"

# Who delivers password reset links (core/passwords.py): a dotted path to a sender class.
OPENTVET_PASSWORD_RESET_SENDER = os.environ.get(
    "OPENTVET_PASSWORD_RESET_SENDER", "opentvet.core.passwords.OutboxResetSender"
)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3 * 3600)
# A running background job whose worker has not reported for this long is failed (core.jobs).
OPENTVET_JOB_STALE_SECONDS = env_int("OPENTVET_JOB_STALE_SECONDS", 600)

# Login throttling: after this many failures for one identifier or address in the window,
# further attempts are refused until the window passes.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
X_FRAME_OPTIONS = "DENY"

LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")  # "json": one JSON object per line
# HTTPS (see README, "Triển khai / Deployment"): off by default so the demo runs on plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that overwrites X-Forwarded-Proto on every request.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy on every answer (django-csp). Scripts only from our own origin (htmx,
# Swagger UI: static files, no inline script, no eval); inline style attributes are allowed for
# the bar widths and chart sizes templates compute.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "opentvet.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "opentvet.core.logs.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
