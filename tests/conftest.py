"""Shared fixtures: the seed story, desk users, real images, a private media folder."""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from articles.models import Article

from .servers import manage, production_env

BASE_DIR = Path(__file__).resolve().parent.parent
SEED_PHOTO = BASE_DIR / "media" / "seed" / "lavrov-kono-tokyo.jpg"
SEED_CAPTION = "Russian and Japanese Foreign Ministers, Sergey Lavrov and Taro Kono"
SEED_CREDIT = "Alexander Shcherbak/TASS"


def pytest_configure(config):
    """Under pytest-xdist each worker gets a Redis database of its own.

    The suite empties the cache around every test; on one shared database a worker
    would empty the other's mid-test. Worker ``gwN`` uses the given database number
    plus N (``redis://…/3`` with ``-n 2``: 3 and 4), in its settings and in the
    environment the processes it starts inherit.
    """
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION")
    if not worker.startswith("gw") or not str(location).startswith("redis"):
        return
    parts = urlsplit(location)
    number = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    location = parts._replace(path=f"/{number}").geturl()
    settings.CACHES["default"]["LOCATION"] = location
    for name in ("DJANGO_CACHE_URL", "REDIS_URL"):
        if os.environ.get(name):
            os.environ[name] = location


def pytest_sessionstart(session):
    """Clear the failed browser tests' pages the last run left (tests/e2e).

    Once, in the process that runs the session: under pytest-xdist the workers start
    later and must not clear what another worker has just recorded.
    """
    if not hasattr(session.config, "workerinput"):
        for stale in (BASE_DIR / "artifacts" / "e2e").glob("FAILED-*"):
            stale.unlink()


# Fixtures through which a test reaches the test database (pytest-django's).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


def uses_database(item) -> bool:
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Hand out the long tests early and the short ones last.

    pytest-xdist gives the next test to whichever worker is free, in this order. The
    browser tests (5 to 20 s each) came last, so one worker was left finishing one
    while the other had nothing more to do. They cannot simply go first: they flush
    the database as they end, so pytest-django runs every test that expects the
    migrations' rows (the desk groups) before them, and that order is kept here. What
    moves is what never touches the test database: the modules that start their
    servers once (xdist_group, each a long unit for one worker) go first, and the
    other tests without a database go after the browser tests, filling the gaps at
    the end. The sort is stable: any other order is pytest-django's.
    """

    def rank(item):
        if uses_database(item):
            return 1
        return 0 if item.get_closest_marker("xdist_group") else 2

    items.sort(key=rank)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """What `manage.py collectstatic` makes for production (hashed names, gzip and
    brotli copies), run once a worker for the modules that serve it for real.

    Compressing takes about 20 s of CPU; what it makes depends on the project's
    static files alone, not on a site's database or cache. Those modules share one
    xdist group ("servers"), so one worker runs it for both.
    """
    root = tmp_path_factory.mktemp("collectstatic")
    manage("collectstatic", "--noinput", "-v0", env=production_env(root))
    return root / "collected-static"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """On SQLite, test in a real file as production does, not in shared memory.

    Threads racing on separate connections need SQLite's file locking (WAL, busy
    timeout); an in-memory shared-cache database answers "table is locked" instead.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def pinned_clock(request):
    """Every test runs at ``factories.NOW``, the clock ticking on from there.

    No test then reads the calendar: "tomorrow" is ``factories.NOW + 1 day`` whatever
    the machine's date (``make test-future`` runs the suite five years ahead to prove
    it). A test that needs another instant, or a frozen clock, moves it itself with
    the ``time_machine`` fixture. Browser tests keep the real clock (the browser's
    own cannot be moved), and so do tests marked ``real_clock``, which compare
    Python's time with the file system's or another process's.
    """
    if request.node.get_closest_marker("e2e") or request.node.get_closest_marker(
        "real_clock"
    ):
        yield None
        return
    from .factories import NOW

    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is deliberately slow; tests log in many desk users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads in tests land in a throwaway folder, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def production_pieces(settings, tmp_path):
    """Plain static names (no collectstatic manifest) and an empty cache per test.

    With DEBUG off the settings ask for hashed static names, which need
    `collectstatic` first; tests/test_serving.py checks that path for real. The cache
    may be a shared Redis (DJANGO_CACHE_URL), so each test starts from empty.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()
    cache.clear()
    yield
    cache.clear()


def stored_files(root: Path) -> list[Path]:
    """Every file under a media folder (an orphan upload shows up here)."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def seed(db) -> Article:
    call_command("loaddata", "seed_story", verbosity=0)
    return Article.objects.get()


def make_user(username: str, group: str | None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password", is_staff=True, **extra
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", "Editors")


@pytest.fixture
def reporter(db):
    return make_user("reporter", "Reporters")


def sign_in(client, username: str, password: str = "a-long-test-password") -> bool:
    """Sign in through the admin's login form, as a person does (django-axes counts
    it); whether the desk let them in."""
    response = client.post(
        "/admin/login/", {"username": username, "password": password}
    )
    return response.status_code == 302


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def jpeg_bytes(size=(640, 427), color=(30, 60, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture
def jpeg_upload():
    def make(name="photo.jpg", size=(640, 427)):
        return SimpleUploadedFile(name, jpeg_bytes(size), content_type="image/jpeg")

    return make


@pytest.fixture(autouse=True)
def cache_answering():
    """A cache outage one test simulated is forgotten before the next test."""
    from articles import caching

    caching.forget_outage()
    yield
    caching.forget_outage()
