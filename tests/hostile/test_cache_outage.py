"""A Redis that goes away, or hangs, must not take the site or the desk down.

Each test starts a real ``redis-server`` on a free port (and stops it), or listens on
a socket that accepts connections and never answers, and points the cache at it.
"""

import json
import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client, override_settings

from articles.models import Article, Person

from .. import factories
from ..logcapture import json_logs
from ..servers import free_port, outside_env

REDIS_SERVER = shutil.which("redis-server")
needs_redis = pytest.mark.skipif(REDIS_SERVER is None, reason="no redis-server here")


@pytest.fixture
def cache_on(production_pieces):
    """``cache_on(port)`` points the cache at a Redis on that port for the test;
    torn down before the suite's own fixtures clear the (real) cache again."""
    overrides = []

    def point_at(port: int):
        override = override_settings(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": f"redis://127.0.0.1:{port}/0",
                    "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
                }
            }
        )
        override.enable()
        overrides.append(override)

    yield point_at
    for override in overrides:
        override.disable()


@pytest.fixture
def redis_server(tmp_path):
    """A real Redis of the test's own; ``stop()`` ends it as an outage would."""
    port = free_port()
    process = subprocess.Popen(
        [
            *(REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(tmp_path)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=outside_env(),
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)

    class Server:
        def stop(self):
            process.terminate()
            process.wait(10)

    server = Server()
    server.port = port
    yield server
    if process.poll() is None:
        process.kill()
        process.wait(10)


@pytest.fixture
def hung_socket():
    """A port that completes TCP handshakes (the kernel's backlog) and never
    answers a byte: what a wedged Redis looks like to a client."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    listener.setblocking(False)
    yield listener
    listener.close()


def connections_made(listener: socket.socket) -> int:
    """How many connections reached the hung socket (accepting them now)."""
    count = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@needs_redis
@pytest.mark.django_db
def test_story_page_is_served_after_redis_stops(cache_on, redis_server):
    cache_on(redis_server.port)
    story = factories.article(headline="Harbour bridge reopens after repairs")
    client = Client()
    assert client.get(story.get_absolute_url()).status_code == 200  # cached now

    redis_server.stop()
    with json_logs("articles") as logged:
        pages = [client.get(story.get_absolute_url()) for _ in range(5)]
        home = client.get("/")
    assert [page.status_code for page in pages] == [200] * 5
    assert b"Harbour bridge reopens after repairs" in pages[-1].content
    assert home.status_code == 200
    # Made fresh and kept by nobody while the cache is away.
    assert pages[-1]["Cache-Control"] == "public, max-age=0"
    warnings = [e for e in logged if "page cache unavailable" in e["message"]]
    assert len(warnings) == 1, "one warning a minute, not one a request"


@needs_redis
@pytest.mark.django_db
def test_editor_saves_a_story_while_redis_is_down(cache_on, redis_server):
    cache_on(redis_server.port)
    story = factories.article(headline="Ferry timetable changes")
    redis_server.stop()
    with json_logs("articles"):
        story.headline = "Ferry timetable changes from Monday"
        story.save()
    story.refresh_from_db()
    assert story.headline == "Ferry timetable changes from Monday"
    page = Client().get(story.get_absolute_url())
    assert b"Ferry timetable changes from Monday" in page.content


@pytest.mark.django_db
def test_hung_redis_still_serves_pages_and_readyz_says_degraded(cache_on, hung_socket):
    cache_on(hung_socket.getsockname()[1])
    story = factories.article(headline="Orchard harvest starts early")
    client = Client()
    with json_logs("articles"), json_logs("newsroom"):
        page = client.get(story.get_absolute_url())
        ready = client.get("/readyz")
    assert page.status_code == 200
    assert b"Orchard harvest starts early" in page.content
    assert ready.status_code == 200
    assert json.loads(ready.content) == {"database": "ok", "cache": "degraded"}


def test_healthz_never_touches_a_hung_cache(cache_on, hung_socket):
    cache_on(hung_socket.getsockname()[1])
    connections_made(hung_socket)
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert connections_made(hung_socket) == 0


def test_redis_calls_give_up_within_a_tenth_of_a_second():
    """The configured client time-outs (production reads DJANGO_CACHE_TIMEOUT_MS)."""
    from newsroom.settings import cache_from_url

    options = cache_from_url("DJANGO_CACHE_URL", "redis://cache.internal:6379/0")[
        "OPTIONS"
    ]
    assert options["socket_timeout"] <= 0.1
    assert options["socket_connect_timeout"] <= 0.1


@needs_redis
@pytest.mark.django_db
def test_a_story_saved_during_the_outage_is_not_hidden_by_an_old_page(
    cache_on, redis_server
):
    cache_on(redis_server.port)
    story = factories.article(headline="Library extends opening hours")
    client = Client()
    client.get(story.get_absolute_url())
    redis_server.stop()
    with json_logs("articles"):
        Article.objects.filter(pk=story.pk).update(
            headline="Library extends opening hours to ten"
        )
        fresh = client.get(story.get_absolute_url())
    assert b"Library extends opening hours to ten" in fresh.content


@needs_redis
@pytest.mark.django_db
def test_a_signed_in_editor_works_on_while_the_session_cache_is_down(
    cache_on, redis_server, editor, settings
):
    settings.SESSION_ENGINE = "newsroom.sessions"  # DJANGO_SESSION_STORE=cached_db
    cache_on(redis_server.port)
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    redis_server.stop()
    with json_logs("django.contrib.sessions"), json_logs("articles"):
        assert client.get("/admin/").status_code == 200
        response = client.post(
            "/admin/articles/person/add/",
            {"name": "Ines Duarte", "slug": "ines-duarte", "description": "Mayor"},
        )
    assert response.status_code == 302
    assert Person.objects.filter(slug="ines-duarte").exists()
