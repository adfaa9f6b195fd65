"""Settings read from the environment refuse what they cannot understand."""

import re
import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import (
    cache_from_url,
    database_from_url,
    env_bool,
    media_origin,
    media_storage_from_env,
)
from newsroom.startup import refuse_insecure_server


def test_server_refuses_to_start_with_the_development_key_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEV_SECRET_KEY_PREFIX + "x" * 50
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        refuse_insecure_server()


def test_server_starts_with_a_real_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    refuse_insecure_server()


def test_a_development_server_starts_with_its_generated_key(settings):
    # make run: DJANGO_DEBUG=1 and the key generated into var/.
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEV_SECRET_KEY_PREFIX + "x" * 50
    refuse_insecure_server()


def test_a_misspelt_boolean_is_an_error_not_false(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "treu")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG")


def test_postgres_keeps_connections_and_fails_fast(monkeypatch):
    monkeypatch.delenv("DJANGO_CONN_MAX_AGE", raising=False)
    monkeypatch.delenv("DJANGO_DB_POOL", raising=False)
    config = database_from_url("DATABASE_URL", "postgres://news@db.internal/newsroom")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True
    assert config["OPTIONS"]["connect_timeout"] == 5


def test_postgres_pool_replaces_persistent_connections(monkeypatch):
    monkeypatch.setenv("DJANGO_DB_POOL", "1")
    monkeypatch.setenv("DJANGO_DB_POOL_MAX_SIZE", "8")
    config = database_from_url("DATABASE_URL", "postgres://news@db.internal/newsroom")
    assert config["OPTIONS"]["pool"]["max_size"] == 8
    assert config["CONN_MAX_AGE"] == 0


def test_a_replica_is_a_test_mirror_of_the_primary():
    config = database_from_url(
        "DJANGO_DATABASE_REPLICA_URLS",
        "postgres://news@replica.internal/newsroom",
        test_mirror="default",
    )
    assert config["HOST"] == "replica.internal"
    assert config["TEST"] == {"MIRROR": "default"}


def test_an_unknown_database_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL is not a database"):
        database_from_url("DATABASE_URL", "postgress://db/newsroom")


def test_redis_url_selects_djangos_redis_cache():
    config = cache_from_url("DJANGO_CACHE_URL", "redis://cache.internal:6379/3")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/3"


def test_an_unknown_cache_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^REDIS_URL must start with"):
        cache_from_url("REDIS_URL", "memcached://cache.internal")


def test_media_stay_on_disk_unless_a_bucket_is_named():
    storage = media_storage_from_env({})
    assert storage == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_origin(storage, "/media/") is None


def test_a_bucket_moves_media_to_s3_with_public_cacheable_urls():
    storage = media_storage_from_env(
        {
            "DJANGO_S3_BUCKET": "newsroom-media",
            "DJANGO_S3_ENDPOINT_URL": "https://s3.example.net",
            "DJANGO_S3_CUSTOM_DOMAIN": "media.example.org",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    # Pages may show pictures from the CDN domain, and only from there.
    assert media_origin(storage, "/media/") == "https://media.example.org"


def test_docs_deployment_lists_every_environment_variable_the_code_reads():
    # An operator configures Newsroom from that table alone; a new variable must
    # land there too.
    root = Path(__file__).resolve().parent.parent
    sources = [root / "newsroom" / "settings.py", root / "deploy" / "gunicorn.conf.py"]
    read = set()
    for source in sources:
        read |= set(
            re.findall(
                r"(?:environ(?:\.get)?\(|environ\[|env_(?:bool|int|list)\()\s*"
                r"\"([A-Z][A-Z0-9_]+)\"",
                source.read_text(),
            )
        )
    assert {"DATABASE_URL", "NEWSROOM_PHOTO_WIDTHS", "GUNICORN_BIND"} <= read
    table = (root / "docs" / "deployment.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", table, re.MULTILINE))
    assert sorted(read - documented) == []
