"""Checks that stop a misconfigured server before it answers a single request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_server() -> None:
    """Refuse to serve with DEBUG off and a development (or missing) secret key.

    Management commands may run with the generated development key; a server that
    readers reach may not, because sessions and password resets are signed with it.
    """
    if settings.DEBUG:
        return
    if settings.SECRET_KEY.startswith(settings.DEV_SECRET_KEY_PREFIX):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: a server with DJANGO_DEBUG off needs a real "
            "secret key (50+ random characters)."
        )
