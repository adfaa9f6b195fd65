"""The production stack for real: collectstatic + WhiteNoise, gunicorn with
deploy/gunicorn.conf.py, and nginx with the rendered deploy/nginx template, all on
loopback. nginx tests skip only where Debian's nginx is not installed (.ci/run
installs it).
"""

import gzip
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import SEED_PHOTO
from .servers import (
    BASE_DIR,
    BIN,
    PYTHON,
    free_port,
    get,
    manage,
    production_env,
    run,
    stop,
    wait_until_answers,
)

# One pytest-xdist worker runs the module, so the site, gunicorn and nginx start once;
# the outside attack (tests/hostile/test_attack.py) runs on the same worker and uses
# the same collected static files (the collected_static fixture).
pytestmark = pytest.mark.xdist_group("servers")
NGINX = shutil.which("nginx") or (
    "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
)
PUBLISH_SEED = """
from django.contrib.auth import get_user_model
from articles.models import Article
from articles.services import article_publish
chief = get_user_model().objects.create_superuser("chief", password="x-long-secret-1")
article_publish(article=Article.objects.get(), user=chief)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, collected_static):
    """A migrated SQLite site with the seed story published and static collected."""
    root = tmp_path_factory.mktemp("site")
    env = production_env(root)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("loaddata", "seed_story", "-v0", env=env)
    manage("shell", "-c", PUBLISH_SEED, env=env)
    shutil.copytree(collected_static, root / "collected-static")
    photo = root / "uploads" / "seed" / SEED_PHOTO.name
    photo.parent.mkdir(parents=True)
    shutil.copy(SEED_PHOTO, photo)
    return root, env


@pytest.fixture(scope="module")
def gunicorn(site):
    root, env = site
    port = free_port()
    log = (root / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "newsroom.wsgi",
        ],
        env={**env, "WEB_CONCURRENCY": "2"},
        cwd=BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", process)
        yield f"http://127.0.0.1:{port}", root / "gunicorn.log"
    finally:
        stop(process)
        log.close()


@pytest.fixture(scope="module")
def nginx(site, gunicorn):
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")
    root, _ = site
    app_url, _ = gunicorn
    port = free_port()
    prefix = root / "nginx"
    result = run(
        [
            PYTHON,
            "deploy/render_nginx.py",
            "--standalone",
            str(prefix),
            "--foreground",
            "--listen",
            f"127.0.0.1:{port}",
            "--upstream",
            app_url.removeprefix("http://"),
            "--server-name",
            "localhost",
            "--static-root",
            str(root / "collected-static"),
            "--media-root",
            str(root / "uploads"),
            "--body-limit",
            "1m",
            "--microcache",
            "30s",
        ],
        env={},
    )
    assert result.returncode == 0, result.stderr
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_answers(f"http://127.0.0.1:{port}/healthz", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def story_path(base: str) -> str:
    _, _, body = get(base + "/", {"Host": "localhost"})
    return re.search(r'href="(/news/[^"]+/)"', body.decode()).group(1)


# gunicorn and WhiteNoise -----------------------------------------------------------


def test_pages_link_hashed_static_files_served_for_a_year_compressed(gunicorn):
    base, _ = gunicorn
    status, _, body = get(base + "/", {"Host": "localhost"})
    assert status == 200
    css = re.search(r'href="(/static/articles/site\.[0-9a-f]{12}\.css)"', body.decode())
    assert css, "the page links the hashed stylesheet"
    status, headers, content = get(base + css.group(1), {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b".site-header" in gzip.decompress(content)
    assert "immutable" in headers["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600


def test_gunicorn_logs_each_request_as_json_with_its_id(gunicorn):
    base, log = gunicorn
    status, headers, _ = get(base + "/readyz", {"Host": "localhost"})
    assert status == 200
    request_id = headers["X-Request-ID"]
    deadline = time.monotonic() + 10
    while request_id not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    (line,) = [line for line in log.read_text().splitlines() if request_id in line]
    entry = json.loads(line)
    assert entry["logger"] == "gunicorn.access"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/readyz", 200)


def test_gunicorn_stops_with_one_line_when_the_database_is_unreachable(tmp_path):
    env = production_env(tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/nr")
    result = run(
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "newsroom.wsgi"],
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{free_port()}"},
    )
    assert result.returncode == 4
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if "DATABASE_URL" in line
    ]
    assert result.stderr.startswith("newsroom: cannot start: DATABASE_URL: cannot use")


# nginx in front ------------------------------------------------------------------


def test_nginx_micro_caches_anonymous_pages(nginx):
    url = nginx + story_path(nginx)
    statuses = []
    bodies = set()
    for _ in range(3):
        status, headers, body = get(url, {"Host": "localhost"})
        assert status == 200
        statuses.append(headers["X-Cache-Status"])
        bodies.add(body)
    assert statuses[0] in {"MISS", "HIT", "EXPIRED"}
    assert statuses[1:] == ["HIT", "HIT"]
    assert len(bodies) == 1
    assert b"Lavrov" in body


def test_nginx_never_caches_for_logged_in_users(nginx):
    url = nginx + "/"
    get(url, {"Host": "localhost"})  # a cached copy exists for readers…
    for _ in range(2):
        status, headers, _ = get(
            url, {"Host": "localhost", "Cookie": "newsroom_editor=x1"}
        )
        assert status == 200
        assert headers["X-Cache-Status"] == "BYPASS"  # …editors never get it


def test_nginx_serves_its_copy_to_a_made_up_session_cookie(nginx):
    url = nginx + "/"
    get(url, {"Host": "localhost"})
    get(url, {"Host": "localhost"})
    status, headers, _ = get(url, {"Host": "localhost", "Cookie": "sessionid=x1"})
    assert status == 200
    assert headers["X-Cache-Status"] == "HIT"


def test_nginx_honours_no_store_from_the_app(nginx):
    for _ in range(2):
        status, headers, _ = get(nginx + "/readyz", {"Host": "localhost"})
        assert status == 200
        assert "no-store" in headers["Cache-Control"]
    # The admin says never_cache: no copy is kept even after repeated requests.
    for _ in range(2):
        status, headers, _ = get(nginx + "/admin/login/", {"Host": "localhost"})
        assert status == 200
        assert headers.get("X-Cache-Status") != "HIT"


def test_each_response_through_nginx_has_its_own_request_id(nginx):
    url = nginx + "/"
    ids = {get(url, {"Host": "localhost"})[1]["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3  # a cached page does not repeat the first reader's id


def test_nginx_serves_media_and_hashed_static_files_itself(nginx, site):
    root, _ = site
    status, headers, body = get(nginx + f"/media/seed/{SEED_PHOTO.name}")
    assert status == 200
    assert body == SEED_PHOTO.read_bytes()
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Cache-Status" not in headers  # never went to the app

    (css,) = (root / "collected-static" / "articles").glob("site.????????????.css")
    status, headers, _ = get(
        nginx + f"/static/articles/{css.name}", {"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"


def test_nginx_passes_forged_hosts_to_a_400(nginx):
    status, _, body = get(nginx + "/", {"Host": "evil.example"})
    assert status == 400
    assert b"Traceback" not in body


def test_nginx_refuses_an_oversized_body_with_413(nginx):
    status, _, _ = get(
        nginx + "/admin/login/", {"Host": "localhost"}, data=b"x" * (2 * 1024 * 1024)
    )
    assert status == 413


# Last in the module: it spends this address's allowance at nginx.
def test_nginx_rate_limits_sign_in_and_search(nginx):
    searches = [
        get(nginx + "/search/?q=harbour", {"Host": "localhost"})[0] for _ in range(40)
    ]
    assert searches[0] == 200
    assert 429 in searches
    sign_ins = [
        get(nginx + "/admin/login/", {"Host": "localhost"})[0] for _ in range(12)
    ]
    assert sign_ins[0] == 200
    assert 429 in sign_ins
