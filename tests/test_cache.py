"""The shared cache and the session stores an operator can choose.

In .ci/run's Redis pass (DJANGO_CACHE_URL=redis://…, DJANGO_SESSION_STORE=cached_db)
the whole suite runs on Redis; the tests marked needs_redis only run there.
"""

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.module_loading import import_string

from .servers import PYTHON, run

needs_redis = pytest.mark.skipif(
    not django_settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="set DJANGO_CACHE_URL=redis://… (as .ci/run does) to test on Redis",
)


@pytest.mark.django_db
@pytest.mark.parametrize("store", ["db", "cache", "cached_db"])
def test_an_editor_stays_logged_in_with_each_session_store(settings, editor, store):
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{store}"
    desk = Client()
    assert desk.login(username="editor", password="a-long-test-password")
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
