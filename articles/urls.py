from functools import wraps

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import path, register_converter
from django.views.decorators.csrf import csrf_exempt

from . import feeds, front_views, machine_views, views
from .caching import public_page
from .sitemaps import SITEMAPS, NewsSitemap


class UnicodeSlugConverter:
    """Slugs may hold letters of any script (a Cyrillic or CJK headline's slug)."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TwoDigitConverter:
    regex = r"[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(UnicodeSlugConverter, "uslug")
register_converter(TwoDigitConverter, "dd")

app_name = "articles"


READ_METHODS = ("GET", "HEAD", "OPTIONS")


def read_only(view):
    """GET and HEAD only; OPTIONS names them, any other method answers 405.

    One rule for every public surface, class-based or not (a feed or a sitemap
    would otherwise answer TRACE with its body). Exempt from CSRF: nothing here
    takes a body, so a POST gets the 405 rather than a "CSRF verification failed"
    page. Views that take input (the admin's forms) are not wrapped and keep it.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.method == "OPTIONS":
            response = HttpResponse(headers={"Allow": ", ".join(READ_METHODS)})
            response["Content-Length"] = "0"
            return response
        return HttpResponseNotAllowed(READ_METHODS)

    return csrf_exempt(wrapper)


def page(view, **options):
    """A public page: read-only, cached until content changes, with validators
    (caching.py)."""
    if isinstance(view, type):
        options.setdefault("query", getattr(view, "query_params", ()))
        # Search results: one page per query anyone types, so each lives briefly.
        if "q" in options["query"]:
            options.setdefault("max_ttl", settings.NEWSROOM_SEARCH_CACHE_SECONDS)
        view = view.as_view()
    return read_only(public_page(view, **options))


urlpatterns = [
    path("", page(front_views.HomeView), name="home"),
    path("sections/<slug:slug>/", page(front_views.SectionView), name="section"),
    path("news/<uslug:slug>/", page(views.ArticleDetailView), name="detail"),
    path("tags/<uslug:slug>/", page(views.TagView), name="tag"),
    path("people/<uslug:slug>/", page(views.PersonView), name="person"),
    path("agencies/<uslug:slug>/", page(views.AgencyView), name="agency"),
    path("places/<uslug:slug>/", page(views.PlaceView), name="place"),
    path("archive/", page(views.ArchiveIndexView), name="archive"),
    path("archive/<int:year>/", page(views.YearArchive), name="archive-year"),
    path(
        "archive/<int:year>/<dd:month>/",
        page(views.MonthArchive),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<dd:month>/<dd:day>/",
        page(views.DayArchive),
        name="archive-day",
    ),
    path("search/", page(views.SearchView), name="search"),
    # Feeds
    path("feeds/news.rss", page(feeds.NewsFeed), name="feed-rss"),
    path("feeds/news.atom", page(feeds.NewsAtomFeed), name="feed-atom"),
    path("feeds/tags/<uslug:slug>.rss", page(feeds.TagFeed), name="tag-rss"),
    path("feeds/tags/<uslug:slug>.atom", page(feeds.TagAtomFeed), name="tag-atom"),
    path("feeds/people/<uslug:slug>.rss", page(feeds.PersonFeed), name="person-rss"),
    path(
        "feeds/people/<uslug:slug>.atom",
        page(feeds.PersonAtomFeed),
        name="person-atom",
    ),
    path("feeds/sections/<slug:slug>.rss", page(feeds.SectionFeed), name="section-rss"),
    path(
        "feeds/sections/<slug:slug>.atom",
        page(feeds.SectionAtomFeed),
        name="section-atom",
    ),
    # Search engines
    path(
        "sitemap.xml",
        page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap",
    ),
    # Before the sections: "news" is not one of them.
    path(
        "sitemap-news.xml",
        page(sitemap_views.sitemap, time_dependent=True, max_ttl=300, query=("p",)),
        {
            "sitemaps": {"news": NewsSitemap},
            "template_name": "articles/news_sitemap.xml",
        },
        name="sitemap-news",
    ),
    path(
        "sitemap-<section>.xml",
        page(sitemap_views.sitemap, query=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", page(machine_views.robots_txt), name="robots"),
    # IPTC ninjs 3.1 for partners, at the story's permanent ID.
    path("api/ninjs/<uuid:guid>.json", page(machine_views.ninjs_item), name="ninjs"),
    # Staff only, never cached: a story in any state as readers would see it.
    path("preview/<uuid:guid>/", views.preview, name="preview"),
    path(
        "preview/arrangement/<int:pk>/",
        front_views.preview_arrangement,
        name="preview-arrangement",
    ),
]
