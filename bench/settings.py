"""Settings for ``make bench``: the product's own settings plus the bench's switches.

Everything the servers read still comes from ``newsroom.settings`` and the
``DJANGO_*`` environment the harness sets (DEBUG off, a generated secret key,
persistent connections, a SQLite file under bench/.work/). This module adds only:

- ``ROOT_URLCONF = "bench.urls"``: the product's URLs plus the constant "floor" view,
  which never reaches the product's own URL map;
- ``BENCH_PAGE_CACHE=0``: the app's page cache is switched off with its own knob
  (``NEWSROOM_PAGE_CACHE_SECONDS = 0``: pages are made fresh and never stored) when
  the app has one; before it has, every configured cache becomes Django's DummyCache.
  ``1`` (the default) leaves the caches exactly as production configures them.
"""

from newsroom.settings import *  # noqa: F403
from newsroom.settings import env_bool

ROOT_URLCONF = "bench.urls"

# The harness serves plain HTTP on loopback; a production setting that redirects to
# HTTPS would turn every benchmarked page into a 301 (TLS is nginx's job there).
SECURE_SSL_REDIRECT = False

BENCH_PAGE_CACHE = env_bool("BENCH_PAGE_CACHE", True)

if not BENCH_PAGE_CACHE:
    if "NEWSROOM_PAGE_CACHE_SECONDS" in globals():
        NEWSROOM_PAGE_CACHE_SECONDS = 0
    else:
        _aliases = list(globals().get("CACHES", {}) or {"default": None})
        CACHES = {
            alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
            for alias in _aliases
        }

# The in-process measurements use Django's test client, whose host is "testserver".
if "testserver" not in ALLOWED_HOSTS:  # noqa: F405
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
