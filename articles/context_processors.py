"""Template context every public page needs."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .languages import og_locale


def site(request):
    # Lazy: a page that shows no navigation (robots.txt, the admin) reads nothing.
    from .front import furniture  # the models are ready by the time a page renders

    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_language": settings.NEWSROOM_LANGUAGE,
        "og_locale": og_locale(settings.NEWSROOM_LANGUAGE, settings.LANGUAGE_CODE),
        "front": SimpleLazyObject(lambda: furniture(request)),
    }
