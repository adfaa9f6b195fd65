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


@pytest.fixture(autouse=True)
def few_rendition_widths(settings):
    """Two widths instead of four: the pages are the same, the uploads quicker."""
    settings.NEWSROOM_PHOTO_WIDTHS = [160, 320]
