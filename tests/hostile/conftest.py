"""Fixtures for the hostile-input suite."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def chief(db):
    """A superuser: sees every admin screen, so each can be checked."""
    return get_user_model().objects.create_superuser(
        "chief", password="a-long-test-password"
    )


@pytest.fixture
def chief_client(chief) -> Client:
    client = Client()
    client.force_login(chief)
    return client
