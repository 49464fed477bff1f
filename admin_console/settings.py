"""The console's one settings module, driven by environment variables.

Development needs none of them: secrets are generated once into git-ignored
files under ``var/``. With ``DEBUG=0`` the console runs as in production and
requires ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``CONSOLE_ENCRYPTION_KEY``.
Every variable is documented in README.md.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from admin_console.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    new_django_secret_key,
    new_fernet_key,
    read_or_create_secret,
    validate_fernet_keys,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CONSOLE_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
PRODUCTION = not DEBUG


def _required_in_production(name: str) -> None:
    raise ImproperlyConfigured(f"{name} must be set when DEBUG=0 (production); see README.md.")


SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if PRODUCTION:
        _required_in_production("SECRET_KEY")
    SECRET_KEY = read_or_create_secret(VAR_DIR / "secret_key", new_django_secret_key)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and env_str("ALLOWED_HOSTS") is None:
    _required_in_production("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

_encryption_keys = env_str("CONSOLE_ENCRYPTION_KEY")
if _encryption_keys is None:
    if PRODUCTION:
        _required_in_production("CONSOLE_ENCRYPTION_KEY")
    _encryption_keys = read_or_create_secret(VAR_DIR / "encryption.key", new_fernet_key)
# The first key encrypts, every key decrypts (rotation).
CONSOLE_ENCRYPTION_KEYS = validate_fernet_keys("CONSOLE_ENCRYPTION_KEY", _encryption_keys)

# Read by `make run`; validated here so a bad value is named before anything starts.
PORT = env_int("PORT", 8000, minimum=1, maximum=65535)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "admin_console",
    "truststores",
    "destinations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "admin_console.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failed sign-ins, refuses locked-out ones
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttling: after CONSOLE_SIGNIN_FAILURE_LIMIT failures for a user name from one
# address, that pair is locked for CONSOLE_SIGNIN_LOCKOUT_MINUTES. Records live in the
# database, so every worker sees them. Unlock early: manage.py axes_reset_username NAME.
AXES_FAILURE_LIMIT = env_int("CONSOLE_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("CONSOLE_SIGNIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "admin_console.views.locked_out"
AXES_VERBOSE = False

ROOT_URLCONF = "admin_console.urls"
WSGI_APPLICATION = "admin_console.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "admin_console.context_processors.console",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL ({error}); "
        "examples: sqlite:///var/db.sqlite3, postgres://user@127.0.0.1:5432/console"
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "admin_console.sqlite3"  # knows SQLite's real parameter limit
    # The SQLite file's folder must exist before the first connection.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (run `collectstatic` first);
        # straight from the apps in development.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Production defaults satisfy `manage.py check --deploy`; behind a
# TLS-terminating reverse proxy set SECURE_PROXY_SSL_HEADER=1.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # django-axes narrates every sign-in at INFO; its lockouts are WARNINGs and still show.
    "loggers": {"axes": {"level": "WARNING"}},
}

# Uploads: the cap is enforced while the body streams in (admin_console.uploads),
# so an oversized upload is refused without being held in memory or on disk.
CONSOLE_UPLOAD_MAX_BYTES = env_int("CONSOLE_UPLOAD_MAX_BYTES", 1024 * 1024, minimum=1024)
FILE_UPLOAD_HANDLERS = [
    "admin_console.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Form fields other than files (pasted PEM) share the cap, plus room for the rest of the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = CONSOLE_UPLOAD_MAX_BYTES + 64 * 1024

# Console-specific settings.
CONSOLE_PAGE_SIZE = 50
# The dashboard's and check_expiry's default window for "expiring soon".
CONSOLE_EXPIRY_WARNING_DAYS = env_int("CONSOLE_EXPIRY_WARNING_DAYS", 30, minimum=1, maximum=3650)
# Used when a destination's timeout is 0 or negative (the file's "use the default").
CONSOLE_OUTBOUND_TIMEOUT_SECONDS = env_int("CONSOLE_OUTBOUND_TIMEOUT_SECONDS", 30, minimum=1, maximum=600)
# Networks the console never connects to, redirects included; link-local holds cloud metadata services.
CONSOLE_OUTBOUND_DENY_NETWORKS = env_list("CONSOLE_OUTBOUND_DENY_NETWORKS", ["169.254.0.0/16", "fe80::/10"])
try:
    import ipaddress as _ipaddress

    for _network in CONSOLE_OUTBOUND_DENY_NETWORKS:
        _ipaddress.ip_network(_network, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(f"CONSOLE_OUTBOUND_DENY_NETWORKS: {_error}; give networks like 169.254.0.0/16.") from None
# The most of a response body the client reads.
CONSOLE_OUTBOUND_MAX_RESPONSE_BYTES = env_int("CONSOLE_OUTBOUND_MAX_RESPONSE_BYTES", 10 * 1024 * 1024, minimum=1024)
