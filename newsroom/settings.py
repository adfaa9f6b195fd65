"""Newsroom settings: one file, driven by the environment.

Every knob an operator turns is an environment variable: ``DJANGO_*`` for Django and
the infrastructure, ``NEWSROOM_*`` for the publication, its pages and photos, plus
``DATABASE_URL`` (and ``REDIS_URL``); the defaults suit a developer's machine: SQLite
in the project folder, a generated development secret key, DEBUG off unless asked
for. ``docs/deployment.md`` lists each variable with its default (a test checks it).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# The readers of environment variables, kept apart so this file holds settings.
from newsroom.env import (
    DEV_SECRET_KEY_PREFIX,  # noqa: F401 - read as settings.DEV_SECRET_KEY_PREFIX
    development_secret_key,
    env_bool,
    env_int,
    env_list,
    installed,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or development_secret_key(
    BASE_DIR
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our app first, so its templates (admin overrides) and commands win.
    "articles",
    # Project-wide pieces: the 500 page, deploy checks (newsroom/apps.py).
    "newsroom",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # django-taggit, named "Tags" in the admin (newsroom/apps.py).
    "newsroom.apps.TagsConfig",
    "csp",
    # Failed sign-ins are counted and locked out (django-axes; see "Sign-in" below).
    "newsroom.apps.SignInAttemptsConfig",
    # Django's form templates: its jinja2/ folder (the Jinja2 widget templates that
    # FORM_RENDERER draws) and its templates/ folder (the Django copies that the
    # admin's own widget templates include).
    "django.forms",
    # The story body's editor (articles/body_editor.py): its static files.
    "django_prose_editor",
]

WHITENOISE_MIDDLEWARE = (
    ["whitenoise.middleware.WhiteNoiseMiddleware"] if installed("whitenoise") else []
)
MIDDLEWARE = [
    # First, so every log line of a request (even a rejected one) carries its id.
    "newsroom.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A 304 to a client that has the page (ETag, Last-Modified), cached or made.
    "django.middleware.http.ConditionalGetMiddleware",
    # Cached public pages are answered here, before the middleware below runs (its
    # headers are stored with each page); pages made below are stored on the way out.
    "articles.caching.PageCacheMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    # Static files with far-future caching, when the `serve` extra is installed.
    *WHITENOISE_MIDDLEWARE,
    "newsroom.middleware.ReplicaReadsMiddleware",
    "articles.middleware.refuse_nul_in_query",  # PostgreSQL cannot take a NUL
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells the page cache (above) a signed-in editor from a reader.
    "articles.caching.EditorCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with its 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    # Jinja2 first. Public pages are Jinja2 templates (articles/jinja2/): the story
    # page's template renders in well under half the time Django's engine took.
    # Form widgets are drawn from the Jinja2 copies of Django's own widget templates
    # (django.forms's jinja2/ folder, through FORM_RENDERER below): several times
    # faster than the same templates in Django's engine, which was half of the admin
    # story list (three widgets a row, 50 rows). Every other template (the admin's
    # pages and its own widgets, the sitemaps, the 500 page) is a Django template,
    # found by the engine after it.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "articles.jinja2env.environment",
            # `request`, `csrf_input` and `csrf_token` are always in the context.
            "context_processors": ["articles.context_processors.site"],
        },
    },
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


FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "newsroom.wsgi.application"


# SQLite in the project folder unless DATABASE_URL names another database; read
# replicas (DJANGO_DATABASE_REPLICA_URLS) get the aliases replica_1, replica_2, …
def database_from_url(name: str, url: str, *, test_mirror: str | None = None) -> dict:
    try:
        config = dj_database_url.parse(url, conn_health_checks=True)
    except ValueError as exc:  # unknown scheme, bad port…
        raise ImproperlyConfigured(f"{name} is not a database URL: {exc}") from None
    engine = config["ENGINE"]
    options = config.setdefault("OPTIONS", {})
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers carry on while an editor saves; the busy timeout turns
        # lock contention into a short wait instead of "database is locked".
        options.update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
        config["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 0)
    elif engine == "django.db.backends.postgresql":
        # An unreachable server fails in seconds instead of hanging a worker.
        options.setdefault("connect_timeout", env_int("DJANGO_DB_CONNECT_TIMEOUT", 5))
        if env_bool("DJANGO_DB_POOL"):
            # psycopg's pool (the `postgres` extra); Django refuses it together with
            # persistent connections, so CONN_MAX_AGE stays 0.
            options["pool"] = {
                "min_size": env_int("DJANGO_DB_POOL_MIN_SIZE", 1),
                "max_size": env_int("DJANGO_DB_POOL_MAX_SIZE", 4),
                "timeout": env_int("DJANGO_DB_POOL_TIMEOUT", 10),
            }
            config["CONN_MAX_AGE"] = 0
        else:
            # Persistent connections: a sync worker reuses its connection for a
            # minute instead of paying a connect (and TLS) per request.
            config["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 60)
    else:
        config["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 0)
    if test_mirror:
        # In tests a replica is the primary's test database seen through another
        # connection, as a real replica would show it.
        config["TEST"] = {"MIRROR": test_mirror}
    return config


DATABASES = {
    "default": database_from_url(
        "DATABASE_URL",
        os.environ.get("DATABASE_URL", "").strip()
        or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    )
}
for _n, _url in enumerate(env_list("DJANGO_DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{_n}"] = database_from_url(
        "DJANGO_DATABASE_REPLICA_URLS", _url, test_mirror="default"
    )
# Public reads go to a replica, writes and the admin to the primary
# (newsroom/routers.py and ReplicaReadsMiddleware decide which request is which).
NEWSROOM_READ_REPLICAS = [alias for alias in DATABASES if alias != "default"]
DATABASE_ROUTERS = (
    ["newsroom.routers.PrimaryReplicaRouter"] if NEWSROOM_READ_REPLICAS else []
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
# The site and the admin speak English only: no translation machinery. Django's
# docs advise this when nothing is translated; every reverse() and date filter then
# skips the active-language look-ups (about a third of a reverse()'s cost).
USE_I18N = False
USE_TZ = True
# One way to write a time, 24-hour with the zone named (newsroom/formats/en).
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "/static/")
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = os.environ.get("DJANGO_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

if DEBUG:
    _STATIC_BACKEND = "django.contrib.staticfiles.storage.StaticFilesStorage"
elif installed("whitenoise"):
    # Hashed names (so they can be cached for a year) plus gzip/brotli copies;
    # WhiteNoise serves them with far-future Cache-Control.
    _STATIC_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
else:
    _STATIC_BACKEND = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def media_storage_from_env(environ) -> dict:
    """The STORAGES["default"] entry: the media folder, or an S3-compatible bucket.

    DJANGO_S3_BUCKET switches uploads and renditions to a bucket (the `s3` extra).
    Keys come from boto3's own chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an
    instance role…), never from this file.
    """
    bucket = environ.get("DJANGO_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("DJANGO_S3_ENDPOINT_URL", "").strip() or None,
            "region_name": environ.get("DJANGO_S3_REGION", "").strip() or None,
            "custom_domain": environ.get("DJANGO_S3_CUSTOM_DOMAIN", "").strip() or None,
            "location": environ.get("DJANGO_S3_LOCATION", "media").strip("/"),
            # Published photos are public: plain URLs a CDN can cache, no expiring
            # signatures baked into cached pages.
            "querystring_auth": False,
            "default_acl": None,
            # Like the file system: a second "photo.jpg" gets a new name instead of
            # replacing the first story's picture.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }


STORAGES = {
    "default": media_storage_from_env(os.environ),
    "staticfiles": {"BACKEND": _STATIC_BACKEND},
}

# Editors paste long agency copy; keep Django's request cap but make it explicit.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 10 * 1024 * 1024
)

TAGGIT_CASE_INSENSITIVE = True

# The publication as search engines and feeds name it.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
NEWSROOM_LANGUAGE = os.environ.get("NEWSROOM_LANGUAGE", "en")
# A story's language (BCP 47) when its copy names none and none can be detected;
# the site's own language unless set.
NEWSROOM_DEFAULT_LANGUAGE = os.environ.get(
    "NEWSROOM_DEFAULT_LANGUAGE", NEWSROOM_LANGUAGE
)


def env_zones(name: str) -> dict[str, str]:
    """``agency=Zone/Name`` pairs, comma-separated, each zone checked to exist."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    zones = {}
    for pair in env_list(name):
        agency, _, zone = (part.strip() for part in pair.partition("="))
        try:
            if not agency or not zone:
                raise ValueError
            ZoneInfo(zone)
        except (ValueError, ZoneInfoNotFoundError):
            raise ImproperlyConfigured(
                f"{name}: “{pair}” is not agency=Zone/Name (e.g. dpa=Europe/Berlin)."
            ) from None
        zones[agency] = zone
    return zones


# The time zone each agency means when it prints a time without a UTC offset, by
# the agency's short name (any case): NEWSROOM_WIRE_TIMEZONES="dpa=Europe/Berlin,
# ANSA=Europe/Rome". Agencies not named are read as UTC, with a note to the editor.
NEWSROOM_WIRE_TIMEZONES = env_zones("NEWSROOM_WIRE_TIMEZONES")
# Stories a list page shows (at least one: every list is paginated).
NEWSROOM_PAGE_SIZE = env_int("NEWSROOM_PAGE_SIZE", 20, minimum=1)
# Public pages (articles/caching.py): the cache alias that keeps them and the
# max-age browsers and proxies get. How long a page may be kept is set below, once
# the caches are known.
NEWSROOM_PAGE_CACHE = os.environ.get("NEWSROOM_PAGE_CACHE", "default")
NEWSROOM_HTTP_MAX_AGE = env_int("NEWSROOM_HTTP_MAX_AGE", 60)
# A search results page is kept at most this long: anyone can type a new query, so
# the number of such pages in the cache is bounded by the rate of queries.
NEWSROOM_SEARCH_CACHE_SECONDS = env_int("NEWSROOM_SEARCH_CACHE_SECONDS", 60, minimum=0)

LOGIN_URL = "admin:login"
# A sign-in whose "next" is refused as unsafe lands on the desk, not on Django's
# default /accounts/profile/ (which this site does not have).
LOGIN_REDIRECT_URL = "admin:index"

# Sign-in. django-axes counts failed sign-ins by account and by address: after
# NEWSROOM_LOGIN_FAILURES failures for either, sign-in is refused for
# NEWSROOM_LOGIN_LOCKOUT_MINUTES, the right password included (HTTP 429 with a
# message). Every failure is logged with the username and address (logger "axes").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("NEWSROOM_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
# The log names the account and the address of each failure (never the password).
AXES_SENSITIVE_PARAMETERS = []
AXES_COOLOFF_MESSAGE = (
    "Too many failed sign-ins for this account or from this address. Sign-in is "
    "paused for a while; try again later or ask an administrator."
)
# The client's address: the connection's, or behind DJANGO_TRUSTED_PROXY_COUNT
# proxies the one the nearest proxy saw (newsroom/signin.py).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "newsroom.signin.client_address"
# Staff sessions end after a working day, not Django's default two weeks.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", 12, minimum=1) * 3600

# The Wire screen (articles.wire.queue): how long a copy without an agency id is
# compared with an agency's earlier items to find its previous version; how long a
# flash or urgent item stays pinned at the top; after how many days items nobody
# took are purged (`manage.py purge_wire`); how often an open Wire screen asks for
# new items.
NEWSROOM_WIRE_VERSION_HOURS = env_int("NEWSROOM_WIRE_VERSION_HOURS", 72, minimum=1)
NEWSROOM_WIRE_FRESH_MINUTES = env_int("NEWSROOM_WIRE_FRESH_MINUTES", 30, minimum=0)
NEWSROOM_WIRE_PURGE_DAYS = env_int("NEWSROOM_WIRE_PURGE_DAYS", 14, minimum=1)
NEWSROOM_WIRE_POLL_SECONDS = env_int("NEWSROOM_WIRE_POLL_SECONDS", 15, minimum=1)
# How often an open story form says it is still open (presence, take-over) and
# keeps what its editor typed (autosave).
NEWSROOM_PRESENCE_SECONDS = env_int("NEWSROOM_PRESENCE_SECONDS", 15, minimum=1)
NEWSROOM_AUTOSAVE_SECONDS = env_int("NEWSROOM_AUTOSAVE_SECONDS", 5, minimum=1)
# The languages the Wire screen's filter offers (the agencies' languages).
NEWSROOM_WIRE_LANGUAGES = env_list(
    "NEWSROOM_WIRE_LANGUAGES", "en,ru,zh,ko,ja,ar,fr,es,de"
)

# `manage.py loaddata seed_story` finds the project's fixtures here.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Photos (articles.photos): upload caps, checked before a picture is decoded, and the
# widths of the renditions public pages serve. Pillow refuses over 179 Mpx whatever
# the cap says.
NEWSROOM_PHOTO_MAX_BYTES = env_int("NEWSROOM_PHOTO_MAX_BYTES", 25 * 1024 * 1024)
NEWSROOM_PHOTO_MAX_PIXELS = env_int("NEWSROOM_PHOTO_MAX_PIXELS", 60_000_000)
# PNG and WebP cannot be decoded in steps as JPEG is: their own, lower cap.
NEWSROOM_PHOTO_MAX_PIXELS_LOSSLESS = env_int(
    "NEWSROOM_PHOTO_MAX_PIXELS_LOSSLESS", 25_000_000
)
_photo_widths = env_list("NEWSROOM_PHOTO_WIDTHS", "400,800,1200,1600")
if not _photo_widths or not all(w.isdigit() and int(w) > 0 for w in _photo_widths):
    raise ImproperlyConfigured(
        "NEWSROOM_PHOTO_WIDTHS must list whole numbers of pixels, e.g. 400,800,1200."
    )
NEWSROOM_PHOTO_WIDTHS = sorted({int(w) for w in _photo_widths})

# The wire poller (`manage.py poll_wire`): seconds a dropped file must stay unchanged
# before it is read, seconds a server may keep it waiting, the most bytes one answer
# or file may hold, and how long a poller's claim on a source lasts.
NEWSROOM_WIRE_SETTLE_SECONDS = env_int("NEWSROOM_WIRE_SETTLE_SECONDS", 5, minimum=0)
NEWSROOM_WIRE_TIMEOUT = env_int("NEWSROOM_WIRE_TIMEOUT", 30, minimum=1)
NEWSROOM_WIRE_MAX_BYTES = env_int("NEWSROOM_WIRE_MAX_BYTES", 20 << 20, minimum=1)
NEWSROOM_WIRE_LEASE_SECONDS = env_int("NEWSROOM_WIRE_LEASE_SECONDS", 300, minimum=30)


# Caches: process memory by default; DJANGO_CACHE_URL (or REDIS_URL) shares one
# Redis between app servers with Django's own RedisCache (the `redis` extra).
CACHE_TIMEOUT_SECONDS = env_int("DJANGO_CACHE_TIMEOUT_MS", 100, minimum=1) / 1000
# After a failed cache call, how long the page cache is not asked again.
NEWSROOM_CACHE_RETRY_SECONDS = env_int("NEWSROOM_CACHE_RETRY_SECONDS", 5, minimum=0)


def cache_from_url(name: str, url: str) -> dict:
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "newsroom"),
            # A dead or hung Redis costs one request a tenth of a second, not a
            # hung worker; after that the app leaves it alone for
            # NEWSROOM_CACHE_RETRY_SECONDS (articles/caching.py).
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"{name} must start with redis://, rediss://, unix://, locmem:// or "
        f"dummy://, not {scheme or url!r}."
    )


CACHE_URL_SETTING = (
    "DJANGO_CACHE_URL" if os.environ.get("DJANGO_CACHE_URL") else "REDIS_URL"
)
CACHES = {
    "default": cache_from_url(
        CACHE_URL_SETTING, os.environ.get(CACHE_URL_SETTING, "").strip() or "locmem://"
    )
}

# The longest a made page is kept. A change retires pages at once in a shared cache
# (Redis); a cache in each process's own memory cannot hear of a change made in
# another process (another gunicorn worker), so there pages are kept only briefly.
_PAGE_CACHE_IS_LOCAL = (
    CACHES.get(NEWSROOM_PAGE_CACHE, {}).get("BACKEND", "").endswith("LocMemCache")
)
NEWSROOM_PAGE_CACHE_SECONDS = env_int(
    "NEWSROOM_PAGE_CACHE_SECONDS", 10 if _PAGE_CACHE_IS_LOCAL else 600
)
# With read replicas: for this long after a change, pages are made from the primary,
# so a replica that has not caught up cannot put an old page into the cache.
NEWSROOM_REPLICA_LAG_SECONDS = env_int("NEWSROOM_REPLICA_LAG_SECONDS", 10)

_SESSION_ENGINES = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    # Django's cached_db, failing soft when the cache is down (newsroom/sessions.py).
    "cached_db": "newsroom.sessions",
}
_session_store = os.environ.get("DJANGO_SESSION_STORE", "db").strip() or "db"
if _session_store not in _SESSION_ENGINES:
    raise ImproperlyConfigured(
        f"DJANGO_SESSION_STORE={_session_store!r}: use db, cache or cached_db."
    )
SESSION_ENGINE = _SESSION_ENGINES[_session_store]

# Security. Production hardening follows DEBUG off; what depends on the front end
# (TLS redirect, HSTS, the proxy's header) is switched on by the operator.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^readyz/wire$"]
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets (and overwrites) X-Forwarded-Proto itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get(
    "DJANGO_REFERRER_POLICY", "strict-origin-when-cross-origin"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_secure_cookies = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
# Nothing of ours reads the CSRF cookie from JavaScript; forms carry the token.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"


# Content-Security-Policy (django-csp 4). Public pages run no script at all; the
# admin gets 'unsafe-inline' for styles only (see newsroom/middleware.py).
def _origin(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def media_origin(storage: dict, media_url: str) -> str | None:
    """Where photos come from, for img-src (None: this site's own origin)."""
    options = storage.get("OPTIONS", {})
    if "bucket_name" not in options:
        return _origin(media_url)
    if options["custom_domain"]:
        return f"https://{options['custom_domain']}"
    return _origin(options["endpoint_url"]) or "https://*.amazonaws.com"


_media_origin = media_origin(STORAGES["default"], MEDIA_URL)
_static_origin = _origin(STATIC_URL)
_assets = [origin for origin in (_static_origin,) if origin]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *_assets],
        "style-src": ["'self'", *_assets],
        "img-src": ["'self'", "data:", *[o for o in (_media_origin,) if o], *_assets],
        "font-src": ["'self'", *_assets],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **(
            {"report-uri": [os.environ["DJANGO_CSP_REPORT_URI"]]}
            if os.environ.get("DJANGO_CSP_REPORT_URI")
            else {}
        ),
    },
}
NEWSROOM_ADMIN_PREFIX = "/admin/"

# Logs: one JSON object per line on stderr (text when debugging), each with the
# request id that RequestIdMiddleware set and nginx/gunicorn log too.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT={LOG_FORMAT!r}: use json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "newsroom.logs.RequestIdFilter"},
        "no_traceback": {"()": "newsroom.logs.DropTraceback"},
    },
    "formatters": {
        "json": {"()": "newsroom.logs.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
        "console_short": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "no_traceback"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own loggers (errors with tracebacks in django.request, rejected
        # hosts in django.security) go to the same stream instead of e-mail.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Failed sign-ins and lock-outs, with the username and address.
        "axes": {"handlers": ["console_short"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": [], "propagate": True},
        # Forged hosts, bad CSRF, oversized bodies: the 400/403 and one line suffice.
        "django.security": {
            "handlers": ["console_short"],
            "level": LOG_LEVEL,
            "propagate": False,
        },
    },
}
