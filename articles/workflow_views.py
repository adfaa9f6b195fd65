"""Pages the workflow adds: staff preview, killed stories (410), old addresses (301)."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from . import services
from .models import Article, ArticlePerson, ArticlePhoto, ArticleRedirect

Status = Article.Status


def gone_or_moved(request, slug: str):
    """For a slug no published story has: 410 for a killed story, 301 for an old one.

    Called only after the published lookup missed, so readers of live stories pay
    nothing for it. Anything else stays a plain 404 (drafts are never revealed).
    """
    article = Article.objects.filter(slug=slug).first()
    if article is not None and article.was_public_before_kill:
        return TemplateResponse(
            request, "articles/killed.html", {"article": article}, status=410
        )
    moved = ArticleRedirect.objects.select_related("article").filter(old_slug=slug)
    target = next((r.article for r in moved), None)
    if target is not None and (target.is_published() or target.was_public_before_kill):
        return HttpResponsePermanentRedirect(target.get_absolute_url())
    raise Http404("No story here.")


@never_cache
def preview(request, guid):
    """Any story in any state, as readers would see it, for staff who may see it.

    Never cached and marked noindex, with a banner naming the state.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_preview(request.user):
        raise PermissionDenied("You may not preview stories.")
    article = get_object_or_404(
        Article.objects.select_related("agency").prefetch_related(
            Prefetch(
                "photo_placements",
                queryset=ArticlePhoto.objects.select_related(
                    "photo", "photo__photographer"
                ),
            ),
            Prefetch(
                "person_roles", queryset=ArticlePerson.objects.select_related("person")
            ),
            "tags",
            "corrections",
        ),
        guid=guid,
    )
    response = TemplateResponse(
        request,
        "articles/preview.html",
        {"article": article, "preview_state": article.state_label()},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
