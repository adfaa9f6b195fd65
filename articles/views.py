"""Public pages. Every one reads stories through ``Article.objects.published()``.

Query budgets (asserted in tests): a story page runs at most 4 queries whatever it
holds; a list page runs its page (no count: ``articles.paging``) and one query for
the lead photos, plus one to look up the tag, person or agency it is about (or two
for an archive's months or days and their counts); search runs 4 (count, ranked
ids, stories, photos).
"""

from datetime import UTC, date, datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncDay, TruncMonth
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.views import generic
from django.views.decorators.cache import never_cache
from django.views.generic import (
    DayArchiveView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)
from taggit.models import Tag

from . import search, services
from .models import (
    Agency,
    Article,
    ArticlePerson,
    ArticlePhoto,
    ArticleRedirect,
    Person,
    TaggedArticle,
    TagRedirect,
)
from .paging import OlderNewerPaginator

RELATED_STORIES = 5
# How many of the newest published stories related stories are looked for among.
RELATED_SCAN = 1000
EARLIEST = datetime.min.replace(tzinfo=UTC)


def placements_prefetch() -> Prefetch:
    return Prefetch(
        "photo_placements",
        queryset=ArticlePhoto.objects.select_related(
            "photo", "photo__photographer", "photo__agency"
        ),
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


def feeds(name: str, title: str, *args) -> dict[str, str]:
    """A list's own RSS and Atom addresses and the title feed readers show for them:
    its ``<head>`` announces them and its Follow links point at them."""
    return {
        "title": title,
        "rss": reverse(f"articles:{name}-rss", args=args),
        "atom": reverse(f"articles:{name}-atom", args=args),
    }


class ArticleListView(PublishedArticlesMixin, ListView):
    """A list of stories, newest first, paged "older" and "newer" without a count
    (``articles.paging``)."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginator_class = OlderNewerPaginator
    # The query parameters the page reads; the page cache ignores all others.
    query_params = ("page",)

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        return self.published_articles()


class NonEmptyListView(ArticleListView):
    """A list that 404s without a published story (its subject stays hidden)."""

    def get_paginator(
        self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs
    ):
        # The page's own query decides; ListView's allow_empty costs another query.
        return super().get_paginator(queryset, per_page, orphans, False, **kwargs)


class LinkedStoriesView(NonEmptyListView):
    """Stories linked to one subject through a link table (a tag, a person).

    Each published story, newest first along the published index, is checked for
    a link (``EXISTS``, one probe of the link table's index) until the page is
    full: the busiest tag's first page reads a page's worth of stories.
    """

    def linked_stories(self, links, field: str):
        """The published stories a row of ``links`` points at through ``field``."""
        stories = super().get_queryset()
        return stories.filter(Exists(links.filter(**{field: OuterRef("pk")})))


class TagView(LinkedStoriesView):
    """Stories with one tag; a merged tag's address answers 301 to the tag kept."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = TagRedirect.objects.select_related("tag").filter(
                old_slug=self.kwargs["slug"]
            )
            target = next((r.tag for r in moved), None)
            if target is None:
                raise
            return permanent_redirect(
                request, reverse("articles:tag", kwargs={"slug": target.slug})
            )

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        links = TaggedArticle.objects.filter(tag=self.tag)
        return self.linked_stories(links, "content_object")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.tag.name,
            kind="Tag",
            feeds=feeds("tag", self.tag.name, self.tag.slug),
            **kwargs,
        )


class PersonView(LinkedStoriesView):
    """Stories a person appears in, whatever their role, and the photos they took."""

    photo_count = 24

    def get_queryset(self):
        self.person = get_object_or_404(Person, slug=self.kwargs["slug"])
        self.person_photos = self.published_photos()
        # A subquery, not a join: someone quoted and pictured in one story lists it
        # once without a DISTINCT over the whole result.
        roles = ArticlePerson.objects.filter(person=self.person)
        return self.linked_stories(roles, "article")

    def published_photos(self) -> list[ArticlePhoto]:
        """Their pictures as placed in published stories, newest first, each once."""
        # Each of their placements is checked against its story (EXISTS): with
        # ``article__in`` SQLite first listed every published story (0.3 s at
        # 100,000 stories, on every person's page).
        visible = Article.objects.published().filter(pk=OuterRef("article_id"))
        placements = (
            ArticlePhoto.objects.filter(photo__photographer=self.person)
            .filter(Exists(visible))
            .select_related("photo", "article")
            .order_by("-article__published_at", "-pk")[: self.photo_count * 2]
        )
        seen, unique = set(), []
        for placement in placements:
            if placement.photo_id not in seen:
                seen.add(placement.photo_id)
                unique.append(placement)
        return unique[: self.photo_count]

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        # A photographer with published pictures has a page even without a story.
        paginator.allow_empty_first_page = bool(self.person_photos)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            heading=self.person.name,
            kind="Person",
            person=self.person,
            person_photos=self.person_photos,
            **kwargs,
        )
        # Their feeds carry the stories they are in, and 404 without one (as a
        # tag's do): a photographer's page without a story offers none of its own
        # (the <head> then announces all news). A page past their last story is a
        # 404, so a page with no story means they have none.
        if context["page_obj"].object_list:
            context["feeds"] = feeds("person", self.person.name, self.person.slug)
        return context


class AgencyView(NonEmptyListView):
    """Stories from one news agency."""

    def get_queryset(self):
        self.agency = get_object_or_404(Agency, slug=self.kwargs["slug"])
        return super().get_queryset().filter(agency=self.agency)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.agency.name, kind="Agency", **kwargs
        )


class PlaceView(NonEmptyListView):
    """Stories filed from one dateline place (“TOKYO” and “Tokyo” alike)."""

    def get_queryset(self):
        return super().get_queryset().filter(dateline_slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(kind="Dateline", **kwargs)
        # The place as the newest story on the page spells it; iterating loads the
        # page once, for this and for the template.
        context["heading"] = next(iter(context["articles"])).dateline_place
        return context


# Date archives --------------------------------------------------------------------


class ArchiveIndexView(generic.ArchiveIndexView):
    """Links to each year that has a published story, newest first (Django's own
    archive index: one query for the years, the stories themselves unread)."""

    template_name = "articles/archive_index.html"
    date_field = "published_at"
    allow_empty = True

    def get_queryset(self):
        return Article.objects.published()


class ArchivePeriod(NamedTuple):
    start: date
    count: int


class ArchiveMixin(PublishedArticlesMixin):
    """Django's date archives over ``published_at``, paginated, 404 when empty.

    ``allow_empty`` is on so Django spends no query on checking; the paginator
    refuses an empty first page instead (as on tag pages).
    """

    date_field = "published_at"
    allow_future = False
    allow_empty = True
    month_format = "%m"
    context_object_name = "articles"
    template_name = "articles/archive.html"
    paginator_class = OlderNewerPaginator
    query_params = ("page",)

    def get_queryset(self):
        return self.published_articles()

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_paginator(
        self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs
    ):
        return super().get_paginator(queryset, per_page, orphans, False, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        level = next(name for name in ("day", "month", "year") if name in context)
        context.update(archive_level=level, archive_date=context[level])
        if context.get("date_list"):
            context["date_list"] = self.with_counts(
                context["paginator"].object_list, context["date_list"]
            )
        return context

    def with_counts(self, stories, periods) -> list[ArchivePeriod]:
        """Django's months of the year (or days of the month) with stories, each
        with how many it has: one GROUP BY over the same stories."""
        trunc = TruncMonth if self.get_date_list_period() == "month" else TruncDay
        counts = dict(
            stories.order_by()
            .annotate(period=trunc(self.date_field))
            .values_list("period")
            .annotate(count=Count("pk"))
        )
        return [ArchivePeriod(start.date(), counts[start]) for start in periods]

    def get_dated_items(self):
        try:
            return super().get_dated_items()
        except (ValueError, OverflowError):
            # A date like 2026-02-30 in the address, or 9999-12-31, whose next day
            # (the end of the range Django looks up) is past the last date there is.
            raise Http404("No such date.") from None


class YearArchive(ArchiveMixin, YearArchiveView):
    make_object_list = True


class MonthArchive(ArchiveMixin, MonthArchiveView):
    pass


class DayArchive(ArchiveMixin, DayArchiveView):
    pass


# Search ---------------------------------------------------------------------------


class SearchView(PublishedArticlesMixin, ListView):
    """Full-text search over published stories, best match first.

    The paginator counts and slices the ranked ids; the page's stories are then
    loaded like any list's: four queries whatever the query.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"
    query_params = ("q", "page")

    def get_paginate_by(self, queryset):
        return settings.NEWSROOM_PAGE_SIZE

    def get_queryset(self):
        self.query = search.clean_query(self.request.GET.get("q", ""))
        ranked = search.ranked_matches(self.query)
        return Article.objects.none() if ranked is None else ranked

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        stories = (
            search.in_order(
                list(context["page_obj"].object_list), self.published_articles()
            )
            if context["paginator"].count
            else []
        )
        context["articles"] = context["object_list"] = stories
        if self.query and not stories:
            # Something to read instead of a dead end: headlines only, one query.
            context["latest"] = (
                Article.objects.published()
                .newest_first()
                .only("headline", "slug", "language", "published_at")[:5]
            )
        return context


# A story --------------------------------------------------------------------------


def people_and_tags(article: Article) -> tuple[list, list]:
    """The story's people (each once, with all their roles, in story order) and
    its tags (by name), in one query: a UNION ALL keeps the page within budget."""
    people = (
        ArticlePerson.objects.filter(article_id=article.pk)
        .order_by()
        .values_list(
            Value("p"),
            "person_id",
            "person__name",
            "person__slug",
            "person__description",
            "role",
            "position",
            "pk",
        )
    )
    tags = (
        TaggedArticle.objects.filter(content_object_id=article.pk)
        .order_by()
        .values_list(
            Value("t"),
            "tag_id",
            "tag__name",
            "tag__slug",
            Value(""),
            Value(""),
            Value(0),
            "pk",
        )
    )
    rows = sorted(people.union(tags, all=True), key=lambda row: (row[6], row[7]))
    labels = dict(ArticlePerson.Role.choices)
    grouped: dict[int, tuple[Person, list[str]]] = {}
    tag_list = []
    for kind, pk, name, slug, description, role, _, _ in rows:
        if kind == "t":
            tag_list.append(Tag(pk=pk, name=name, slug=slug))
        else:
            person = Person(pk=pk, name=name, slug=slug, description=description)
            grouped.setdefault(pk, (person, []))[1].append(
                labels.get(role, role).lower()
            )
    tag_list.sort(key=lambda tag: tag.name.lower())
    return list(grouped.values()), tag_list


def related_stories(
    article: Article, *, people, tags, published, limit=RELATED_STORIES
):
    """The newest published stories that share a tag or a person with ``article``,
    found among the newest ``RELATED_SCAN`` published stories.

    SQLite (and PostgreSQL) walk the published index newest first and test each
    story with two index probes (``EXISTS``), stopping at the ``limit``-th match:
    about a millisecond for the seed story, whose tags are on a quarter of 100,000
    stories (gathering every story of those tags and sorting them, as ``pk IN``
    subqueries made SQLite do, took 64 ms). A story whose tags and people are rare
    would make that walk read the whole index (0.2 s at 100,000 stories), so it
    stops at the publication time of the ``RELATED_SCAN``-th newest story: at
    most that many probes, whatever the story and however large the archive.

    ``published`` is the page's ``Article.objects.published()``: the story and its
    related stories are judged by the same rule at the same moment.
    """
    person_ids = [person.pk for person, _ in people]
    tag_ids = [tag.pk for tag in tags]
    if not person_ids and not tag_ids:
        return []
    # One EXISTS over both link tables: two EXISTS joined by OR made PostgreSQL hash
    # every link of the story's tags (51,853 rows for the seed story at 100,000
    # stories: 28 ms) instead of probing the few stories walked (under 1 ms).
    shared = Exists(
        TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
        .values(found=Value(1))
        .union(
            ArticlePerson.objects.filter(
                article=OuterRef("pk"), person_id__in=person_ids
            ).values(found=Value(1)),
            all=True,
        )
    )
    # The bound only limits the walk; visibility is the main filter's business.
    oldest_scanned = Coalesce(
        Subquery(
            published.order_by("-published_at").values("published_at")[
                RELATED_SCAN - 1 : RELATED_SCAN
            ]
        ),
        Value(EARLIEST),
    )
    stories = (
        published.filter(shared, published_at__gte=oldest_scanned)
        .newest_first()
        .only("headline", "slug", "language", "published_at")[: limit + 1]
    )
    # The story itself is dropped here rather than with a NOT in the query.
    return [story for story in stories if story.pk != article.pk][:limit]


class ArticleDetailView(DetailView):
    """A story: the story and its photos, its people and tags, related stories,
    and the breadcrumb to its section."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Built once: the story and its related stories are judged by the same
        # rule at the same moment (and the ORM builds the filter only once).
        self.published = Article.objects.published()

    def get_queryset(self):
        # A lookup by slug: no newest-first order to build only for get() to drop.
        return self.published.select_related("agency", "section").prefetch_related(
            placements_prefetch()
        )

    def get_context_data(self, **kwargs):
        people, tags = people_and_tags(self.object)
        related = related_stories(
            self.object, people=people, tags=tags, published=self.published
        )
        return super().get_context_data(
            people=people, tags=tags, related=related, **kwargs
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


# Killed stories, old addresses and the staff preview -------------------------------


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
        return permanent_redirect(request, target.get_absolute_url())
    raise Http404("No story here.")


def permanent_redirect(request, location: str) -> HttpResponsePermanentRedirect:
    """A 301 to ``location`` for an old address. The query string goes along
    (campaign tags, a partner's parameters), as Django's own slash redirect keeps
    it."""
    if query := request.META.get("QUERY_STRING", ""):
        location += f"?{iri_to_uri(query)}"
    return HttpResponsePermanentRedirect(location)


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
            placements_prefetch(), "corrections"
        ),
        guid=guid,
    )
    people, tags = people_and_tags(article)
    response = TemplateResponse(
        request,
        "articles/preview.html",
        {
            "article": article,
            "preview_state": article.state_label(),
            "people": people,
            "tags": tags,
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
