"""The shared cache and the session stores an operator can choose.

In .ci/run's Redis pass (DJANGO_CACHE_URL=redis://…, DJANGO_SESSION_STORE=cached_db)
the whole suite runs on Redis; the tests marked needs_redis only run there.
"""

import json
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from articles.models import Article
from newsroom.settings import cache_from_url

from . import factories
from .conftest import sign_in
from .servers import PYTHON, manage, production_env, run

needs_redis = pytest.mark.skipif(
    not django_settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="set DJANGO_CACHE_URL=redis://… (as .ci/run does) to test on Redis",
)


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["db", "cache", "cached_db"])
def test_an_editor_stays_logged_in_with_each_session_store(settings, editor, store):
    settings.SESSION_ENGINE = {
        "db": "django.contrib.sessions.backends.db",
        "cache": "django.contrib.sessions.backends.cache",
        "cached_db": "newsroom.sessions",
    }[store]
    desk = Client()
    assert sign_in(desk, "editor")
    assert desk.get(reverse("admin:index")).status_code == 200
    session_key = desk.cookies[settings.SESSION_COOKIE_NAME].value
    session: SessionBase = import_string(f"{settings.SESSION_ENGINE}.SessionStore")(
        session_key
    )
    assert session.get("_auth_user_id") == str(editor.pk)
    desk.post(reverse("admin:logout"))
    assert desk.get(reverse("admin:index")).status_code == 302


@needs_redis
def test_app_servers_share_one_cache():
    """What another app server process writes, this one reads, and back."""
    cache.set("newsroom:test:from-tests", "written by the test process", 30)
    script = (
        "import django; django.setup();"
        "from django.core.cache import cache;"
        "print(cache.get('newsroom:test:from-tests'));"
        "cache.set('newsroom:test:from-peer', 'written by a peer', 30)"
    )
    result = run([PYTHON, "-c", script], env=_same_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "written by the test process"
    assert cache.get("newsroom:test:from-peer") == "written by a peer"


@needs_redis
def test_cache_keys_carry_the_prefix_so_sites_can_share_a_redis():
    cache.set("front-page", "x", 30)
    client = cache._cache.get_client(write=False)
    prefix = django_settings.CACHES["default"]["KEY_PREFIX"]
    assert client.exists(f"{prefix}:1:front-page")


def _same_env():
    import os

    return {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}


# Redis unreachable: nothing listens on this port (connection refused at once).
DEAD_REDIS = "redis://127.0.0.1:6399/5"
WIRE_STORY = (
    Path(__file__).parent
    / "data"
    / "wire"
    / "ninjs"
    / "1.4"
    / "ninjsExSimpleText1.json"
)


def _redis_client_or_skip():
    pytest.importorskip("redis", reason="the redis client (the `redis` extra)")


def test_ingest_saves_and_reports_when_the_page_cache_cannot_be_reached(tmp_path):
    _redis_client_or_skip()
    env = production_env(tmp_path)
    manage("migrate", "--noinput", env=env)
    env["DJANGO_CACHE_URL"] = DEAD_REDIS
    result = run(
        [PYTHON, "manage.py", "ingest_wire", "--take", str(WIRE_STORY)],
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "created 1, updated 0 (0 held for an editor)" in result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    warning = json.loads(lines[0])
    assert warning["level"] == "WARNING"
    assert "page cache: could not retire cached pages" in warning["message"]
    assert "Connection refused" in warning["message"]
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM articles_article").fetchone() == (1,)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_commits_when_the_page_cache_cannot_be_reached(settings, caplog):
    # The admin, the workflow's services and the importer all save through the
    # same receivers: a cache that is down must not roll the editor's save back.
    _redis_client_or_skip()
    settings.CACHES = {**settings.CACHES, "pages": cache_from_url("X", DEAD_REDIS)}
    settings.NEWSROOM_PAGE_CACHE = "pages"
    with transaction.atomic():
        story = factories.article(headline="Saved while Redis is down")
    assert Article.objects.get(pk=story.pk).headline == "Saved while Redis is down"
    warnings = [r for r in caplog.records if r.name == "articles.caching"]
    assert warnings and all(r.levelname == "WARNING" for r in warnings)
    assert all(r.exc_info is None for r in warnings)  # one line, no traceback
    assert "the change is saved" in warnings[0].getMessage()
