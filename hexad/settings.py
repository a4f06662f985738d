"""Hexad settings: one module, driven by environment variables (see README, .env.example).

Typed helpers fail loudly on values they cannot read, so a typo in production is an error
at start-up, not a silent default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    value = os.environ.get(name)
    if value is None and os.environ.get(f"{name}_FILE"):
        value = Path(os.environ[f"{name}_FILE"]).read_text().strip()
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name, "").strip().lower()
    if value == "":
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_float(name: str, default: float, *, low: float, high: float) -> float:
    value = env_str(name, "").strip()
    if value == "":
        return default
    try:
        number = float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from exc
    if not low <= number <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}, not {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name, "").strip()
    if value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = env_str("HEXAD_ENVIRONMENT", "development").strip().lower()
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"HEXAD_ENVIRONMENT must be development, production or test, not {ENVIRONMENT!r}"
    )
PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = Path(env_str("HEXAD_DATA_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) is required in production.")
    # Local use: generate once and keep it beside the local database.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "django_countries",
    "axes",
    "django_tasks_db",
    "ninja",  # Swagger UI's files for /api/v1/docs, served by Hexad itself (no CDN)
    "hexad.core",
    "hexad.people",
    "hexad.roles",
    "hexad.accounts",
    "hexad.coverage",
    "hexad.staffing",
    "hexad.api",
    "hexad.relationships",
    "hexad.planning",
    "hexad.growth",
    "hexad.transfer",
    "hexad.history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hexad.core.middleware.IdleTimeoutMiddleware",
    "hexad.history.middleware.HistoryMiddleware",
    "hexad.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hexad.urls"
WSGI_APPLICATION = "hexad.wsgi.application"
ASGI_APPLICATION = "hexad.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hexad.core.context_processors.navigation",
            ],
        },
    }
]

FORM_RENDERER = "hexad.core.forms.FormRenderer"

# --- database -----------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'hexad.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (per thread) like PostgreSQL's: opening one reads the whole
    # schema again, which cost a page about a third of its server time.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
        # the start of a transaction so concurrent writers queue instead of failing.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    if str(DATABASES["default"]["NAME"]) != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- users, login and sessions --------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hexad.people.auth.Backend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:portfolio"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_HOURS", 12) * 3600
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 60) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- internationalisation -----------------------------------------------------------
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("pl", _("Polish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["hexad.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Warsaw")
USE_I18N = True
USE_TZ = True
# Numbers render without grouping by default, so ids and URLs built from them stay intact;
# amounts and counts shown to people are grouped explicitly (the figure filters).
USE_THOUSAND_SEPARATOR = False
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- static files ---------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- HTTP hardening -------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment each operator makes for their own domain (it cannot be
        # undone quickly), so it stays off by default and the reminder is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- e-mail ---------------------------------------------------------------------------
_email_backend = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
        }
        if _email_backend.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hexad@localhost")

# --- background work -------------------------------------------------------------------
# Django's Tasks framework with a database-backed queue; `hexad worker` runs the tasks and
# enqueues the periodic ones (the weekly coverage snapshot).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- product settings -----------------------------------------------------------------
HEXAD_PAGE_SIZE = env_int("HEXAD_PAGE_SIZE", 25)

# The coverage formula's thresholds (docs/coverage.md): who counts as holding most roles,
# what an unrated player counts, how much time counts in full, what rating is a forced fit.
HEXAD_COVERAGE = {
    "concentration_share": env_float("HEXAD_CONCENTRATION_SHARE", 0.5, low=0.1, high=1.0),
    "concentration_min_roles": env_int("HEXAD_CONCENTRATION_MIN_ROLES", 3),
    "unassessed_fit": env_float("HEXAD_UNASSESSED_FIT", 0.6, low=0.0, high=1.0),
    "full_allocation": env_int("HEXAD_FULL_ALLOCATION", 20),
    "forced_fit_rating": env_int("HEXAD_FORCED_FIT_RATING", 2),
}
# A relationship with no interaction for this many days counts as stale.
HEXAD_STALE_DAYS = env_int("HEXAD_STALE_DAYS", 90)
if HEXAD_STALE_DAYS < 1:
    raise ImproperlyConfigured(f"HEXAD_STALE_DAYS must be 1 or more, not {HEXAD_STALE_DAYS}")

# Plans and reviews (docs/planning.md): open actions due within this many weeks count as
# the plan's next steps; the daily e-mail of each user's work goes out from this hour on
# (local time); links in e-mails and calendar feeds start with the public address.
HEXAD_NEXT_STEPS_WEEKS = env_int("HEXAD_NEXT_STEPS_WEEKS", 2)
if not 1 <= HEXAD_NEXT_STEPS_WEEKS <= 26:
    raise ImproperlyConfigured(
        f"HEXAD_NEXT_STEPS_WEEKS must be between 1 and 26, not {HEXAD_NEXT_STEPS_WEEKS}"
    )
HEXAD_DIGEST_HOUR = env_int("HEXAD_DIGEST_HOUR", 7)
if not 0 <= HEXAD_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured(
        f"HEXAD_DIGEST_HOUR must be between 0 and 23, not {HEXAD_DIGEST_HOUR}"
    )
HEXAD_BASE_URL = env_str("HEXAD_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Imports (docs/import-export.md): the largest file accepted, checked before any parsing
# (an XLSX workbook may also unpack to at most ten times this).
HEXAD_IMPORT_MAX_BYTES = env_int("HEXAD_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
if HEXAD_IMPORT_MAX_BYTES < 1024:
    raise ImproperlyConfigured(
        f"HEXAD_IMPORT_MAX_BYTES must be 1024 or more, not {HEXAD_IMPORT_MAX_BYTES}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint (the progress report PDF) logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
