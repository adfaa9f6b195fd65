"""Start-up refuses unsafe configurations."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import env_bool
from newsroom.startup import refuse_insecure_server


def test_server_refuses_to_start_with_the_development_key_when_debug_is_off(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEV_SECRET_KEY_PREFIX + "x" * 50
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        refuse_insecure_server()


def test_server_starts_with_a_real_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "k" * 60
    refuse_insecure_server()


def test_a_misspelt_boolean_is_an_error_not_false(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "treu")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        env_bool("DJANGO_DEBUG")
