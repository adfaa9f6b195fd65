"""The outside attack, repeated: gunicorn, nginx, Redis and (where it answers)
PostgreSQL started on loopback by this module, attacked as a hostile client would.

Each check is one of the holes docs/hostile-inputs.md lists under "An outside
attack"; the in-process tests beside this module cover each in detail. `make attack`
runs this module alone; `.ci/run` runs it with the rest of the suite.
"""

import http.client
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..servers import (
    BASE_DIR,
    BIN,
    PYTHON,
    free_port,
    get,
    manage,
    outside_env,
    production_env,
    run,
    stop,
    wait_until_answers,
)

# One pytest-xdist worker runs the module, so its servers start once.
# On the worker that runs tests/test_serving.py: both serve collected_static.
pytestmark = [pytest.mark.attack, pytest.mark.xdist_group("servers")]

REDIS_SERVER = shutil.which("redis-server")
NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
)
SETUP = """
from django.contrib.auth import get_user_model
from articles.models import Article
from articles.services import article_publish
users = get_user_model().objects
chief = users.create_superuser("chief", password="x-long-secret-1")
users.create_user("intern", password="x-long-secret-2", is_staff=True)
article_publish(article=Article.objects.get(), user=chief)
"""


SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def database_url(root: Path) -> str:
    """A new PostgreSQL database of this run's own when the server answers, else
    SQLite in the run's folder."""
    if not answers(5432):
        return f"sqlite:///{root / 'db.sqlite3'}"
    import psycopg

    name = f"newsroom_attack_{secrets.token_hex(4)}"
    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def drop_database(url: str) -> None:
    if not url.startswith("postgres://"):
        return
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"')


@pytest.fixture(scope="module")
def redis(tmp_path_factory):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            *(REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no"),
            *("--dir", str(tmp_path_factory.mktemp("redis"))),
        ],
        stdout=subprocess.DEVNULL,
        env=outside_env(),
    )
    deadline = time.monotonic() + 10
    while not answers(port):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    yield port, process
    stop(process)


@pytest.fixture(scope="module")
def stack(tmp_path_factory, redis, collected_static):
    """gunicorn (two workers) with Redis and the database; nginx in front."""
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    root = tmp_path_factory.mktemp("attack")
    redis_port, _ = redis
    database = database_url(root)
    env = production_env(
        root,
        DATABASE_URL=database,
        DJANGO_CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        DJANGO_SESSION_STORE="cached_db",
        DJANGO_TRUSTED_PROXY_COUNT="1",
    )
    manage("migrate", "--noinput", "-v0", env=env)
    manage("loaddata", "seed_story", "-v0", env=env)
    manage("shell", "-c", SETUP, env=env)
    shutil.copytree(collected_static, root / "collected-static")
    app_port, web_port = free_port(), free_port()
    app = subprocess.Popen(
        [
            *(str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py"),
            *("--bind", f"127.0.0.1:{app_port}", "newsroom.wsgi"),
        ],
        env={**env, "WEB_CONCURRENCY": "2"},
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    prefix = root / "nginx"
    rendered = run(
        [
            *(PYTHON, "deploy/render_nginx.py", "--standalone", str(prefix)),
            *("--foreground", "--listen", f"127.0.0.1:{web_port}"),
            *("--upstream", f"127.0.0.1:{app_port}", "--server-name", "localhost"),
            *("--static-root", str(root / "collected-static")),
            *("--media-root", str(root / "uploads"), "--microcache", "30s"),
        ],
        env={},
    )
    assert rendered.returncode == 0, rendered.stderr
    web = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_answers(f"http://127.0.0.1:{app_port}/healthz", app)
        wait_until_answers(f"http://127.0.0.1:{web_port}/healthz", web)
        story = _story_path(f"http://127.0.0.1:{app_port}")
        yield f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{web_port}", story
    finally:
        stop(web)
        stop(app)
        drop_database(database)


HOST = {"Host": "localhost"}


def _story_path(base: str) -> str:
    _, _, body = get(base + "/", HOST)
    return (
        body.decode().split('href="/news/', 1)[1].split('"', 1)[0].join(["/news/", ""])
    )


def sign_in(base: str, username: str, password: str, address: str) -> int:
    """Post the admin's login form from ``address`` (as nginx forwards it)."""
    _, headers, body = get(base + "/admin/login/", HOST)
    token = body.decode().split('name="csrfmiddlewaretoken" value="', 1)[1]
    token = token.split('"', 1)[0]
    cookie = headers["Set-Cookie"].split(";", 1)[0]
    form = f"csrfmiddlewaretoken={token}&username={username}&password={password}"
    # http.client, not urllib: a successful sign-in answers 302, not followed here.
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=10)
    try:
        connection.request(
            "POST",
            "/admin/login/",
            body=form.encode(),
            headers={
                **HOST,
                "Cookie": cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-For": address,
                "Referer": "http://localhost/admin/login/",
            },
        )
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_made_up_session_cookie_gets_the_cached_page(stack):
    _, web, story = stack
    get(web + story, HOST)
    get(web + story, HOST)
    status, headers, _ = get(web + story, {**HOST, "Cookie": "sessionid=made-up"})
    assert status == 200
    assert headers["X-Cache-Status"] == "HIT"


def test_made_up_query_strings_do_not_fill_the_cache(stack, redis):
    app, _, story = stack
    import redis as redis_client

    keys = redis_client.Redis(port=redis[0])
    get(app + story, HOST)
    before = keys.dbsize()
    for number in range(50):
        status, _, _ = get(app + f"{story}?q={number}&utm_x={number}", HOST)
        assert status == 200
    assert keys.dbsize() == before


def test_password_guessing_is_locked_out_and_the_right_password_then_refused(stack):
    app, _, _ = stack
    statuses = [sign_in(app, "chief", f"guess{n}", "203.0.113.5") for n in range(5)]
    assert statuses[:4] == [200] * 4
    assert sign_in(app, "chief", "x-long-secret-1", "203.0.113.5") == 429
    # Someone else behind the same proxy still signs in to their own account.
    assert sign_in(app, "intern", "x-long-secret-2", "198.51.100.9") == 302


def test_redis_going_away_leaves_the_site_up(stack, redis):
    app, _, story = stack
    _, process = redis
    stop(process)
    pages = [get(app + story, HOST)[0] for _ in range(5)]
    assert pages == [200] * 5
    assert get(app + "/", HOST)[0] == 200
    assert get(app + "/healthz", HOST)[0] == 200
    status, _, body = get(app + "/readyz", HOST)
    assert status == 200 and b'"degraded"' in body
