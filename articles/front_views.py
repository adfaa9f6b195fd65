"""The home page and the section pages: the editors' arrangement on top, then the
newest published stories, each story once.

The arrangement's story ids come with the page furniture (``articles.front``, one
cached read); the stories themselves are loaded through ``published()`` on every
request, so a slot whose story is no longer public is skipped at once and the page
fills the gap. Query budget, whatever the number of stories and slots: the
arranged stories (only when there are any), the page (no count: pages go "older"
and "newer"), the lead photos of both (one query), plus the furniture and the
arrangements when the cache does not hold them.

The staff preview draws a page with any arrangement, live or not (never cached).
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from . import services
from .front import HOME, arranged, furniture
from .models import Arrangement, Article
from .views import ArticleListView, feeds, placements_prefetch


class ArrangedListView(ArticleListView):
    """A list page with an arrangement on its first page."""

    # Set by the preview: these ids instead of the live arrangement's.
    preview_ids: tuple[int, ...] | None = None

    def page_key(self) -> int:
        return HOME

    def stories(self):
        """The published stories this page is about (narrowed for a section)."""
        return Article.objects.published()

    def arranged_ids(self) -> tuple[int, ...]:
        if self.preview_ids is not None:
            return self.preview_ids
        return arranged(self.request).get(self.page_key(), ())

    def get_queryset(self):
        self.arranged = self.arranged_ids()
        self.top = []
        if self.arranged:
            # Any published story may be arranged, from this section or not.
            found = Article.objects.published().select_related("agency")
            by_id = {a.pk: a for a in found.filter(pk__in=self.arranged)}
            self.top = [by_id[pk] for pk in self.arranged if pk in by_id]
        stories = self.stories().newest_first().select_related("agency")
        if self.arranged:
            stories = stories.exclude(pk__in=self.arranged)
        return stories

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["page_obj"].object_list)
        top = self.top if context["page_obj"].number == 1 else []
        prefetch_related_objects(top + page, placements_prefetch())
        context.update(
            articles=page, object_list=page, lead=top[:1], top_stories=top[1:]
        )
        return context


class HomeView(ArrangedListView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="All news",
            feeds=feeds("feed", f"{settings.NEWSROOM_SITE_NAME}: all news"),
            **kwargs,
        )


class SectionView(ArrangedListView):
    """A section's page: its arrangement, then its stories, newest first. A
    section without a published story still has its page (it is in the menu)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.section = furniture(request).section(kwargs["slug"])
        if self.section is None:
            raise Http404("No such section.")

    def page_key(self) -> int:
        return self.section.pk

    def stories(self):
        return Article.objects.published().filter(section_id=self.section.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.section.name,
            kind="Section",
            section=self.section,
            feeds=feeds("section", self.section.name, self.section.slug),
            **kwargs,
        )


@never_cache
def preview_arrangement(request, pk):
    """An arrangement, live or not, drawn as readers would see its page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_preview(request.user):
        raise PermissionDenied("You may not preview pages.")
    arrangement = get_object_or_404(
        Arrangement.objects.select_related("section"), pk=pk
    )
    ids = tuple(arrangement.slots.values_list("article_id", flat=True))
    if arrangement.section_id is None:
        view = HomeView.as_view(preview_ids=ids)
        response = view(request)
    else:
        view = SectionView.as_view(preview_ids=ids)
        response = view(request, slug=arrangement.section.slug)
    response.context_data["preview_of"] = arrangement
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
