"""Template context every public page needs."""

from functools import lru_cache

from django.conf import settings
from django.utils.translation import to_locale


def site(request):
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_language": settings.NEWSROOM_LANGUAGE,
        "og_locale": og_locale(settings.NEWSROOM_LANGUAGE, settings.LANGUAGE_CODE),
    }


@lru_cache
def og_locale(language: str, language_code: str) -> str:
    """Open Graph's ``language_TERRITORY`` for the site's language ("en_US"), or ""
    when no territory is known (the tag is then left out rather than guessed).

    A bare ``NEWSROOM_LANGUAGE`` ("en") takes its territory from Django's
    ``LANGUAGE_CODE`` when that is the same language ("en-us")."""
    tag = language.replace("_", "-").lower()
    if "-" not in tag and language_code.lower().startswith(f"{tag}-"):
        tag = language_code.lower()
    return to_locale(tag) if "-" in tag else ""
