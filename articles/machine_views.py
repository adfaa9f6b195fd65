"""Pages for machines: a story as ninjs JSON for partners, and robots.txt.

Like every public surface, they read stories through ``Article.objects.published()``.
"""

from django.http import JsonResponse
from django.template.response import TemplateResponse

from .models import Article
from .wire.ninjs import article_to_ninjs


def ninjs_item(request, guid):
    """A published story as IPTC ninjs 3.1 JSON for partners, at an address built on
    the story's permanent ID (it survives headline and slug changes).

    Only what ``published()`` lets readers see; a story killed after readers saw it
    answers 410 with no content, like its page; anything else is a 404. Errors are
    JSON too, one shape: ``{"error": "..."}``.
    """
    article = (
        Article.objects.published()
        .select_related("agency", "wire_copy")
        .filter(guid=guid)
        .first()
    )
    if article is None:
        withdrawn = Article.objects.filter(guid=guid).first()
        if withdrawn is not None and withdrawn.was_public_before_kill:
            return JsonResponse({"error": "This story has been withdrawn."}, status=410)
        return JsonResponse({"error": "No published story has this ID."}, status=404)
    document = article_to_ninjs(article, base_url=request.build_absolute_uri("/"))
    return JsonResponse(
        document,
        content_type="application/json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )


def robots_txt(request):
    return TemplateResponse(
        request, "articles/robots.txt", content_type="text/plain; charset=utf-8"
    )
