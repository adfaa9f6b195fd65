"""Public pages. Every one reads stories through ``Article.objects.published()``."""

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import Article, ArticlePerson, ArticlePhoto, Person
from .workflow_views import gone_or_moved


def placements_prefetch() -> Prefetch:
    return Prefetch(
        "photo_placements",
        queryset=ArticlePhoto.objects.select_related("photo", "photo__photographer"),
    )


class PublishedArticlesMixin:
    """Published stories with what list pages show, in a constant number of queries."""

    def published_articles(self):
        return (
            Article.objects.published()
            .newest_first()
            .select_related("agency")
            .prefetch_related(placements_prefetch())
        )


class ArticleListView(PublishedArticlesMixin, ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        return self.published_articles()


class HomeView(ArticleListView):
    extra_context = {"heading": "All news"}


class NonEmptyListView(ArticleListView):
    """A list that 404s without a published story (its subject stays hidden)."""

    def get_paginator(
        self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs
    ):
        # The paginator's count decides; ListView's allow_empty costs another query.
        return super().get_paginator(queryset, per_page, orphans, False, **kwargs)


class TagView(NonEmptyListView):
    """Stories with one tag."""

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.tag.name, kind="Tag", **kwargs)


class PersonView(NonEmptyListView):
    """Stories a person appears in, whatever their role, and the photos they took."""

    photo_count = 24

    def get_queryset(self):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        self.person_photos = self.published_photos()
        return (
            super().get_queryset().filter(person_roles__person=self.person).distinct()
        )

    def published_photos(self) -> list[ArticlePhoto]:
        """Their pictures as placed in published stories, newest first, each once."""
        placements = (
            ArticlePhoto.objects.filter(
                photo__photographer=self.person,
                article__in=Article.objects.published(),
            )
            .select_related("photo", "article")
            .order_by("-article__published_at", "-pk")[: self.photo_count * 2]
        )
        seen, unique = set(), []
        for placement in placements:
            if placement.photo_id not in seen:
                seen.add(placement.photo_id)
                unique.append(placement)
        return unique[: self.photo_count]

    def get_paginator(
        self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs
    ):
        # A photographer with published pictures has a page even without a story.
        if self.person_photos:
            return ListView.get_paginator(self, queryset, per_page, orphans, **kwargs)
        return super().get_paginator(queryset, per_page, orphans, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.person.name,
            kind="Person",
            person=self.person,
            person_photos=self.person_photos,
            **kwargs,
        )


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return self.published_articles().prefetch_related(
            Prefetch(
                "person_roles", queryset=ArticlePerson.objects.select_related("person")
            ),
            "tags",
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Only now look further: a killed story (410) or an old address (301).
            return gone_or_moved(request, self.kwargs["slug"])

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if article.corrected_at:  # most stories have none: no query for them
            prefetch_related_objects([article], "corrections")
        return article
