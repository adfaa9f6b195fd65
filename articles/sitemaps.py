"""Sitemaps (Django's framework) and the Google News sitemap.

``/sitemap.xml`` is an index of the sections below; the story section is split into
pages of ``ArticleSitemap.limit`` stories, oldest first so a page's content stays
put as new stories arrive. ``/sitemap-news.xml`` follows Google's News sitemap
format: stories of the last two days, newest first, at most 1,000.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from .models import Article, Section

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def lastmod(article: Article):
    # A story saved before its scheduled time changed for readers when it appeared.
    return max(article.updated_at, article.published_at)


class ArticleSitemap(Sitemap):
    # Small pages render fast (Django's template does the work, ~0.1 s per 1,000).
    limit = 1000

    def items(self):
        return (
            Article.objects.published()
            .order_by("published_at", "pk")
            .only("slug", "published_at", "updated_at")
        )

    def lastmod(self, item):
        return lastmod(item)

    def get_latest_lastmod(self):
        # Django's default walks every story; the index of sitemaps goes without
        # (each story's own lastmod is on the section pages).
        return None


class PagesSitemap(Sitemap):
    """The pages that list stories rather than tell one."""

    changefreq = "hourly"

    def items(self):
        return ["articles:home", "articles:archive"]

    def location(self, item):
        return reverse(item)


class SectionSitemap(Sitemap):
    """The section pages (each in the site's navigation)."""

    changefreq = "hourly"

    def items(self):
        return Section.objects.only("slug")


SITEMAPS = {
    "articles": ArticleSitemap,
    "pages": PagesSitemap,
    "sections": SectionSitemap,
}


class NewsSitemap(Sitemap):
    """Google News: the last two days' stories, with the news:news element."""

    limit = NEWS_LIMIT

    def items(self):
        now = timezone.now()
        return list(
            Article.objects.published(now)
            .filter(published_at__gte=now - NEWS_WINDOW)
            .newest_first()
            .only("slug", "headline", "language", "published_at", "updated_at")[
                :NEWS_LIMIT
            ]
        )

    def lastmod(self, item):
        return lastmod(item)

    def get_latest_lastmod(self):
        return None

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for url in urls:
            url["publication_name"] = settings.NEWSROOM_SITE_NAME
            url["publication_language"] = news_language(
                url["item"].language or settings.NEWSROOM_LANGUAGE
            )
        return urls


def news_language(tag: str) -> str:
    """Google News's language code for a story: the ISO 639 code ("ru" for
    "ru-RU"), except Chinese, named by its script as "zh-cn" or "zh-tw"."""
    parts = tag.lower().split("-")
    if parts[0] == "zh":
        return "zh-tw" if {"hant", "tw", "hk", "mo"} & set(parts) else "zh-cn"
    return parts[0]
