"""Template context every public page needs."""

from django.conf import settings

from .languages import og_locale


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_language": settings.NEWSROOM_LANGUAGE,
        "og_locale": og_locale(settings.NEWSROOM_LANGUAGE, settings.LANGUAGE_CODE),
    }
