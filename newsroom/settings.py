"""Newsroom settings: one file, driven by the environment.

Every knob an operator turns is a ``DJANGO_*`` environment variable (or
``DATABASE_URL``); the defaults suit a developer's machine: SQLite in the project
folder, a generated development secret key, DEBUG off unless asked for.
``docs/deployment.md`` lists each variable with its default.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# A development key starts with this prefix, so ``check --deploy`` flags it and the
# WSGI/ASGI entry points refuse to serve with it when DEBUG is off.
DEV_SECRET_KEY_PREFIX = "django-insecure-"  # noqa: S105 - a marker, not a key


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable; unknown spellings are an error, not False."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use 1 or 0).")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list, ignoring blanks."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def _development_secret_key() -> str:
    """A per-checkout key kept in var/ (git-ignored) so sessions survive restarts."""
    path = BASE_DIR / "var" / "dev-secret-key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(exist_ok=True)
        key = DEV_SECRET_KEY_PREFIX + secrets.token_urlsafe(50)
        path.write_text(key)
        return key


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = (
    os.environ.get("DJANGO_SECRET_KEY", "").strip() or _development_secret_key()
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our app first, so its templates (admin overrides) and commands win.
    "articles",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "articles.middleware.refuse_nul_in_query",  # PostgreSQL cannot take a NUL
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor saves; the busy timeout turns lock
    # contention into a short wait instead of "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + "UserAttributeSimilarityValidator"},
    {"NAME": _VALIDATORS + "MinimumLengthValidator"},
    {"NAME": _VALIDATORS + "CommonPasswordValidator"},
    {"NAME": _VALIDATORS + "NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# Editors paste long agency copy; keep Django's request cap but make it explicit.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024
)

TAGGIT_CASE_INSENSITIVE = True

# The publication as search engines and feeds name it.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_LANGUAGE = os.environ.get("NEWSROOM_LANGUAGE", "en")
NEWSROOM_PAGE_SIZE = env_int("NEWSROOM_PAGE_SIZE", 20)

LOGIN_URL = "admin:login"

# `manage.py loaddata seed_story` finds the project's fixtures here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Photos (articles.photos): upload caps, checked before a picture is decoded, and the
# widths of the renditions public pages serve. Pillow refuses over 179 Mpx whatever
# the cap says.
NEWSROOM_PHOTO_MAX_BYTES = env_int("NEWSROOM_PHOTO_MAX_BYTES", 25 * 1024 * 1024)
NEWSROOM_PHOTO_MAX_PIXELS = env_int("NEWSROOM_PHOTO_MAX_PIXELS", 60_000_000)
_photo_widths = env_list("NEWSROOM_PHOTO_WIDTHS", "400,800,1200,1600")
if not _photo_widths or not all(w.isdigit() and int(w) > 0 for w in _photo_widths):
    raise ImproperlyConfigured(
        "NEWSROOM_PHOTO_WIDTHS must list whole numbers of pixels, e.g. 400,800,1200."
    )
NEWSROOM_PHOTO_WIDTHS = sorted({int(w) for w in _photo_widths})
