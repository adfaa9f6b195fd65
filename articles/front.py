"""What every public page shows around its content: the sections in the navigation,
the breaking-news banner, and the arranged top stories of the home and section pages.

All of it is read in one query (a UNION ALL) and kept in the page cache under the
content generation (``articles.caching``), so a page pays one cache read for it.
Any change to a section, banner, arrangement or story moves the generation on; a
banner's start and expiry and an arrangement going live are in the cache's
schedule, so no page or furniture outlives them.

The furniture holds story ids only. Pages load those stories through
``Article.objects.published()`` at request time, so a slot whose story is killed,
unpublished or embargoed is skipped at once. The banner is kept only while its
story is published (its publication time and embargo are in the schedule too).
"""

from dataclasses import dataclass, field

from django.db.models import (
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from . import caching
from .models import Arrangement, ArrangementSlot, Article, Banner, Section

FURNITURE_KEY = "newsroom:front:v1:{generation}"
HOME = 0  # the home page's place in ``Furniture.arranged`` (sections use their pk)


@dataclass(frozen=True)
class NavSection:
    pk: int
    name: str
    slug: str
    description: str

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class ShownBanner:
    text: str
    url: str


@dataclass(frozen=True)
class Furniture:
    sections: tuple[NavSection, ...] = ()
    banner: ShownBanner | None = None
    # Page (HOME or a section's pk) → the live arrangement's story ids, lead first.
    arranged: dict[int, tuple[int, ...]] = field(default_factory=dict)

    def section(self, slug: str) -> NavSection | None:
        return next((s for s in self.sections if s.slug == slug), None)


def live_arrangements(now):
    """For each page, the arrangement gone live most recently (the later one
    when two share a time)."""
    gone_live = Arrangement.objects.filter(goes_live_at__lte=now).annotate(
        page=Coalesce("section_id", Value(HOME))
    )
    newer = gone_live.filter(page=OuterRef("page")).filter(
        Q(goes_live_at__gt=OuterRef("goes_live_at"))
        | Q(goes_live_at=OuterRef("goes_live_at"), pk__gt=OuterRef("pk"))
    )
    return gone_live.filter(~Exists(newer))


def load(now=None) -> Furniture:
    """The furniture as of ``now``, in one query.

    Every branch of the UNION has the same column types (PostgreSQL matches them;
    SQLite does not care): kind, id, two texts, two numbers, a text, a time.
    """
    now = now or timezone.now()
    no_time = Value(None, output_field=DateTimeField())
    zero = Value(0, output_field=IntegerField())
    sections = Section.objects.order_by().values_list(
        Value("s"), "pk", "name", "slug", "order", zero, "description", no_time
    )
    visible = Article.objects.published(now).filter(pk=OuterRef("article_id"))
    banners = (
        Banner.objects.live(now)
        .filter(Exists(visible))
        .order_by()
        .values_list(
            Value("b"),
            "pk",
            "text",
            Subquery(visible.values("slug")[:1]),
            zero,
            zero,
            Value(""),
            "starts_at",
        )
    )
    slots = (
        ArrangementSlot.objects.filter(
            arrangement__in=live_arrangements(now).values("pk")
        )
        .order_by()
        .values_list(
            Value("a"),
            "article_id",
            Value(""),
            Value(""),
            "position",
            Coalesce("arrangement__section_id", Value(HOME)),
            Value(""),
            no_time,
        )
    )
    rows = list(sections.union(banners, slots, all=True))
    nav = sorted(
        (row for row in rows if row[0] == "s"), key=lambda r: (r[4], r[2].lower())
    )
    banner_rows = sorted(
        (row for row in rows if row[0] == "b"), key=lambda r: (r[7], r[1])
    )
    arranged: dict[int, list[tuple[int, int]]] = {}
    for _, article_id, _, _, position, page, _, _ in (r for r in rows if r[0] == "a"):
        arranged.setdefault(int(page), []).append((position, article_id))
    banner = None
    if banner_rows:
        _, _, text, slug, *_ = banner_rows[-1]
        banner = ShownBanner(text, reverse("articles:detail", kwargs={"slug": slug}))
    return Furniture(
        sections=tuple(NavSection(r[1], r[2], r[3], r[6]) for r in nav),
        banner=banner,
        arranged={
            page: tuple(article_id for _, article_id in sorted(slots))
            for page, slots in arranged.items()
        },
    )


def furniture(request) -> Furniture:
    """The furniture for this request: from the page cache under the current
    content generation, or loaded (one query) and kept there as long as a page
    made now may be kept."""
    cached = getattr(request, "front_furniture", None)
    if cached is not None:
        return cached
    moment, state = caching._lookup(request)
    key = FURNITURE_KEY.format(generation=state.generation)
    ttl = state.ttl(moment.timestamp())
    found = None
    if ttl > 0:
        try:
            found = caching.page_cache().get(key)
        except Exception as exc:  # the cache's own connection errors
            caching.cache_unreachable(exc)
            ttl = 0
    if found is None:
        found = load(moment)
        if ttl > 0:
            try:
                caching.page_cache().set(key, found, ttl)
            except Exception as exc:  # as above: the page is made all the same
                caching.cache_unreachable(exc)
    request.front_furniture = found
    return found
