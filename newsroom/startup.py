"""Checks that stop a misconfigured server before it answers a single request.

``newsroom/wsgi.py`` and ``asgi.py`` load the application through
:func:`load_application`: a missing secret key, a malformed or unreachable
``DATABASE_URL``, cache or media storage, or missing collected static files end the
process with one line naming the setting (exit status 4, which gunicorn reads as
"application failed to load" and stops instead of respawning workers). The same
checks run in ``manage.py check --deploy``.
"""

import os
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.conf import settings
from django.core import checks
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

# gunicorn halts on 4 (APP_LOAD_ERROR); Django's autoreloader restarts on 3, so not 3.
EXIT_CONFIG_ERROR = 4


def weak_secret_key(key: str) -> str | None:
    """Why ``key`` is weak by Django's own measure (``check --deploy``'s
    security.W009), or None for a key fit to sign sessions and password resets."""
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return f"it starts with {SECRET_KEY_INSECURE_PREFIX!r}"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"it has {len(key)} characters, fewer than {SECRET_KEY_MIN_LENGTH}"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"it has {len(set(key))} different characters, fewer than "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS}"
        )
    return None


def refuse_insecure_server() -> None:
    """Refuse to serve with DEBUG off and a missing, development or weak secret key.

    Management commands may run with the generated development key; a server that
    readers reach may not, because sessions and password resets are signed with it.
    A placeholder such as the ``replace-me`` of deploy/production.env.example is
    refused by the same rule ``check --deploy`` warns with (security.W009).
    """
    if settings.DEBUG:
        return
    if not os.environ.get("DJANGO_SECRET_KEY", "").strip() and (
        settings.SECRET_KEY.startswith(settings.DEV_SECRET_KEY_PREFIX)
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: a server with DJANGO_DEBUG off needs a real "
            "secret key (50+ random characters)."
        )
    reason = weak_secret_key(settings.SECRET_KEY)
    if reason is not None:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too weak ({reason}): a server with DJANGO_DEBUG "
            "off needs a real secret key (50+ random characters)."
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _database_setting(alias: str) -> str:
    return "DATABASE_URL" if alias == "default" else "DJANGO_DATABASE_REPLICA_URLS"


def _describe_database(config: dict) -> str:
    """Where a database is, without its password."""
    engine = config["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"sqlite3 file {config['NAME']}"
    host = config.get("HOST") or "localhost"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"{engine} database {config.get('NAME')!r} at {host}{port}"


def _describe_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}" if host else url


def database_problems() -> list[str]:
    """Connect to every configured database once and run ``SELECT 1``."""
    from django.db import connections

    problems = []
    for alias in connections:
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:  # any driver's error means "cannot serve"
            problems.append(
                f"{_database_setting(alias)}: cannot use the "
                f"{_describe_database(connection.settings_dict)} ({alias}): "
                f"{_first_line(exc)}"
            )
        finally:
            # Never hand an open connection (or psycopg's pool, whose threads do not
            # survive a fork) to gunicorn's forked workers.
            connection.close()
            if connection.alias in getattr(connection, "_connection_pools", {}):
                connection.close_pool()
    return problems


def cache_problems() -> list[str]:
    """Write and read back one short-lived key in the default cache."""
    from django.core.cache import caches

    cache = caches["default"]
    location = settings.CACHES["default"].get("LOCATION", "")
    where = _describe_url(location) if location else "the local memory cache"
    try:
        cache.set("newsroom:startup-check", "ok", timeout=10)
        if cache.get("newsroom:startup-check") != "ok":
            return [f"{settings.CACHE_URL_SETTING}: {where} did not keep a value."]
    except Exception as exc:  # redis-py's and others' connection errors
        setting = settings.CACHE_URL_SETTING
        return [f"{setting}: cannot reach {where}: {_first_line(exc)}"]
    finally:
        cache.close()
    return []


def storage_problems() -> list[str]:
    """The media storage must be reachable: the bucket exists, or the folder is ours."""
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return [f"DJANGO_MEDIA_ROOT: cannot create {root}: {_first_line(exc)}"]
        if not os.access(root, os.W_OK):
            return [f"DJANGO_MEDIA_ROOT: {root} is not writable by this process."]
        return []
    bucket = getattr(storage, "bucket_name", None)
    if bucket:  # django-storages' S3Storage
        try:
            storage.connection.meta.client.head_bucket(Bucket=bucket)
        except Exception as exc:  # botocore's ClientError, EndpointConnectionError…
            return [
                f"DJANGO_S3_BUCKET: cannot reach bucket {bucket!r} at "
                f"{storage.endpoint_url or 'AWS S3'}: {_first_line(exc)}"
            ]
    return []


def static_problems() -> list[str]:
    """With hashed static names, the manifest from ``collectstatic`` must exist."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    try:
        storage = storages["staticfiles"]  # reads the manifest
    except ValueError as exc:  # "Couldn't load manifest…": a damaged file
        return [f"DJANGO_STATIC_ROOT: {_first_line(exc)}; run collectstatic again."]
    if isinstance(storage, ManifestFilesMixin) and not storage.exists(
        storage.manifest_name
    ):
        return [
            f"DJANGO_STATIC_ROOT: {Path(storage.location) / storage.manifest_name} "
            "is missing: run `manage.py collectstatic --noinput` before starting."
        ]
    return []


def backing_service_problems() -> list[str]:
    return database_problems() + cache_problems() + storage_problems()


def run_startup_checks() -> None:
    """Raise ImproperlyConfigured naming the first thing that stops us serving."""
    refuse_insecure_server()
    problems = backing_service_problems() + static_problems()
    if problems:
        raise ImproperlyConfigured(problems[0])


def load_application(get_application: Callable):
    """Check the configuration can serve, then build the WSGI/ASGI app; or exit
    with one clear line (before middleware such as WhiteNoise adds warnings of its
    own about the same problem)."""
    try:
        django.setup(set_prefix=False)
        run_startup_checks()
        application = get_application()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"newsroom: cannot start: {exc}\n")
        sys.stderr.flush()
        raise SystemExit(EXIT_CONFIG_ERROR) from None
    return application


@checks.register("newsroom", deploy=True)
def check_backing_services(app_configs=None, **kwargs):
    """`manage.py check --deploy`: the databases, cache and media storage answer."""
    return [
        checks.Error(problem, id="newsroom.E001")
        for problem in backing_service_problems()
    ]
