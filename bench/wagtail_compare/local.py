"""Overrides the harness adds to the stock ``wagtail start`` production settings.

Copied to ``benchsite/settings/local.py``, which the stock production settings
import last.
"""

import os

from .base import INSTALLED_APPS as _STOCK_APPS

INSTALLED_APPS = ["stories", *_STOCK_APPS]

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["BENCH_WAGTAIL_DB"],
        # The same persistent connections as our own servers get.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;"},
    }
}
WAGTAIL_SITE_NAME = "Newsroom on Wagtail"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
